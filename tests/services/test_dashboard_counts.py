"""The warning board's counts: whole, whatever the page, and equal to the cases they count.

Each list is asked for once; its total must not depend on how many rows the
panel shows, including none at all, and must equal the count worked out by
hand from the plain rows, for the whole county and for users who see part
of it.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app.domain.deadlines import RUNNING, due_soon_until
from app.domain.referrals import organisation_level
from app.services.cases.queries import CaseFilter, case_page
from app.services.mediation.dashboard import WarningBoard, overdue_cases, warning_board
from app.services.security.users import UserInfo, get_user
from app.store.database import Database
from app.store.models import Agreement, Case, Obligation, Organisation, Region

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


def _by_hand(db: Database, actor: UserInfo, today: date) -> dict[str, int]:
    """Each list's count worked out in Python from the plain rows and the case list's scope."""
    visible = {c.id for c in case_page(db, actor, CaseFilter(), 0, 100_000)}
    with db.session() as s:
        levels = dict(s.execute(select(Organisation.id, Region.level)
                                .join(Region, Region.id == Organisation.region_id)).all())
        cases = [c for c in s.execute(select(
            Case.id, Case.status, Case.deadline, Case.risk, Case.supervised,
            func.coalesce(Case.current_organisation_id, Case.organisation_id))).all()
            if c[0] in visible]
        owed = s.execute(select(Agreement.case_id, Obligation.status, Obligation.due_date)
                         .join(Agreement, Agreement.id == Obligation.agreement_id)).all()
    running = {s.value for s in RUNNING}
    status = {c[0]: c[1] for c in cases}
    return {
        "due_soon": sum(c[1] in running and c[2] is not None
                        and today <= c[2] <= due_soon_until(today) for c in cases),
        "overdue": sum(c[1] in running and c[2] is not None and c[2] < today for c in cases),
        "red_unescalated": sum(
            c[1] in running and c[3] == "red"
            and (not c[4] or organisation_level(levels.get(c[5], "")) != "county")
            for c in cases),
        "supervised": sum(bool(c[4]) and c[1] in {*running, "agreed", "performing"}
                          for c in cases),
        "missed": sum(status.get(case) in {"agreed", "performing", "followed_up"}
                      and state != "performed" and due is not None and due < today
                      for case, state, due in owed),
    }


@pytest.mark.parametrize("login", ["admin", "clerk07", "clerk13", "clerk14", "clerk02"])
def test_every_count_equals_the_cases_counted_by_hand(small_demo: Database, login: str) -> None:
    """The county, three towns that each see a different part of it, and one that sees none."""
    user = get_user(small_demo, login)
    for today in (TODAY, date(2026, 11, 23), date(2026, 12, 8)):
        board = warning_board(small_demo, user, today)
        assert _totals(board) == _by_hand(small_demo, user, today), (login, today)
        for name in LISTS:
            assert len(getattr(board, name).rows) == min(getattr(board, name).total, 200)
