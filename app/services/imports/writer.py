"""Writing an import's rows: plain batched inserts, ids handed out up front, search entries.

A hundred thousand ledger rows become half a million table rows; going
through the ORM one object at a time would take minutes, so rows are
written with the driver's ``executemany`` in chunks, inside the import's
one transaction, the way the demo generator writes (values in the form
SQLAlchemy itself stores them).  Ids are taken before the insert: on SQLite
from the table's highest id (the write transaction holds the lock), on
PostgreSQL from the table's own sequence (so concurrent writers never
clash).  The search index gets each chunk's entries at once, built from
the values in hand rather than read back.

Each row's ``global_id`` is given here, not left to the column's default:
a random UUID (version 4) per import whose last 32 bits count up (90 random
bits remain, and no import writes 2**32 rows), so the rows of one import are
still unique across case bases, but their unique
indexes grow at one end instead of at a random page per row (with random
ids those indexes outgrow the page cache and every insert reads a page).
On SQLite the page cache is also made larger for the import's connection
while it writes, and set back afterwards.

The audit trail records the batch as one entry holding each table's id
range, as it does for a demo run (the rows were checked by the import's
rules, and the file's SHA-256 identifies what they came from).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, func, select, text

from app.services.imports.bulk import insert_rows
from app.store import search
from app.store.models import Base

TABLES: dict[str, tuple[str, ...]] = {
    "parties": ("id", "kind", "name", "name_initials", "id_type", "id_number", "gender",
                "birth_date", "ethnicity", "phone", "address", "occupation", "credit_code",
                "legal_representative", "version", "created_at"),
    "cases": ("id", "number", "year", "seq", "source", "category", "facts", "claims", "amount",
              "people_involved", "risk", "received_at", "deadline", "status", "organisation_id",
              "current_organisation_id", "lead_mediator_id", "registered_by", "outcome",
              "refusal_reason", "closed_on", "supervised", "police_called", "injuries",
              "blockade", "group_petition", "escalated_to_police", "import_batch_id",
              "number_on_import", "version", "created_at"),
    "case_parties": ("id", "case_id", "party_id", "role", "ordinal", "version", "created_at"),
    "agreements": ("id", "case_id", "form", "number", "signed_on", "effective_on",
                   "performance_status", "version", "created_at"),
    "obligations": ("id", "agreement_id", "ordinal", "debtor_party_id", "creditor_party_id",
                    "kind", "amount", "description", "status", "version", "created_at"),
}
"""The tables an import writes, each one's columns, parents before children (each row also
gets its ``global_id`` last, from :class:`Writer`)."""
ID_BLOCK = 1000
"""PostgreSQL ids are fetched from the sequence this many at a time."""
SQLITE_CACHE_KB = 48 * 1024
"""SQLite page cache while an import writes (the default is 2 MB): the tables' indexes then
stay in memory, within the import's memory budget."""

Row = tuple[Any, ...]
Entry = tuple[int, str, str]
"""A search entry to add: record id, text, terms (sorted, space-separated)."""


class Ids:
    """The next free ids of the tables an import writes."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.sqlite = conn.dialect.name == "sqlite"
        self.pending: dict[str, list[int]] = {name: [] for name in TABLES}
        self.next: dict[str, int] = {}
        if self.sqlite:  # asked now: later the connection may be busy writing
            for table in TABLES:
                top = conn.execute(select(func.max(Base.metadata.tables[table].c.id)))
                self.next[table] = int(top.scalar() or 0) + 1

    def take(self, table: str) -> int:
        """One id of ``table``, never handed out before."""
        if self.sqlite:
            value = self.next[table]
            self.next[table] += 1
            return value
        pool = self.pending[table]
        if not pool:
            pool.extend(int(v) for v in self.conn.execute(text(
                f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) "
                "FROM generate_series(1, :n)"), {"n": ID_BLOCK}).scalars())
            pool.reverse()
        return pool.pop()


@dataclass
class Ranges:
    """Lowest and highest id and row count written per table (the audit entry's id ranges)."""

    spans: dict[str, list[int]] = field(default_factory=dict)

    def add(self, table: str, ids: Sequence[int]) -> None:
        """Count ``ids`` as written into ``table``."""
        if not ids:
            return
        span = self.spans.setdefault(table, [min(ids), max(ids), 0])
        span[0], span[1] = min(span[0], min(ids)), max(span[1], max(ids))
        span[2] += len(ids)


def id_runs(ids: Sequence[int]) -> list[list[int]]:
    """Sorted ids as ``[low, high]`` runs (the parties a batch created, stored compactly)."""
    runs: list[list[int]] = []
    for value in sorted(ids):
        if runs and runs[-1][1] == value - 1:
            runs[-1][1] = value
        else:
            runs.append([value, value])
    return runs


def expand_runs(runs: Sequence[Sequence[int]]) -> Iterator[int]:
    """The ids of :func:`id_runs` back."""
    for low, high in runs:
        yield from range(low, high + 1)


class Writer:
    """Row buffers per table, written in one ``executemany`` each per chunk."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.sqlite = conn.dialect.name == "sqlite"
        mark = "?" if self.sqlite else "%s"
        self.sql = {name: f"INSERT INTO {name} ({', '.join(cols)}, global_id) "
                          f"VALUES ({', '.join([mark] * (len(cols) + 1))})"
                    for name, cols in TABLES.items()}
        self._global = str(uuid.uuid4())[:-8]
        self._count = 0
        self.rows: dict[str, list[Row]] = {name: [] for name in TABLES}
        self.docs: dict[search.Kind, list[Entry]] = {"case": [], "party": []}
        self.ranges = Ranges()
        self.created_parties: list[list[int]] = []
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self.now = self.moment(datetime.now().replace(microsecond=0))
        self._cache: int | None = None
        if self.sqlite:
            self._cache = int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one())
            conn.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_CACHE_KB}")

    def close(self) -> None:
        """Wait for the last rows and give the connection its own page cache back."""
        try:
            self.wait()
        finally:
            if self._cache is not None:
                self.conn.exec_driver_sql(f"PRAGMA cache_size={self._cache}")
                self._cache = None

    def moment(self, value: datetime | None) -> Any:
        """A timestamp as SQLAlchemy stores it on this database."""
        if value is None or not self.sqlite:
            return value
        return value.isoformat(" ", "microseconds")

    def day(self, value: date | None) -> Any:
        """A date as SQLAlchemy stores it on this database."""
        return value.isoformat() if value is not None and self.sqlite else value

    def money(self, value: Decimal | None) -> Any:
        """An amount as SQLAlchemy stores it (SQLite: a REAL)."""
        return float(value) if value is not None and self.sqlite else value

    def add(self, table: str, row: Row) -> None:
        """Queue one row of ``table`` (values in TABLES order); its global id is added here."""
        self._count += 1
        self.rows[table].append((*row, f"{self._global}{self._count:08x}"))

    def index(self, kind: search.Kind, ref_id: int, texts: Sequence[str | None],
              terms: str) -> None:
        """Queue one search entry: its text and its terms (sorted, space-separated: worked
        out with the row's checks)."""
        self.docs[kind].append((ref_id, search.SEPARATOR.join(filter(None, texts)), terms))

    def _created(self, ids: Sequence[int]) -> None:
        """Keep new party ids as runs (an import creates them in long runs)."""
        runs = self.created_parties
        for value in ids:
            if runs and runs[-1][1] == value - 1:
                runs[-1][1] = value
            else:
                runs.append([value, value])

    def flush(self) -> None:
        """Write the queued rows, parents before children, then their search entries.

        On SQLite the writing runs on a thread of its own (the driver lets go
        of the GIL while SQLite works), so the next chunk is built meanwhile;
        the caller must :meth:`wait` before it uses the connection again.
        """
        self.wait()
        rows = {name: queued for name, queued in self.rows.items() if queued}
        docs = {kind: queued for kind, queued in self.docs.items() if queued}
        self.rows = {name: [] for name in TABLES}
        self.docs = {"case": [], "party": []}
        for name, queued in rows.items():
            ids = [r[0] for r in queued]
            self.ranges.add(name, ids)
            if name == "parties":
                self._created(ids)
        if not self.sqlite:
            self._write(rows, docs)
            return
        self._thread = threading.Thread(target=self._write_apart, args=(rows, docs),
                                        name="ledger-writer", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        """Until the rows handed to :meth:`flush` are written; their error, if any, is raised."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        error, self._error = self._error, None
        if error is not None:
            raise error

    def _write_apart(self, rows: dict[str, list[Row]],
                     docs: dict[search.Kind, list[Entry]]) -> None:
        try:
            self._write(rows, docs)
        except BaseException as exc:  # handed to the thread that waits, raised there
            self._error = exc

    def _write(self, rows: dict[str, list[Row]],
               docs: dict[search.Kind, list[Entry]]) -> None:
        for name, queued in rows.items():
            if self.sqlite:
                insert_rows(self.conn, name, (*TABLES[name], "global_id"), queued)
            else:
                self.conn.exec_driver_sql(self.sql[name], queued)
        for kind, entries in docs.items():
            search.bulk_load_joined(self.conn, kind, entries)
