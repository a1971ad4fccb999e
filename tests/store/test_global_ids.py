"""Every synced row has a stable global id (a UUID), from migration 0008 on.

Rows that existed before the upgrade get one each; new rows get one whether
the ORM writes them or plain SQL does (the bulk writers); two rows never
share one.
"""

from __future__ import annotations

import re
import uuid

from sqlalchemy import inspect, select, text

from app.services.security.users import SYSTEM
from app.services.uow import UnitOfWork
from app.store import schema
from app.store.database import Database
from app.store.models import Region
from app.store.models.report_cache import data_tables

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def _global_ids(db: Database) -> list[str]:
    with db.engine.connect() as conn:
        return list(conn.execute(text("SELECT global_id FROM regions ORDER BY id")).scalars())


def test_existing_rows_are_filled_and_new_rows_get_one(any_url: str) -> None:
    db = Database(any_url)
    schema.upgrade(db.engine, "0007")
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO regions (code, name, level, version, created_at) "
                          "VALUES (:code, :name, 'village', 1, CURRENT_TIMESTAMP)"),
                     [{"code": f"33{i:04d}", "name": f"村{i}"} for i in range(50)])
    schema.upgrade(db.engine)
    filled = _global_ids(db)
    assert len(filled) == len(set(filled)) == 50
    assert all(UUID.match(value) for value in filled)

    with db.engine.begin() as conn:  # a bulk writer's plain INSERT names no global_id
        conn.execute(text("INSERT INTO regions (code, name, level, version, created_at) "
                          "VALUES ('339999', '新村', 'village', 1, CURRENT_TIMESTAMP)"))
    with UnitOfWork(db, SYSTEM) as uow:
        uow.session.add(Region(code="338888", name="另一村", level="village"))
        uow.commit()
    with db.session() as s:
        newest = s.scalars(select(Region.global_id).order_by(Region.id.desc()).limit(2)).all()
    assert all(uuid.UUID(value).version == 4 for value in newest)
    everything = _global_ids(db)
    assert len(everything) == len(set(everything)) == 52
    db.dispose()


def test_every_synced_table_has_a_unique_global_id(migrated_url: str) -> None:
    db = Database(migrated_url)
    synced = [t for t in data_tables() if "version" in t.c]  # the report cache is derived
    assert len(synced) >= 30 and all("global_id" in t.c for t in synced)
    with db.engine.connect() as conn:
        inspector = inspect(conn)
        for table in synced:
            unique = [i for i in inspector.get_indexes(table.name)
                      if i["column_names"] == ["global_id"] and i["unique"]]
            assert unique, table.name
    db.dispose()
