"""The warning board's counts come with its pages (``count(*) OVER ()``), whole.

Each list is asked for once; its total must not depend on how many rows the
panel shows, including none at all.
"""

from __future__ import annotations

from datetime import date

import pytest

from app.services.mediation.dashboard import WarningBoard, overdue_cases, warning_board
from app.services.security.users import get_user
from app.store.database import Database

TODAY = date(2026, 11, 15)
LISTS = ("due_soon", "overdue", "red_unescalated", "supervised", "missed")


def _totals(board: WarningBoard) -> dict[str, int]:
    return {name: getattr(board, name).total for name in LISTS}


@pytest.mark.parametrize("limit", [0, 1, 3])
def test_a_short_page_keeps_every_count(small_demo: Database, limit: int) -> None:
    admin = get_user(small_demo, "admin")
    full = warning_board(small_demo, admin, TODAY)
    assert any(_totals(full).values()), "the demo county has warnings"
    short = warning_board(small_demo, admin, TODAY, limit=limit)
    assert _totals(short) == _totals(full)
    for name in LISTS:
        rows = getattr(short, name).rows
        assert len(rows) == min(limit, getattr(full, name).total)
        assert rows == getattr(full, name).rows[:limit]


def test_missed_instalments_are_unperformed_and_due(small_demo: Database) -> None:
    board = warning_board(small_demo, get_user(small_demo, "admin"), TODAY)
    assert board.missed.total == len(board.missed.rows) > 0
    assert all(r.due_date is not None and r.due_date < TODAY for r in board.missed.rows)
    dues = [r.due_date for r in board.missed.rows]
    assert dues == sorted(dues)


def test_overdue_command_count_matches_the_board(small_demo: Database) -> None:
    admin = get_user(small_demo, "admin")
    assert overdue_cases(small_demo, admin, TODAY, 2).total == \
        warning_board(small_demo, admin, TODAY).overdue.total
