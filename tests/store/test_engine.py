"""Engine set-up: SQLite durability pragmas, and clear refusals of unusable URLs."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.store.database import Database
from app.store.engine import DatabaseUrlError, parse_url


def test_sqlite_pragmas(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2
    db.dispose()


@pytest.mark.parametrize(
    "url",
    ["not a url", "mysql://x@y/z", "sqlite://", "sqlite:///:memory:", "oracle://a@b/c"],
)
def test_unusable_urls_are_refused(url: str) -> None:
    with pytest.raises(DatabaseUrlError):
        parse_url(url)


def test_plain_postgresql_url_uses_psycopg3() -> None:
    assert parse_url("postgresql://u:p@h/db").drivername == "postgresql+psycopg"


def test_display_name_hides_password() -> None:
    db = Database("postgresql://clerk:secret@10.0.0.5/cases")
    assert "secret" not in db.display_name
    assert "clerk" in db.display_name
