"""Inside the database the audit trail only grows: triggers, and on PostgreSQL privileges.

The statements are raw SQL, as anyone with a database client would type
them, not calls into the program.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from app.store.audit_chain import BASE_CHAIN
from app.store.database import Database
from app.store.models.audit import audit_heads
from tests.conftest import ON_CI
from tests.store.test_audit_chain import check, entries, make_history

README_GRANTS = """
GRANT CONNECT ON DATABASE "{database}" TO {role};
GRANT USAGE ON SCHEMA public TO {role};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role};
REVOKE UPDATE, DELETE, TRUNCATE ON audit_entries FROM {role};
REVOKE DELETE, TRUNCATE ON audit_heads FROM {role};
"""
"""The server setup README.md gives for the application's login role."""


def _refused(db: Database, sql: str) -> str:
    with pytest.raises(DBAPIError) as caught, db.engine.begin() as conn:
        conn.execute(text(sql))
    return str(caught.value.orig)


@pytest.mark.parametrize("sql", [
    "UPDATE audit_entries SET user_login = 'someone' WHERE id = 2",
    "UPDATE audit_entries SET after = NULL",
    "DELETE FROM audit_entries WHERE id = 4",
    "DELETE FROM audit_entries",
])
def test_entries_refuse_update_and_delete(db: Database, sql: str) -> None:
    make_history(db)
    before = entries(db)
    assert "append-only" in _refused(db, sql)
    assert entries(db) == before
    assert check(db).findings == ()


def test_heads_only_move_forward(db: Database) -> None:
    make_history(db)
    chain = entries(db)[-1].chain
    for sql in (f"UPDATE audit_heads SET seq = seq - 1 WHERE chain = '{chain}'",
                f"UPDATE audit_heads SET hash = 'x' WHERE chain = '{chain}'",
                "UPDATE audit_heads SET origin = 'x'",
                f"UPDATE audit_heads SET seq = seq + 1 WHERE chain = '{BASE_CHAIN}'",
                "UPDATE audit_heads SET baseline = '{}'",
                "DELETE FROM audit_heads"):
        assert "append-only" in _refused(db, sql), sql
    with db.engine.begin() as conn:
        conn.execute(text(f"UPDATE audit_heads SET seq = seq + 1 WHERE chain = '{chain}'"))
    assert [f.kind for f in check(db).findings] == ["tail"]


@pytest.mark.pg
def test_truncate_is_refused_on_postgresql(migrated_pg_url: str) -> None:
    db = Database(migrated_pg_url)
    make_history(db)
    assert "append-only" in _refused(db, "TRUNCATE audit_entries")
    assert "append-only" in _refused(db, "TRUNCATE audit_heads")
    db.dispose()


@pytest.fixture
def app_role(migrated_pg_url: str) -> Iterator[tuple[str, str]]:
    """A login role set up as README.md says; (its URL, the owner's URL)."""
    owner = create_engine(migrated_pg_url, isolation_level="AUTOCOMMIT")
    with owner.connect() as conn:
        if not conn.execute(text("SELECT rolsuper OR rolcreaterole FROM pg_roles "
                                 "WHERE rolname = current_user")).scalar():
            if ON_CI:
                pytest.fail("the suite's own PostgreSQL login must be able to create roles")
            pytest.skip("the test server's login may not create roles")
        role = f"tiaojie_app_{uuid.uuid4().hex[:8]}"
        conn.execute(text(f"CREATE ROLE {role} LOGIN"))
        database = make_url(migrated_pg_url).database
        for statement in README_GRANTS.format(database=database, role=role).split(";"):
            if statement.strip():
                conn.execute(text(statement))
    try:
        yield make_url(migrated_pg_url).set(username=role).render_as_string(
            hide_password=False), migrated_pg_url
    finally:
        with owner.connect() as conn:
            conn.execute(text(f"DROP OWNED BY {role}"))
            conn.execute(text(f"DROP ROLE {role}"))
        owner.dispose()


@pytest.mark.pg
def test_application_role_writes_but_cannot_cut_the_trail(app_role: tuple[str, str]) -> None:
    app_url, _owner_url = app_role
    db = Database(app_url)
    try:
        make_history(db)
        assert len(entries(db)) == 4 and check(db).findings == ()
        for sql in ("DELETE FROM audit_entries", "UPDATE audit_entries SET after = NULL",
                    "TRUNCATE audit_entries", "DELETE FROM audit_heads",
                    "ALTER TABLE audit_entries DISABLE TRIGGER USER",
                    "DROP TRIGGER audit_entries_append_only ON audit_entries"):
            message = _refused(db, sql)
            assert "permission denied" in message or "must be owner" in message, sql
        with db.engine.connect() as conn:
            assert conn.execute(select(audit_heads.c.seq)
                                .where(audit_heads.c.chain == entries(db)[-1].chain)).scalar() == 4
    finally:
        db.dispose()
