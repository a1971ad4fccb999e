"""The demo county obeys the program's own rules: what a trainer shows is what the program allows.

Each check is the rule a service applies (app.domain.performance for the
ledger and the agreement's code, the follow-up service for what a visit
moves), run over every row the generator wrote; and the warning panel, read
on the day the demo runs up to, has something on every list.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from app.demo.generator import DemoSummary, generate_demo
from app.domain import performance as rules
from app.domain.prevention import PREVENTION_KINDS, check_preventions
from app.domain.workflow import CaseStatus
from app.services.mediation.dashboard import warning_board
from app.services.security.users import SYSTEM
from app.store import models as m
from app.store.database import Database
from tests.support.templates import MIGRATED, private_copy

TODAY = date(2026, 12, 3)
CASES = 400
S = CaseStatus


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def demo(request: pytest.FixtureRequest) -> Iterator[tuple[Database, DemoSummary]]:
    database = Database(private_copy(request, MIGRATED, str(request.param)))
    summary = generate_demo(database, CASES, seed=11, today=TODAY)
    yield database, summary
    database.dispose()


def _all(database: Database, model: Any) -> list[Any]:
    with database.session() as s:
        rows = list(s.execute(select(model)).scalars())
        s.expunge_all()
    return rows


def _by(rows: list[Any], key: str) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, key)].append(row)
    return grouped


def test_the_ledger_agrees_with_every_obligation_and_agreement(
        demo: tuple[Database, DemoSummary]) -> None:
    database, _summary = demo
    agreements = _all(database, m.Agreement)
    obligations = _by(_all(database, m.Obligation), "agreement_id")
    lines = _by(_all(database, m.PerformanceRecord), "obligation_id")
    visits = _by(_all(database, m.FollowUp), "case_id")
    confirmations = _by(_all(database, m.JudicialConfirmation), "agreement_id")
    for agreement in agreements:
        standing = []
        for o in obligations[agreement.id]:
            ledger = [rules.LedgerLine(p.on_date, p.amount) for p in lines[o.id]]
            for p in lines[o.id]:
                # The check the ledger service applies to every line it records.
                rules.check_line(o.kind, o.amount, p.on_date, p.amount, agreement.effective_on,
                                 TODAY)
            got = rules.progress(o.kind, o.amount, o.due_date, ledger, TODAY)
            assert (o.status, o.performed_amount, o.performed_on) == (
                got.status, got.performed_amount, got.performed_on), agreement.number
            standing.append(got)
        done = sorted((v for v in visits[agreement.case_id] if v.visited_on),
                      key=lambda v: (v.visited_on, v.id))
        code = rules.agreement_code(standing,
                                    confirmation_applied=bool(confirmations[agreement.id]),
                                    latest_finding=done[-1].performance if done else None)
        assert agreement.performance_status == code, agreement.number


def test_a_case_is_where_its_last_visit_put_it(demo: tuple[Database, DemoSummary]) -> None:
    """已回访 only after a visit found everything performed; a visit that did not keeps 履行中."""
    database, _summary = demo
    visits = _by(_all(database, m.FollowUp), "case_id")
    agreements = {a.case_id: a for a in _all(database, m.Agreement)}
    obligations = _by(_all(database, m.Obligation), "agreement_id")
    for case in _all(database, m.Case):
        done = sorted((v for v in visits[case.id] if v.visited_on),
                      key=lambda v: (v.visited_on, v.id))
        assert all(v.visited_on <= TODAY for v in done)
        if case.status == S.FOLLOWED_UP or (case.status == S.ARCHIVED
                                            and case.id in agreements):
            assert done and done[-1].performance == "performed", case.number
            owed = obligations[agreements[case.id].id]
            assert all(o.status == "performed" for o in owed), case.number
        elif case.status == S.PERFORMING and done:
            assert done[-1].performance in ("partial", "unperformed"), case.number
        elif case.status == S.AGREED:
            assert not done, case.number


def test_no_missed_instalment_goes_without_reminders(demo: tuple[Database, DemoSummary]) -> None:
    """Every instalment of a 履行中 case past its grace days was urged, and is still being urged."""
    database, _summary = demo
    visits = _by(_all(database, m.FollowUp), "case_id")
    agreements = {a.id: a for a in _all(database, m.Agreement)}
    cases = {c.id: c for c in _all(database, m.Case)}
    urged = 0
    for o in _all(database, m.Obligation):
        case = cases[agreements[o.agreement_id].case_id]
        if case.status != S.PERFORMING or o.status == "performed":
            continue
        if o.due_date + timedelta(days=rules.GRACE_DAYS + 2) >= TODAY:
            continue
        after = sorted(v.visited_on for v in visits[case.id]
                       if v.visited_on and v.visited_on > o.due_date)
        assert after, (case.number, o.due_date)
        assert after[-1] >= TODAY - timedelta(days=rules.REMINDER_DAYS + 8), (case.number,
                                                                            o.due_date)
        urged += 1
    assert urged > 0


def test_the_demo_runs_up_to_its_day(demo: tuple[Database, DemoSummary]) -> None:
    database, _summary = demo
    received = [c.received_at.date() for c in _all(database, m.Case)]
    assert max(received) <= TODAY and TODAY - max(received) <= timedelta(days=3)
    assert min(received) >= TODAY - timedelta(days=3 * 366)


def test_every_list_of_the_warning_panel_has_cases(demo: tuple[Database, DemoSummary]) -> None:
    database, _summary = demo
    board = warning_board(database, SYSTEM, TODAY)
    for name in ("due_soon", "overdue", "red_unescalated", "supervised", "missed"):
        assert getattr(board, name).total > 0, name
    # Not every suggested visit is "today": some instalments fell due only a day or two ago.
    suggested = {row.visit_by for row in board.missed.rows}
    assert suggested - {TODAY} and all(day is not None and day >= TODAY for day in suggested)


def test_reminders_spread_the_next_visits_over_the_coming_month(
        demo: tuple[Database, DemoSummary]) -> None:
    """With each missed instalment's last reminder, most next visits are still ahead."""
    database, _summary = demo
    board = warning_board(database, SYSTEM, TODAY)
    visits = _by(_all(database, m.FollowUp), "case_id")
    suggested = []
    for row in board.missed.rows:
        assert row.due_date is not None
        last = max((v.visited_on for v in visits[row.case_id] if v.visited_on), default=None)
        suggested.append(rules.suggested_visit(row.due_date, TODAY, last))
    ahead = [day for day in suggested if day > TODAY]
    assert len(ahead) >= len(suggested) / 2
    assert all(day <= TODAY + timedelta(days=rules.REMINDER_DAYS) for day in ahead)


def test_a_few_concluded_cases_record_what_mediation_prevented(
        demo: tuple[Database, DemoSummary]) -> None:
    database, summary = demo
    cases = {c.id: c for c in _all(database, m.Case)}
    preventions = _by(_all(database, m.CasePrevention), "case_id")
    assert summary.case_preventions == sum(len(p) for p in preventions.values())
    concluded = [c for c in cases.values() if c.outcome in ("agreed", "not_agreed")]
    assert 0 < len(preventions) <= 0.1 * len(concluded)
    for case_id, rows in preventions.items():
        case = cases[case_id]
        assert case.outcome in ("agreed", "not_agreed"), case.number
        outcomes = {p.kind: p.people for p in rows}
        assert check_preventions(outcomes) == outcomes and set(outcomes) <= set(PREVENTION_KINDS)
        for kind in ("group_petition", "group_fight"):
            if kind in outcomes:
                assert outcomes[kind] == case.people_involved >= 5, case.number


def test_the_real_date_is_the_default_day(sqlite_db: Database) -> None:
    generate_demo(sqlite_db, 60, seed=2)
    with sqlite_db.session() as s:
        entry = s.execute(select(m.AuditEntry).where(m.AuditEntry.action == "demo")).scalar_one()
        received = max(s.execute(select(m.Case.received_at)).scalars())
    assert json.loads(entry.after or "{}")["today"] == date.today().isoformat()
    assert received.date() <= date.today()
