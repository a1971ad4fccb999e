"""Report figures (issue 13): the statistics tables at scale, beside a plain GROUP BY.

A clerk computes the 人民调解案件统计表 for a year or a month of the whole
county.  Each figure is the whole report as the page asks for it (the
table, its 环比 and 同比 lines), beside the plainest query over the same
rows in the same run: counting the cases received or closed in the period
by category.  The drill-down of the year's 合计 × 受理 and the first page of
the case list it opens are measured too.
Usage alone: ``python -m benchmarks.reports [--cases N | --url URL]``.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime, time, timedelta

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
        for name, period, repeat in (
                (f"{YEAR}年", Period.year(YEAR), 3),
                (f"{YEAR}年{MONTH}月", Period.month(YEAR, MONTH), 5)):
            ms = median_ms(lambda p=period: compute_report(  # type: ignore[misc]
                db, admin, ReportKind.MEDIATION, p, everything), repeat=repeat)
            base = median_ms(lambda p=period: _baseline(conn, p.start, p.end),  # type: ignore[misc]
                             repeat=repeat)
            figures.append((f"人民调解案件统计表 {name}, whole county (with 环比, 同比)", ms,
                            "plain GROUP BY category over the same rows", base))
        year = Period.year(YEAR)
        ms = median_ms(lambda: compute_report(db, admin, ReportKind.BY_ORGANISATION, year,
                                              everything), repeat=3)
        base = median_ms(lambda: _baseline(conn, year.start, year.end), repeat=3)
        figures.append((f"same table by organisation, {YEAR}年 (with 环比, 同比)", ms,
                        "plain GROUP BY category over the same rows", base))
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


def main() -> None:
    """Print the report figures for a benchmark database."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--url", help="an upgraded case base to measure instead")
    args = parser.parse_args()
    url = args.url or ensure_database(args.cases)
    print("\n".join(_table(f"reports, {url}", reports_figures(url))))


if __name__ == "__main__":
    main()
