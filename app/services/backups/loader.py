"""Insert an archive member's rows into the target, the fastest way each database offers.

A restore writes every row of the base, millions of them, so the rows skip
SQLAlchemy's statement building and go straight to the driver:

* SQLite, a table of plain kinds (integers, text, flags, amounts, dates,
  times): a batch of lines goes to SQLite as one JSON array and SQLite takes
  each value out of it itself (``json_each``).  The archive's text of a time
  is the text SQLAlchemy stores, a flag's ``true`` becomes 1, and an
  amount's decimal text becomes the number a NUMERIC column keeps: the
  stored values are the ones SQLAlchemy would write.
* PostgreSQL, the same kinds, no column pointing at its own table: the
  batch goes as one ``jsonb`` array and PostgreSQL casts each value from its
  JSON text (a time's text, ``true``, an amount's exact decimal text).
* anything else (JSON or file content, a column pointing at its own table):
  each value goes through exactly the conversion SQLAlchemy would apply for
  the column (the type's bind processor); PostgreSQL takes the rows by
  ``COPY … FROM STDIN`` (psycopg), SQLite by the driver's executemany.

A column that points at its own table (a party merged into another, a
region's parent, a representative in the same case) may point at a row that
comes later.  On SQLite foreign keys are checked once after the load, so
that is fine; on PostgreSQL such values are inserted empty and set once the
whole table is in, together with the row's change stamp (which an UPDATE
would otherwise set to now).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import Connection, Table, bindparam, update

from app.domain.text import _
from app.services.backups import archive_format as fmt
from app.services.backups.errors import BackupCancelled, BackupDamaged, RestoreRefused
from app.services.backups.lines import SQL_FORMS
from app.services.backups.reader import iter_lines
from app.store.models import Base

UPDATE_BATCH = 2000
DECODE_ERRORS = (ValueError, TypeError, KeyError)
"""What a line that is not the row the manifest describes raises while decoded."""
Progress = Callable[[int, int], None]


def load_table(conn: Connection, archive: Any, entry: fmt.TableEntry, done: int, total: int,
               progress: Progress | None, cancelled: Callable[[], bool] | None) -> int:
    """Insert every row of one member; returns the running count of rows loaded."""
    table = Base.metadata.tables.get(entry.name)
    names = [n for n, _k in entry.columns]
    if table is None or any(n not in table.c for n in names):
        raise RestoreRefused(_("备份中的表 {table} 与本程序的结构不符，无法恢复").format(
            table=entry.name))
    kinds = [k for _n, k in entry.columns]

    def batches() -> Iterator[list[bytes]]:
        nonlocal done
        for batch in iter_lines(archive, entry):
            if cancelled is not None and cancelled():
                raise BackupCancelled(_("恢复已取消，目标未被改动"))
            yield batch
            done += len(batch)
            if progress is not None:
                progress(done, total)

    dialect = conn.dialect.name
    plain = all(k in SQL_FORMS for k in kinds)
    try:
        if dialect == "sqlite" and plain:
            _sqlite_from_json(conn, table, names, batches())
        elif (dialect == "postgresql" and plain
              and not any(_refers_to_itself(table, n) for n in names)):
            _postgresql_from_json(conn, table, names, kinds, batches())
        else:
            _from_values(conn, table, names, kinds, batches())
    except DECODE_ERRORS as exc:
        raise BackupDamaged(_("备份中的 {member} 有一行无法读取：{reason}").format(
            member=entry.member, reason=exc)) from exc
    return done


def _sqlite_from_json(conn: Connection, table: Table, names: list[str],
                      batches: Iterator[list[bytes]]) -> None:
    """SQLite takes the values out of the lines itself: one statement per batch."""
    quote = conn.dialect.identifier_preparer.quote
    values = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(names)))
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
           f"SELECT {values} FROM json_each(?)")
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        for batch in batches:
            text = b"[" + b",".join(batch) + b"]"
            cursor.execute(sql, (text.decode("utf-8"),))
            if cursor.rowcount != len(batch):
                raise ValueError(f"{cursor.rowcount} rows for {len(batch)} lines")
    finally:
        cursor.close()


PG_CASTS = {"int": "::bigint", "bool": "::boolean", "decimal": "::numeric", "date": "::date",
            "datetime": "::timestamp", "text": ""}
"""PostgreSQL: the type a value of each kind is read as from its JSON text (then assigned)."""


def _postgresql_from_json(conn: Connection, table: Table, names: list[str], kinds: list[str],
                          batches: Iterator[list[bytes]]) -> None:
    """PostgreSQL takes the values out of the lines itself (``jsonb``): one statement per batch."""
    quote = conn.dialect.identifier_preparer.quote
    values = ", ".join(f"(row ->> {i}){PG_CASTS[k]}" for i, k in enumerate(kinds))
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
           f"SELECT {values} FROM jsonb_array_elements(%s::jsonb) AS row")
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        for batch in batches:
            cursor.execute(sql, ((b"[" + b",".join(batch) + b"]").decode("utf-8"),))
            if cursor.rowcount != len(batch):
                raise ValueError(f"{cursor.rowcount} rows for {len(batch)} lines")
    finally:
        cursor.close()


def _from_values(conn: Connection, table: Table, names: list[str], kinds: list[str],
                 batches: Iterator[list[bytes]]) -> None:
    """Decode each line, convert as SQLAlchemy binds; COPY on PostgreSQL, else executemany."""
    decode = fmt.row_values(kinds)
    copying = conn.dialect.name == "postgresql"
    later = [i for i, n in enumerate(names) if copying and _refers_to_itself(table, n)]
    stamped = [i for i, n in enumerate(names) if table.c[n].onupdate is not None]
    key = names.index("id") if later else -1
    dialect = conn.dialect
    processors = [(i, p) for i, n in enumerate(names)
                  if (p := table.c[n].type.dialect_impl(dialect).bind_processor(dialect))]
    pending: list[dict[str, Any]] = []

    def rows_of(batch: list[bytes]) -> list[tuple[Any, ...]]:
        rows = []
        for line in batch:
            values = decode(line)
            if later and any(values[i] is not None for i in later):
                pending.append({"key": values[key],
                                **{names[i]: values[i] for i in later + stamped}})
                for i in later:
                    values[i] = None
            for i, process in processors:
                values[i] = process(values[i])
            rows.append(tuple(values))
        return rows

    quote = dialect.identifier_preparer.quote
    columns = ", ".join(quote(n) for n in names)
    if copying:
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            with cursor.copy(f"COPY {quote(table.name)} ({columns}) FROM STDIN") as copy:
                for batch in batches:
                    for row in rows_of(batch):
                        copy.write_row(row)
        finally:
            cursor.close()
    else:
        sql = (f"INSERT INTO {quote(table.name)} ({columns}) "
               f"VALUES ({', '.join(['?'] * len(names))})")
        for batch in batches:
            conn.exec_driver_sql(sql, rows_of(batch))
    if pending:
        _set_later(conn, table, [names[i] for i in later + stamped], pending)


def _refers_to_itself(table: Table, column: str) -> bool:
    return any(fk.column.table is table for fk in table.c[column].foreign_keys)


def _set_later(conn: Connection, table: Table, columns: list[str],
               pending: list[dict[str, Any]]) -> None:
    statement = (update(table).where(table.c.id == bindparam("key"))
                 .values({c: bindparam(c) for c in columns}))
    for start in range(0, len(pending), UPDATE_BATCH):
        conn.execute(statement, pending[start:start + UPDATE_BATCH])
