"""One consistent view of a case base while others keep working, read in batches.

SQLite (WAL): every read of one transaction sees the database as of its
first read, and writers carry on meanwhile.  PostgreSQL: one REPEATABLE READ
READ ONLY transaction, the same guarantee.  Rows come from the driver in
batches of :data:`BATCH`, so memory stays flat whatever the table's size.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Column, Connection, Table, func, select

from app.store.database import Database

BATCH = 2000
ID_CHUNK = 900
"""Keys per ``IN (...)`` when reading chosen rows (under SQLite's parameter limit)."""


@contextmanager
def snapshot(source: Database) -> Iterator[Connection]:
    """A connection inside one read transaction that sees a single moment of the database."""
    with source.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ",
                                          postgresql_readonly=True)
        with conn.begin():
            yield conn


def primary_key(table: Table) -> list[Column[Any]]:
    """The columns rows are ordered by (the primary key; every table has one)."""
    return list(table.primary_key.columns)


def count_rows(conn: Connection, table: Table, ids: Sequence[int] | None = None) -> int:
    """How many rows a read of ``table`` (all, or just ``ids``) will yield."""
    if ids is not None:
        return len(ids)
    return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def read_rows(conn: Connection, table: Table, columns: Sequence[Column[Any]],
              ids: Sequence[int] | None = None) -> Iterator[Sequence[Any]]:
    """Batches of rows (value tuples in ``columns`` order) in primary-key order.

    ``ids`` (sorted) restricts the read to those rows of a table keyed by ``id``.
    """
    order = primary_key(table)
    if ids is None:
        result = conn.execute(select(*columns).order_by(*order)
                              .execution_options(yield_per=BATCH))
        for part in result.partitions():
            yield [tuple(r) for r in part]
        return
    for start in range(0, len(ids), ID_CHUNK):
        chunk = ids[start:start + ID_CHUNK]
        rows = conn.execute(select(*columns).where(table.c.id.in_(chunk)).order_by(*order))
        yield [tuple(r) for r in rows]
