"""Rows written with their shared values as literals are stored exactly as bound rows are.

app/services/imports/bulk.py ``insert_rows`` writes a value every row of a
chunk shares into the statement once instead of binding it per row.  These
tests hold that what SQLite stores (value and storage class) is what
``executemany`` with every value bound stores, for the awkward values:
quotes, NUL, long text, text in a numeric column, 1 beside True, floats,
large integers, None, and chunks where every value, or none, is shared.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import create_engine

from app.services.imports.bulk import insert_rows

COLUMNS = ("id", "word", "number", "flag", "amount", "note")
TABLE = ("CREATE TABLE t (id INTEGER PRIMARY KEY, word TEXT, number INTEGER, flag SMALLINT, "
         "amount NUMERIC(14, 2), note TEXT)")
QUOTED = "O'Brien 的 \"台账\"; DROP TABLE t; --"


def _stored(rows: list[tuple[Any, ...]], shared: bool) -> list[tuple[Any, ...]]:
    engine = create_engine("sqlite://")
    with engine.begin() as conn:
        conn.exec_driver_sql(TABLE)
        if shared:
            insert_rows(conn, "t", COLUMNS, rows)
        else:
            conn.exec_driver_sql(f"INSERT INTO t VALUES ({', '.join('?' * len(COLUMNS))})",
                                 rows)
        return [tuple(r) for r in conn.exec_driver_sql(
            "SELECT id, word, typeof(word), number, typeof(number), flag, typeof(flag), "
            "amount, typeof(amount), note, typeof(note) FROM t ORDER BY id")]


@pytest.mark.parametrize("rows", [
    [(n, QUOTED, 7, True, 0.1, None) for n in range(1, 6)],
    [(n, "123", "0042", False, 12000.0, "") for n in range(1, 4)],
    [(1, "甲", 1, True, 1.5, "x" * 300), (2, "甲", True, 1, 1.5, "x" * 300)],
    [(n, "a\0b", 2**62 + 5, None, None, "同一句话") for n in range(1, 4)],
    [(n, f"名{n}", n, n % 2 == 0, n / 3, f"备注{n}") for n in range(1, 9)],
    [(1, QUOTED, -3, False, -0.0, None)],
], ids=["quotes", "numeric-text", "one-beside-true", "nul-and-big", "nothing-shared", "one"])
def test_shared_values_are_stored_as_bound_values_are(rows: list[tuple[Any, ...]]) -> None:
    assert _stored(rows, shared=True) == _stored(rows, shared=False)


def test_an_empty_chunk_writes_nothing() -> None:
    assert _stored([], shared=True) == []

