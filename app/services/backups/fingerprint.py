"""The fingerprint of a live case base: rows per table and one digest, as a backup records it.

Each table is read in primary-key order and written out in the archive's
byte form (lines.py, as a backup writes it) only to be hashed, so the same data
gives the same fingerprint on SQLite and on PostgreSQL, and a restore can
prove it reproduced exactly what the backup held.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Column, Connection, Table
from sqlalchemy.orm import Session

from app.services.backups import archive_format as fmt
from app.services.backups.lines import line_batches
from app.services.backups.snapshot import snapshot
from app.services.security.access import require
from app.services.security.users import UserInfo
from app.store.database import Database
from app.store.models.report_cache import data_tables


def table_fingerprint(conn: Connection, tables: Sequence[tuple[Table, Sequence[Column[Any]]]],
                      progress: Callable[[int], None] | None = None) -> fmt.Fingerprint:
    """The fingerprint of ``tables`` (each with the columns an archive of it carries)."""
    parts = []
    for table, columns in tables:
        digest, rows = hashlib.sha256(), 0
        for count, chunk in line_batches(conn, table, columns):
            digest.update(chunk)
            rows += count
            if progress is not None:
                progress(count)
        parts.append((table.name, rows, digest.hexdigest()))
    return fmt.fingerprint_of(parts)


def casebase_fingerprint(db: Database, actor: UserInfo) -> fmt.Fingerprint:
    """The whole base's fingerprint as of one moment (compare with a backup's manifest)."""
    with snapshot(db) as conn:
        with Session(conn) as session:
            require(session, actor, "casebase.backup")
        return table_fingerprint(conn, [(t, fmt.table_columns(t))
                                        for t in data_tables()])
