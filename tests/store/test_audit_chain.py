"""The audit trail records every change and proves when an entry was altered."""

from __future__ import annotations

import json

from sqlalchemy import func, select, text

from app.services.uow import UnitOfWork
from app.store.audit_log import verify_chain
from app.store.database import Database
from app.store.models import AuditEntry, Region
from tests.services.fixtures import acting


def _make_history(db: Database) -> None:
    with UnitOfWork(db, acting("alice")) as uow:
        uow.session.add(Region(code="330225", name="象山县", level="county"))
        uow.session.add(Region(code="330226", name="宁海县", level="county"))
        uow.commit()
    with UnitOfWork(db, acting("bob")) as uow:
        region = uow.session.execute(select(Region).where(Region.code == "330225")).scalar_one()
        region.name = "象山"
        uow.commit()
    with UnitOfWork(db, acting("carol")) as uow:
        region = uow.session.execute(select(Region).where(Region.code == "330226")).scalar_one()
        uow.session.delete(region)
        uow.commit()


def test_every_change_is_recorded_with_before_and_after(db: Database) -> None:
    _make_history(db)
    with db.session() as s:
        entries = s.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars().all()
    assert [(e.user_login, e.action) for e in entries] == [
        ("alice", "insert"), ("alice", "insert"), ("bob", "update"), ("carol", "delete"),
    ]
    update = entries[2]
    assert json.loads(update.before)["name"] == "象山县"
    assert json.loads(update.after)["name"] == "象山"
    assert json.loads(entries[3].before)["code"] == "330226"


def test_rolled_back_action_leaves_no_audit(db: Database) -> None:
    with UnitOfWork(db, acting("alice")) as uow:
        uow.session.add(Region(code="1", name="x", level="county"))
        uow.session.flush()
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == 0
        assert s.scalar(select(func.count()).select_from(Region)) == 0


def test_intact_chain_verifies(db: Database) -> None:
    _make_history(db)
    with db.engine.connect() as conn:
        count, broken = verify_chain(conn)
    assert (count, broken) == (4, None)


def test_tampered_entry_is_named(db: Database) -> None:
    _make_history(db)
    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE audit_entries SET after = :v WHERE id = 3"),
            {"v": json.dumps({"name": "伪造"}, ensure_ascii=False)},
        )
    with db.engine.connect() as conn:
        count, broken = verify_chain(conn)
    assert count == 2
    assert broken is not None and broken.entry_id == 3


def test_deleted_entry_breaks_the_chain(db: Database) -> None:
    _make_history(db)
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_entries WHERE id = 2"))
    with db.engine.connect() as conn:
        _count, broken = verify_chain(conn)
    assert broken is not None and broken.entry_id == 3
