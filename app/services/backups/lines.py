"""A table's rows as the archive's lines, in batches; on SQLite, SQLite writes most lines itself.

Every row of the base passes through here on a backup, on the fingerprint of
a live base and on a restore's read-back, so this is where a backup spends
its time.  The generic way works for any database and column: rows come
through SQLAlchemy and each is encoded in Python (archive_format.row_encoder).
On SQLite, most tables hold only integers, text, flags, amounts and times,
and SQLite already stores a time as the text the archive writes; there SQLite
builds each line itself (``json_array``, in C) and Python only joins them:
three to four times less work per row.

Both ways must give the same bytes, or a backup made on SQLite would not
restore into PostgreSQL (the read-back there is generic).  So the SQL way
takes a row only when every value has the storage class it is proven equal
for (tests/services/test_backups_lines.py): integers as integers, text as
text, a flag as 0/1, an amount as SQLAlchemy stores it, a date as
``YYYY-MM-DD``, a time as ``YYYY-MM-DD HH:MM:SS[.ffffff]``.  Any other row (a
fraction in an integer column, a time written by hand as ``…T…``) comes back
as its id, and that row is read and encoded the generic way instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Column, Connection, Dialect, Table

from app.services.backups import archive_format as fmt
from app.services.backups.snapshot import BATCH, read_rows

_DAY = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
_TIME = f"{_DAY} [0-9][0-9]:[0-9][0-9]:[0-9][0-9]"
SQL_FORMS: dict[str, tuple[str, str | None]] = {
    "int": ("{c}", None),
    "text": ("{c}", None),
    "bool": ("CASE WHEN {c} THEN json('true') WHEN {c} IS NOT NULL THEN json('false') END",
             "typeof({c}) IN ('integer', 'null')"),
    "decimal": ("CASE typeof({c}) WHEN 'integer' THEN CAST({c} AS TEXT) "
                "WHEN 'real' THEN rtrim(rtrim(printf('%.{s}f', {c}), '0'), '.') END",
                "(typeof({c}) IN ('integer', 'null') OR (typeof({c}) = 'real' AND {c} != 0 "
                "AND abs({c}) < 1e12 AND CAST(printf('%.{s}f', {c}) AS REAL) = {c}))"),
    "date": ("{c}", f"coalesce({{c}} GLOB '{_DAY}', 1)"),
    "datetime": ("CASE WHEN length({c}) = 19 THEN {c} || '.000000' ELSE {c} END",
                 f"coalesce({{c}} GLOB '{_TIME}.[0-9][0-9][0-9][0-9][0-9][0-9]' "
                 f"OR {{c}} GLOB '{_TIME}', 1)"),
}
"""Per kind: SQLite's expression for the archive's value, and when it equals the generic form.

``{c}`` is the column, ``{s}`` an amount's scale.  Checks that would cost
as much as the line itself are left out where the storage already decides:

* integers: one check per row that no integer column holds a fraction
  (their sum stays an integer);
* text in a column of TEXT affinity is text (or a blob, which both ways
  refuse loudly);
* an amount is a whole number, or the double nearest to a value with
  ``{s}`` decimals (SQLAlchemy's form), which SQLite and Python print alike;
* a date or time must have the digits of the archive's form; whether it is
  a real calendar day is not asked (Python would refuse 30 February when
  reading; SQLite copies it, and a restore reports the line as damaged).
"""
TEXT_AFFINITY = ("CHAR", "CLOB", "TEXT")
"""SQLite's rule: a declared type naming one of these (and not INT) stores text as text."""
MAX_SCALE = 4
"""Decimals of an amount SQLite prints exactly below 1e12 (16 significant digits)."""


def line_batches(conn: Connection, table: Table, columns: Sequence[Column[Any]],
                 ids: Sequence[int] | None = None) -> Iterator[tuple[int, bytes]]:
    """``(rows, their lines)`` in primary-key order, about :data:`BATCH` rows at a time.

    ``ids`` (sorted) restricts the read to those rows of a table keyed by ``id``.
    """
    kinds = [fmt.column_kind(c) for c in columns]
    if ids is None and sqlite_writes_lines(conn.dialect, table, columns, kinds):
        yield from _sqlite_lines(conn, table, columns, kinds)
        return
    encode = fmt.row_encoder(kinds)
    for batch in read_rows(conn, table, columns, ids):
        yield len(batch), b"".join([encode(row) for row in batch])


def sqlite_writes_lines(dialect: Dialect, table: Table, columns: Sequence[Column[Any]],
                        kinds: Sequence[str]) -> bool:
    """Whether SQLite can build this table's lines: kinds it knows, keyed by ``id``.

    Integers and text must reach Python untouched (no type of ours converts
    them on the way out), or the generic form would differ; an amount needs
    a scale SQLite prints exactly.
    """
    if dialect.name != "sqlite" or [c.name for c in table.primary_key.columns] != ["id"]:
        return False
    if not any(c.name == "id" for c in columns):
        return False
    for column, kind in zip(columns, kinds, strict=True):
        if kind not in SQL_FORMS:
            return False
        if kind == "decimal" and getattr(column.type, "scale", None) not in range(MAX_SCALE + 1):
            return False
        impl = column.type.dialect_impl(dialect)
        if kind in ("int", "text") and impl.result_processor(dialect, None) is not None:
            return False
    return True


def _line_query(conn: Connection, table: Table, columns: Sequence[Column[Any]],
                kinds: Sequence[str]) -> str:
    """One value per row: its line as a blob, or its id when the generic way must write it."""
    quote = conn.dialect.identifier_preparer.quote
    declared = {str(name): str(kind).upper() for _n, name, kind, *_rest in conn.exec_driver_sql(
        f"PRAGMA table_info({quote(table.name)})")}
    values, checks, integers = [], [], []
    for column, kind in zip(columns, kinds, strict=True):
        value, check = SQL_FORMS[kind]
        names = {"c": quote(column.name), "s": getattr(column.type, "scale", None)}
        values.append(value.format(**names))
        if kind == "int":
            integers.append(f"coalesce({names['c']}, 0)")
        elif kind == "text" and not _text_affinity(declared.get(column.name, "")):
            checks.append("typeof({c}) IN ('text', 'null')".format(**names))
        elif check is not None:
            checks.append(check.format(**names))
    if integers:
        checks.append(f"typeof({' + '.join(integers)}) = 'integer'")
    key = quote("id")
    return (f"SELECT CASE WHEN {' AND '.join(checks) or '1'} "
            f"THEN CAST(json_array({', '.join(values)}) AS BLOB) ELSE {key} END "
            f"FROM {quote(table.name)} ORDER BY {key}")


def _text_affinity(declared: str) -> bool:
    return "INT" not in declared and any(word in declared for word in TEXT_AFFINITY)


def _sqlite_lines(conn: Connection, table: Table, columns: Sequence[Column[Any]],
                  kinds: Sequence[str]) -> Iterator[tuple[int, bytes]]:
    # The driver's own cursor on the snapshot's connection: same transaction, same moment.
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(_line_query(conn, table, columns, kinds))
        while rows := cursor.fetchmany(BATCH):
            lines = [line for (line,) in rows]
            if odd := [key for key in lines if type(key) is int]:
                lines = _generic_lines(conn, table, columns, kinds, lines, odd)
            lines.append(b"")
            yield len(rows), b"\n".join(lines)
    finally:
        cursor.close()


def _generic_lines(conn: Connection, table: Table, columns: Sequence[Column[Any]],
                   kinds: Sequence[str], lines: list[Any], odd: list[int]) -> list[bytes]:
    """``lines`` with each id in ``odd`` replaced by that row's line, encoded the generic way."""
    encode = fmt.row_encoder(list(kinds))
    key = [c.name for c in columns].index("id")
    written = {row[key]: encode(row)[:-1]
               for batch in read_rows(conn, table, columns, sorted(odd)) for row in batch}
    return [written[line] if type(line) is int else line for line in lines]
