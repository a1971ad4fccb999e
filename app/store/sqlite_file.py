"""Looking inside a SQLite file before the program's engine touches it.

The engine's connection set-up switches a file to WAL mode, which rewrites
its header; so whether an existing file is a Tiaojie case base at all is
asked first over a separate read-only connection (``mode=ro``), and a file
that is not one is refused byte-identical, its journal mode included.

A WAL-mode file whose ``-wal`` file is absent has no writer at work and all
its content in the main file, so it is read ``immutable`` (no lock, no
``-shm``/``-wal`` files created beside someone else's database); any other
file (or one that looked damaged that way, since a writer may have started
meanwhile) is read with the normal shared lock, which writes nothing.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

HEADER = b"SQLite format 3\x00"
WAL_HEADER_VERSION = 2
VERSION_TABLE = "alembic_version"


@dataclass(frozen=True)
class FileContents:
    """What an existing SQLite file holds: its tables and its Tiaojie schema revision."""

    tables: frozenset[str]
    revision: str | None


def _wal_without_log(path: Path) -> bool:
    with path.open("rb") as handle:
        header = handle.read(20)
    wal_file = path.with_name(path.name + "-wal")
    return (header.startswith(HEADER) and header[18] == header[19] == WAL_HEADER_VERSION
            and not wal_file.exists())


def read_contents(path: Path) -> FileContents | None:
    """The tables and revision of the file at ``path``; None if it is missing or empty.

    Raises :class:`sqlite3.DatabaseError` for a file that is not a SQLite
    database or is damaged; nothing is written either way.
    """
    if not path.is_file() or path.stat().st_size == 0:
        return None
    if _wal_without_log(path):
        try:
            return _read(path, "mode=ro&immutable=1")
        except sqlite3.DatabaseError:
            pass  # a writer may have started meanwhile: look again, under its lock
    return _read(path, "mode=ro")


def _read(path: Path, options: str) -> FileContents:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?{options}", uri=True, timeout=30)
    try:
        tables = frozenset(name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%'"
            " ESCAPE '\\'"))
        revision = None
        if VERSION_TABLE in tables:
            row = conn.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
            revision = row[0] if row else None
        return FileContents(tables, revision)
    finally:
        conn.close()
