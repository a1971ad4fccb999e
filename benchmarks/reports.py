"""Report figures (issue 13): the statistics tables at scale, beside a plain GROUP BY.

A clerk computes the 人民调解案件统计表 for a year or a month of the whole
county.  Each figure is the whole report as the page asks for it (the
table, its 环比 and 同比 lines), beside the plainest query over the same
rows in the same run: counting the cases received or closed in the period
by category.  Each table is measured **cold** (the month cache emptied before
every run: the first report after a restore, or of new code), **warm** (every
month kept: the same report again, nothing changed) and **live** (no cache at
all, as before migration 0013), with the CPU time of all threads beside the
wall time.  The drill-down of the year's 合计 × 受理 and the first page of
the case list it opens are measured too.  ``--triggers`` measures what 0013's
triggers add to each case a bulk writer inserts, on a scratch copy.
Usage alone: ``python -m benchmarks.reports [--cases N | --url URL] [--triggers]``.
Measuring empties the base's report cache (``report_month_cache``).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time as clock
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import text

from benchmarks.run import _table, ensure_database, median_ms

YEAR = 2026
MONTH = 10


def _baseline(conn: object, start: date, end: date) -> object:
    lo, hi = datetime.combine(start, time.min), datetime.combine(end + timedelta(days=1),
                                                                 time.min)
    return conn.execute(text(  # type: ignore[attr-defined]
        "SELECT category, count(*) FROM cases WHERE (received_at >= :lo AND received_at < :hi)"
        " OR (closed_on >= :a AND closed_on <= :b) GROUP BY category"),
        {"lo": lo, "hi": hi, "a": start, "b": end}).all()


def _cpu() -> float:
    use = resource.getrusage(resource.RUSAGE_SELF)
    return use.ru_utime + use.ru_stime


def timed(fn: Callable[[], object], repeat: int, before: Callable[[], object] | None = None
          ) -> tuple[float, float]:
    """Median wall and CPU milliseconds of ``fn`` (``before`` runs untimed before each call)."""
    walls, cpus = [], []
    for _ in range(repeat):
        if before is not None:
            before()
        wall, cpu = clock.perf_counter(), _cpu()
        fn()
        walls.append((clock.perf_counter() - wall) * 1000)
        cpus.append((_cpu() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


@contextmanager
def _no_cache() -> Iterator[None]:
    """Every side counted live, nothing read from or kept in the month cache."""
    from app.reports import month_cache

    saved = month_cache.ADDITIVE_SIDES
    month_cache.ADDITIVE_SIDES = frozenset()
    try:
        yield
    finally:
        month_cache.ADDITIVE_SIDES = saved


def _table_figures(db: Any, conn: Any, label: str, report: Callable[[], object], start: date,
                   end: date, repeat: int) -> list[tuple[str, float, str, float]]:
    """One table live, cold and warm, wall and CPU, beside the plain GROUP BY."""
    def empty() -> None:
        with db.engine.begin() as writer:
            writer.execute(text("DELETE FROM report_month_cache"))

    base, base_cpu = timed(lambda: _baseline(conn, start, end), repeat)
    with _no_cache():
        report()
        live, live_cpu = timed(report, repeat)
    cold, cold_cpu = timed(report, repeat, before=empty)
    report()
    warm, warm_cpu = timed(report, repeat)
    changed = _changed_months(start, end)
    day, day_cpu = timed(report, repeat, before=lambda: _forget(db, changed))
    plain = "plain GROUP BY category over the same rows"
    plain_cpu = "CPU time of the plain GROUP BY"
    return [(f"{label}, counted live (no cache)", live, plain, base),
            ("CPU time of the above (all threads)", live_cpu, plain_cpu, base_cpu),
            (f"{label}, cold (month cache empty)", cold, plain, base),
            ("CPU time of the above (all threads)", cold_cpu, plain_cpu, base_cpu),
            (f"{label}, warm (every month kept)", warm, plain, base),
            ("CPU time of the above (all threads)", warm_cpu, plain_cpu, base_cpu),
            (f"{label}, after a day's changes ({len(changed)} months changed)", day, plain,
             base),
            ("CPU time of the above (all threads)", day_cpu, plain_cpu, base_cpu)]


def _changed_months(start: date, end: date) -> list[int]:
    """What a working day typically changes in a period: its last month (new cases,
    closings) and one earlier month (a payment or prevention on an older case)."""
    first, last = start.year * 100 + start.month, end.year * 100 + end.month
    earlier = first if first == last else (end.year * 100 + max(end.month - 3, 1))
    return sorted({last, earlier})


def _forget(db: Any, months: list[int]) -> None:
    from app.store.report_months import forget_report_months

    with db.engine.begin() as conn:
        forget_report_months(conn, months)


def reports_figures(url: str) -> list[tuple[str, float, str, float]]:
    """Year and month tables for the whole county, a drill-down and its first page."""
    from app.reports import Period, ReportKind, Scope
    from app.reports.compute import compute_report, drill_down
    from app.services.cases.queries import CaseFilter, case_page, count_cases
    from app.services.security.users import get_user
    from app.store.database import Database

    db = Database(url)
    admin = get_user(db, "admin")
    everything = Scope.everything()
    figures = []
    with db.engine.connect() as conn:
        for kind, name, period, repeat in (
                (ReportKind.MEDIATION, f"人民调解案件统计表 {YEAR}年", Period.year(YEAR), 3),
                (ReportKind.MEDIATION, f"人民调解案件统计表 {YEAR}年{MONTH}月",
                 Period.month(YEAR, MONTH), 5),
                (ReportKind.BY_ORGANISATION, f"same table by organisation, {YEAR}年",
                 Period.year(YEAR), 3)):
            figures += _table_figures(
                db, conn, f"{name}, whole county (with 环比, 同比)",
                lambda k=kind, p=period: compute_report(  # type: ignore[misc]
                    db, admin, k, p, everything),
                period.start, period.end, repeat)
        year = Period.year(YEAR)
        ids = drill_down(db, admin, ReportKind.MEDIATION, year, everything, "total",
                         "received").case_ids
        ms = median_ms(lambda: drill_down(db, admin, ReportKind.MEDIATION, year, everything,
                                          "total", "received"), repeat=3)
        base = median_ms(lambda: _baseline(conn, year.start, year.end), repeat=3)
        figures.append((f"drill-down {YEAR}年 合计 × 受理 ({len(ids):,} case ids)", ms,
                        "plain GROUP BY category over the same rows", base))
        cell = CaseFilter(case_ids=ids)
        total = count_cases(db, admin, cell)

        def first_page() -> object:
            return conn.execute(text("SELECT * FROM cases LIMIT 200")).all()

        ms = median_ms(lambda: (count_cases(db, admin, cell),
                                case_page(db, admin, cell, 0, 200, total=total)))
        figures.append(("case list of that cell: count and first page", ms,
                        "plain SELECT first 200 rows", median_ms(first_page)))
    db.dispose()
    return figures


def trigger_figures(url: str, rows: int = 20_000) -> list[tuple[str, float, str, float]]:
    """What migration 0013's triggers add per case inserted, beside the same insert without them.

    In one transaction rolled back afterwards: ``rows`` copies of the base's
    cases (new numbers) are inserted in batches, once with every trigger and
    once with 0013's switched off (SQLite: dropped; PostgreSQL: disabled, and
    the deferred ones made to fire at once, as they would at commit); the base
    is left as it was.
    """
    from sqlalchemy import inspect

    from app.store.database import Database

    db = Database(url)
    with db.engine.connect() as conn:
        names = [c["name"] for c in inspect(conn).get_columns("cases")
                 if c["name"] not in ("id", "number", "seq", "global_id")]
        present, last = conn.exec_driver_sql("SELECT count(*), max(id) FROM cases").one()
        batch = min(int(present), 1000)
        columns = ", ".join(names)
        copy = (f"INSERT INTO cases ({columns}, number, seq) SELECT {columns}, "
                f"number || '-bench-' || CAST(:round AS TEXT), seq + 10000000 * (:round + 1) "
                f"FROM cases WHERE id <= {int(last)} ORDER BY id DESC LIMIT {batch}")

        def insert() -> float:
            start = clock.perf_counter()
            for n in range(rows // batch):
                conn.execute(text(copy), {"round": n})
            return (clock.perf_counter() - start) * 1e6 / (rows // batch * batch)

        sqlite = conn.dialect.name == "sqlite"
        triggers = conn.execute(text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE :like"
            if sqlite else "SELECT tgname, '' FROM pg_trigger WHERE tgname LIKE :like "
            "AND tgrelid = 'cases'::regclass"),
            {"like": "%report_months%"}).all()

        def switch(on: bool) -> None:
            for name, sql in triggers:
                if sqlite:
                    conn.exec_driver_sql(sql if on else f'DROP TRIGGER "{name}"')
                else:
                    conn.exec_driver_sql(
                        f'ALTER TABLE cases {"ENABLE" if on else "DISABLE"} TRIGGER "{name}"')

        timings: dict[bool, list[float]] = {True: [], False: []}
        try:
            if not sqlite:
                conn.exec_driver_sql("SET CONSTRAINTS ALL IMMEDIATE")
            for _ in range(3):  # interleaved, so both see the same cache and load
                timings[True].append(_rolled_back(conn, insert))
                switch(on=False)
                timings[False].append(_rolled_back(conn, insert))
                switch(on=True)
        finally:
            conn.rollback()  # the triggers are back, the base untouched
        with_triggers, without = (statistics.median(timings[on]) for on in (True, False))
    db.dispose()
    return [(f"insert a case ({rows:,} rows, µs per row, with 0013's {len(triggers)} "
             f"triggers, {conn.dialect.name})", with_triggers, "the same insert without them",
             without)]


def _rolled_back(conn: Any, fn: Callable[[], float]) -> float:
    savepoint = conn.begin_nested()
    try:
        return fn()
    finally:
        savepoint.rollback()


def main() -> None:
    """Print the report figures for a benchmark database."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--url", help="an upgraded case base to measure instead")
    parser.add_argument("--triggers", action="store_true",
                        help="measure the month-version triggers on inserts instead")
    args = parser.parse_args()
    url = args.url or ensure_database(args.cases)
    if args.triggers:
        print("\n".join(_table(f"0013 triggers, {url} (ms columns: µs per row)",
                               trigger_figures(url))))
        return
    print("\n".join(_table(f"reports, {url}", reports_figures(url))))


if __name__ == "__main__":
    main()
