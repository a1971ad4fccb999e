"""Insert an archive member's rows into the target, fast: the driver's executemany on tuples.

A restore writes every row of the base, millions of them; building a dict
per row and compiling SQLAlchemy's INSERT for each batch cost more than the
insert itself.  So each value goes through exactly the conversion SQLAlchemy
would apply for this column on this database (the type's bind processor:
SQLite's text form of a time, JSON serialised…) and the rows go to the
driver as plain tuples.

A column that points at its own table (a party merged into another, a
region's parent, a representative in the same case) may point at a row that
comes later; such values are inserted empty and set once the whole table is
in, together with the row's change stamp (which an UPDATE would otherwise
set to now).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Table, bindparam, update

from app.domain.text import _
from app.services.backups import archive_format as fmt
from app.services.backups.errors import BackupCancelled, RestoreRefused
from app.services.backups.reader import iter_lines
from app.store.models import Base

UPDATE_BATCH = 2000


def load_table(conn: Connection, archive: Any, entry: fmt.TableEntry, done: int, total: int,
               progress: Callable[[int, int], None] | None,
               cancelled: Callable[[], bool] | None) -> int:
    """Insert every row of one member; returns the running count of rows loaded."""
    table = Base.metadata.tables.get(entry.name)
    names = [n for n, _k in entry.columns]
    if table is None or any(n not in table.c for n in names):
        raise RestoreRefused(_("备份中的表 {table} 与本程序的结构不符，无法恢复").format(
            table=entry.name))
    decode = fmt.row_values([k for _n, k in entry.columns])
    later = [i for i, n in enumerate(names) if _refers_to_itself(table, n)]
    stamped = [i for i, n in enumerate(names) if table.c[n].onupdate is not None]
    key = names.index("id") if later else -1
    dialect = conn.dialect
    processors = [(i, p) for i, n in enumerate(names)
                  if (p := table.c[n].type.dialect_impl(dialect).bind_processor(dialect))]
    quote = dialect.identifier_preparer.quote
    mark = "?" if dialect.name == "sqlite" else "%s"
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
           f"VALUES ({', '.join([mark] * len(names))})")
    pending: list[dict[str, Any]] = []
    for batch in iter_lines(archive, entry):
        if cancelled is not None and cancelled():
            raise BackupCancelled(_("恢复已取消，目标未被改动"))
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
        conn.exec_driver_sql(sql, rows)
        done += len(rows)
        if progress is not None:
            progress(done, total)
    if pending:
        _set_later(conn, table, [names[i] for i in later + stamped], pending)
    return done


def _refers_to_itself(table: Table, column: str) -> bool:
    return any(fk.column.table is table for fk in table.c[column].foreign_keys)


def _set_later(conn: Connection, table: Table, columns: list[str],
               pending: list[dict[str, Any]]) -> None:
    statement = (update(table).where(table.c.id == bindparam("key"))
                 .values({c: bindparam(c) for c in columns}))
    for start in range(0, len(pending), UPDATE_BATCH):
        conn.execute(statement, pending[start:start + UPDATE_BATCH])
