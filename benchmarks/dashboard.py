"""Dashboard figures (issue 4): the whole warning board as the GUI loads it at start.

The board runs five queries (due soon, overdue, red risk not escalated,
supervised, missed instalments) each time the program starts; the baseline
is one plain indexed query over the same case table in the same run.
Usage alone: ``python -m benchmarks.dashboard [--cases N | --url URL]``.
"""

from __future__ import annotations

import argparse
from datetime import date, timedelta

from sqlalchemy import text

from benchmarks.run import _table, ensure_database, median_ms


def dashboard_figures(url: str) -> list[tuple[str, float, str, float]]:
    """The warning board beside counting the cases due in the same window."""
    from app.services.mediation.dashboard import warning_board
    from app.services.security.users import get_user
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
    board = median_ms(lambda: warning_board(db, admin, today), repeat=3)
    db.dispose()
    return [("dashboard: all five warning lists", board,
             "one indexed count of cases due in 3 days", base)]


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
