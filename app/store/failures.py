"""Recognising the storage failures a user can act on, whichever driver reports them.

A full disk, a failing disk and a damaged file reach the program as driver
exceptions (sqlite3 result codes, PostgreSQL SQLSTATEs, ``OSError`` numbers)
wrapped by SQLAlchemy.  Each is one of a few *kinds*, and each kind has one
thing to do (free space, check the disk, restore a backup), so the layers
above turn the kind into one sentence instead of a traceback.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from typing import Literal

FailureKind = Literal["full", "io", "damaged", "readonly"]

SQLITE_KINDS: dict[int, FailureKind] = {
    13: "full",  # SQLITE_FULL
    10: "io",  # SQLITE_IOERR
    11: "damaged",  # SQLITE_CORRUPT: "database disk image is malformed"
    26: "damaged",  # SQLITE_NOTADB: "file is not a database"
    8: "readonly",  # SQLITE_READONLY
}
POSTGRESQL_KINDS: dict[str, FailureKind] = {
    "53100": "full",  # disk_full
    "58030": "io",  # io_error
    "XX001": "damaged",  # data_corrupted
    "XX002": "damaged",  # index_corrupted
}
OS_KINDS: dict[int, FailureKind] = {
    errno.ENOSPC: "full",
    getattr(errno, "EDQUOT", errno.ENOSPC): "full",
    errno.EIO: "io",
    errno.EROFS: "readonly",
}


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc``, the driver error SQLAlchemy wrapped, and the exceptions it was raised from."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [exc]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        orig = getattr(current, "orig", None)
        pending += [orig if isinstance(orig, BaseException) else None,
                    current.__cause__, current.__context__]


def failure_kind(exc: BaseException) -> FailureKind | None:
    """The kind of storage failure behind ``exc``, or None if it is something else."""
    for current in _chain(exc):
        if isinstance(current, sqlite3.Error):
            code = getattr(current, "sqlite_errorcode", None)
            if code is not None and code & 0xFF in SQLITE_KINDS:
                return SQLITE_KINDS[code & 0xFF]
        sqlstate = getattr(current, "sqlstate", None)
        if isinstance(sqlstate, str) and sqlstate in POSTGRESQL_KINDS:
            return POSTGRESQL_KINDS[sqlstate]
        if isinstance(current, OSError) and current.errno in OS_KINDS:
            return OS_KINDS[current.errno]
    return None
