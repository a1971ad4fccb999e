"""Schema only through Alembic: empty → head, down and up again, newer databases refused."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from app.store import schema
from app.store.database import Database
from app.store.models import Base
from tests.services.fixtures import acting


def test_upgrade_from_empty_creates_every_table(any_url: str) -> None:
    db = Database(any_url)
    assert schema.current_revision(db.engine) is None
    schema.upgrade(db.engine)
    assert schema.current_revision(db.engine) == schema.head_revision()
    tables = set(inspect(db.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    db.dispose()


def test_downgrade_and_upgrade_round_trip(any_url: str) -> None:
    db = Database(any_url)
    schema.upgrade(db.engine)
    schema.downgrade(db.engine, "base")
    assert schema.current_revision(db.engine) is None
    assert not set(Base.metadata.tables) & set(inspect(db.engine).get_table_names())
    schema.upgrade(db.engine)
    assert schema.current_revision(db.engine) == schema.head_revision()
    db.dispose()


def test_upgrade_is_idempotent(any_url: str) -> None:
    db = Database(any_url)
    schema.upgrade(db.engine)
    schema.upgrade(db.engine)
    assert schema.current_revision(db.engine) == schema.head_revision()
    db.dispose()


def test_database_from_newer_release_is_refused_untouched(migrated_url: str) -> None:
    db = Database(migrated_url)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff_future'"))
    with pytest.raises(schema.SchemaError, match="更新版本"):
        schema.upgrade(db.engine)
    assert schema.current_revision(db.engine) == "ffff_future"
    db.dispose()


def test_foreign_database_is_refused(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE cases (id INTEGER PRIMARY KEY)"))
    with pytest.raises(schema.SchemaError, match="不是调解台"):
        schema.upgrade(db.engine)
    db.dispose()


def test_models_match_migrations(any_url: str) -> None:
    """A model change without a migration would make this diff non-empty."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from app.store.search import include_name

    db = Database(any_url)
    schema.upgrade(db.engine)
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_name": include_name, "compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []
    db.dispose()


def test_upgrade_of_a_populated_database_keeps_its_rows(any_url: str) -> None:
    """A case base written by release 0001 (with cases and parties) upgrades to head."""
    from sqlalchemy import func, select

    from app.services.cases.intake import register_case
    from app.store import search
    from app.store.models import Case, CaseParty, Party
    from tests.services.fixtures import intake, seed_organisations

    db = Database(any_url)
    schema.upgrade(db.engine)
    seed_organisations(db)
    register_case(db, acting("clerk"), intake())
    schema.downgrade(db.engine, "0001")
    schema.upgrade(db.engine)
    assert schema.current_revision(db.engine) == schema.head_revision()
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 1
        assert s.scalar(select(func.count()).select_from(Party)) == 3
        assert s.scalar(select(func.count()).select_from(CaseParty)) == 3
    with db.engine.connect() as conn:
        assert search.find(conn, "case", "三丰") != []
        if db.backend == "sqlite":
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    db.dispose()
