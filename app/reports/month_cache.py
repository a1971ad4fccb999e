"""Each side's counts per month, kept as long as the month's cases stay as they were.

A year of the 人民调解案件统计表 at a million cases is a second of raw counting,
and last year's totals nearly as much again, though the past months of a
county base rarely change.  So a side query (app/reports/engine.py) over a
period of whole months is run month by month, and each month's grouped rows
are kept in ``report_month_cache`` (migration 0013) under a hash of the
exact SQL and its parameters, with the month's *version* — read before the
counts, in the same read session.  The database bumps a month's version in
the same transaction as any change a count could see (triggers on
``cases``, ``case_preventions`` and ``deadline_extensions``), so a kept
month whose version is still current holds exactly what counting it again
would give; a period is its kept months plus the changed ones, counted now.

The cache needs no knowledge of tables, scopes or columns: the SQL is the
key.  Only sides that add up over months are kept: a case counts once per
period on the received, concluded, extension and prevention sides (by the
one month it was received or closed in), but a case visited in two months
counts once in their quarter, so the visited side is always counted live,
as is any period that is not whole months.  Every kept value is an integer
(counts, people, money in cents), so the sum of the months is the figure
of the period exactly.

Storing is a small write after the counting, in a transaction of its own; it
never fails a report: on a busy or read-only database nothing is stored.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Dialect, Engine, Select, delete, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.reports.facts import parameters
from app.reports.model import Period
from app.store.engine import WRITE_OPTION
from app.store.models.report_cache import ReportMonthCache, ReportMonthVersion
from app.store.report_months import EVERY_MONTH, month_number
from app.store.upsert import upsert

log = logging.getLogger(__name__)

ADDITIVE_SIDES = frozenset({"received", "concluded", "extended", "prevented"})
"""The sides whose counts over a period are the sums of their months' counts."""
WAIT_MS = 200
"""How long storing waits for another writer before giving up (SQLite's busy timeout)."""

Rows = list[Sequence[Any]]


@dataclass(frozen=True)
class Entry:
    """One month of one side query, counted now, to be kept."""

    side: str
    month: int
    query_key: str
    version: int
    rows: Rows


def whole_months(period: Period) -> list[Period] | None:
    """The calendar months ``period`` is made of; None unless it starts and ends on month edges."""
    if period.start.day != 1:
        return None
    months: list[Period] = []
    year, month = period.start.year, period.start.month
    while True:
        months.append(Period.month(year, month))
        if months[-1].end >= period.end:
            return months if months[-1].end == period.end else None
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


_SQL: dict[tuple[str, Any], str] = {}
_SQL_LOCK = threading.Lock()
SQL_MEMO = 256
"""How many compiled statements :func:`query_keys` remembers (a few per report kind)."""


def _statement_text(statement: Select[Any], dialect: Dialect, cache_key: Any) -> str:
    """The SQL of ``statement``, compiled once per process per statement shape."""
    memo = (dialect.name, cache_key.key)
    with _SQL_LOCK:
        known = _SQL.get(memo)
    if known is None:
        known = str(statement.compile(dialect=dialect))
        with _SQL_LOCK:
            if len(_SQL) >= SQL_MEMO:
                _SQL.clear()
            _SQL[memo] = known
    return known


def query_keys(statement: Select[Any], dialect: Dialect, months: Sequence[Period]
               ) -> list[str]:
    """A stable hash per month of ``statement``'s SQL and every parameter, the month's
    bounds included: the same query of the same month, in any process, finds its rows;
    a changed definition, scope or release of the program is a different SQL, a new key."""
    cache_key = statement._generate_cache_key()
    if cache_key is None:
        raise ValueError("a side query must be cacheable")
    sql = _statement_text(statement, dialect, cache_key)
    bound = [bp.effective_value for bp in cache_key.bindparams if not bp.required]
    base = json.dumps([sql, bound], default=str, ensure_ascii=False, sort_keys=True)
    out = []
    for month in months:
        bounds = json.dumps(parameters(month), default=str, sort_keys=True)
        out.append(hashlib.sha256(f"{base}\n{bounds}".encode()).hexdigest())
    return out


def _tokens(session: Session, months: Iterable[int]) -> dict[int, int]:
    """Each month's version plus month 0's: it changes whenever either is bumped."""
    table = ReportMonthVersion.__table__
    wanted = sorted({EVERY_MONTH, *months})
    found = {int(m): int(v) for m, v in session.execute(
        select(table.c.month, table.c.version).where(table.c.month.in_(wanted)))}
    every = int(found.get(EVERY_MONTH, 0))
    return {m: int(found.get(m, 0)) + every for m in wanted if m != EVERY_MONTH}


def _plain(row: Sequence[Any]) -> tuple[Any, ...]:
    """A grouped row as kept: the key as it is, every sum an integer (NULL: 0)."""
    key, *values = row
    return (key, *(int(v or 0) for v in values))


def side_rows(session: Session, side: str, statement: Select[Any], period: Period
              ) -> tuple[Rows, list[Entry]]:
    """The rows of one side query over ``period``, and the months counted now, to keep.

    Whole months of an additive side come from the cache where their
    version is current; the rest is counted.  The versions are read first,
    in this session: a change committed after that bumps them past what a
    kept entry records, so an entry can be newer than its version, never older.
    """
    months = whole_months(period) if side in ADDITIVE_SIDES else None
    if months is None:
        return list(session.execute(statement, parameters(period))), []
    numbers = [month_number(m.start) for m in months]
    tokens = _tokens(session, numbers)
    keys = query_keys(statement, session.get_bind().dialect, months)
    cache = ReportMonthCache.__table__
    kept = {(int(month), key): (int(version), payload) for month, key, version, payload in
            session.execute(select(cache.c.month, cache.c.query_key, cache.c.version,
                                   cache.c.payload)
                            .where(cache.c.side == side, cache.c.query_key.in_(keys)))}
    rows: Rows = []
    fresh: list[Entry] = []
    for month, number, key in zip(months, numbers, keys, strict=True):
        hit = kept.get((number, key))
        if hit is not None and hit[0] == tokens[number]:
            rows.extend(json.loads(hit[1]))
            continue
        counted: Rows = [_plain(r) for r in session.execute(statement, parameters(month))]
        rows.extend(counted)
        fresh.append(Entry(side, number, key, tokens[number], counted))
    return rows, fresh


def store(bind: Engine | Connection, entries: Sequence[Entry]) -> None:
    """Keep ``entries`` in one short write; on any database error keep nothing, quietly."""
    if not entries:
        return
    engine = bind if isinstance(bind, Engine) else bind.engine
    try:
        with engine.connect() as conn, _short_wait(conn):
            conn = conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                _write(conn, entries)
    except SQLAlchemyError as exc:
        log.info("report cache not stored: %s", str(exc).splitlines()[0])


@contextmanager
def _short_wait(conn: Connection) -> Iterator[None]:
    """Wait at most :data:`WAIT_MS` for the write lock (SQLite) or a row lock (PostgreSQL)."""
    raw = conn.connection.driver_connection if conn.dialect.name == "sqlite" else None
    if raw is None:
        yield
        return
    usual = int(raw.execute("PRAGMA busy_timeout").fetchone()[0])
    raw.execute(f"PRAGMA busy_timeout={WAIT_MS}")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA busy_timeout={usual}")


def _write(conn: Connection, entries: Sequence[Entry]) -> None:
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{WAIT_MS}ms'")
    cache = ReportMonthCache.__table__
    statement = upsert(conn, cache)
    statement = statement.on_conflict_do_update(
        index_elements=["side", "month", "query_key"],
        set_={"version": statement.excluded.version, "payload": statement.excluded.payload},
        where=cache.c.version < statement.excluded.version)
    conn.execute(statement, [
        {"side": e.side, "month": e.month, "query_key": e.query_key, "version": e.version,
         "payload": json.dumps(e.rows, ensure_ascii=False, separators=(",", ":"))}
        for e in entries])
    oldest: dict[int, int] = {}
    for e in entries:
        oldest[e.month] = min(e.version, oldest.get(e.month, e.version))
    for month, version in sorted(oldest.items()):
        conn.execute(delete(ReportMonthCache).where(ReportMonthCache.month == month,
                                                    ReportMonthCache.version < version))
