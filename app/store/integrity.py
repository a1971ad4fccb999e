"""Ask the database itself whether its file is sound, before trusting anything read from it.

An audit check that reads a damaged SQLite file can walk an intact-looking
chain while pages of other tables are unreadable; the answer "intact" would
then be wrong.  SQLite checks itself (``PRAGMA integrity_check``: every page,
every index against its table).  PostgreSQL keeps its own pages consistent, so
there a full read of every table (each row turned to text, which also reads
the out-of-line TOAST values) is what can still fail on a damaged disk.
"""

from __future__ import annotations

from sqlalchemy import Connection, inspect, text


def damage(conn: Connection) -> str | None:
    """The database's first complaint about itself, or None when it finds nothing wrong.

    Errors the driver raises while reading (``database disk image is
    malformed``) propagate; the caller reports them as damage too.
    """
    if conn.dialect.name == "sqlite":
        rows = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check").all()]
        return None if rows == ["ok"] else rows[0]
    for table in inspect(conn).get_table_names():
        conn.execute(text(f'SELECT count(length(t::text)) FROM "{table}" AS t')).scalar()
    return None
