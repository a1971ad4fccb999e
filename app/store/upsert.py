"""``INSERT … ON CONFLICT`` for whichever database a connection talks to.

SQLite and PostgreSQL each have their own ``insert`` construct for it.  The
dialect modules are imported when an upsert is built, not when the store is
imported: an everyday SQLite start never loads PostgreSQL's (tens of
milliseconds of the start).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection


def upsert(conn: Connection, table: Any) -> Any:
    """An insert into ``table`` that offers ``on_conflict_do_nothing`` / ``_do_update``."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)
