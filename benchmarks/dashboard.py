"""Dashboard figures (issue 4, issue 13): the whole warning board as the GUI loads it at start.

The board runs five lists (due soon, overdue, red risk not escalated,
supervised, missed instalments), each a count and a page, each time the
program starts; the baseline is one plain indexed query over the same case
table in the same run.  Wall time swings with the machine's load, so the
board's CPU time (``time.process_time``, this process) is given beside it,
for the whole county and for a town clerk (a user limited to some
organisations, whose every list also tests the case's organisation).
Usage alone: ``python -m benchmarks.dashboard [--cases N | --url URL]``.
"""

from __future__ import annotations

import argparse
import time
from datetime import date, timedelta

from sqlalchemy import text

from benchmarks.run import _table, ensure_database, median_ms

TOWN_CLERK = "clerk02"
"""A demo town committee's clerk: the demo generator makes one per organisation."""


def dashboard_figures(url: str) -> list[tuple[str, float, str, float]]:
    """The warning board (wall and CPU time) beside counting the cases due in the same window."""
    from app.services.errors import NotFoundError
    from app.services.mediation.dashboard import warning_board
    from app.services.security.users import UserInfo, get_user
    from app.store.database import Database

    db = Database(url)
    admin = get_user(db, "admin")
    today = date.today()
    with db.engine.connect() as conn:
        def due_count() -> object:
            return conn.execute(text(
                "SELECT count(*) FROM cases WHERE deadline BETWEEN :a AND :b"),
                {"a": today, "b": today + timedelta(days=3)}).scalar()

        base = median_ms(due_count)
        base_cpu = median_ms(due_count, clock=time.process_time)
    board = median_ms(lambda: warning_board(db, admin, today), repeat=5)
    board_cpu = median_ms(lambda: warning_board(db, admin, today), clock=time.process_time)
    rows = [("dashboard: all five warning lists", board,
             "one indexed count of cases due in 3 days", base),
            ("dashboard: all five warning lists, CPU time", board_cpu,
             "CPU time of that count", base_cpu)]
    try:
        clerk: UserInfo | None = get_user(db, TOWN_CLERK)
    except NotFoundError:
        clerk = None
    if clerk is not None:
        rows.append((f"dashboard: all five warning lists, town clerk ({TOWN_CLERK})",
                     median_ms(lambda: warning_board(db, clerk, today), repeat=5),
                     "one indexed count of cases due in 3 days", base))
    db.dispose()
    return rows


def main() -> None:
    """Print the dashboard figures for a benchmark database of ``--cases`` cases."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--url", help="an upgraded case base to measure instead")
    args = parser.parse_args()
    url = args.url or ensure_database(args.cases)
    print("\n".join(_table(f"dashboard, {url}", dashboard_figures(url))))


if __name__ == "__main__":
    main()
