"""Obligation status from ledger lines, the agreement's performance code, the visit plan."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.domain.errors import ValidationError
from app.domain.performance import (
    LedgerLine,
    ObligationProgress,
    agreement_code,
    check_line,
    check_satisfaction,
    followup_plan,
    progress,
    suggested_visit,
)

DUE = date(2026, 12, 5)


def test_instalment_paid_in_two_parts() -> None:
    first = progress("money", Decimal("3000"), DUE, [LedgerLine(date(2026, 12, 1),
                                                                 Decimal("1000"))],
                     date(2026, 12, 3))
    assert (first.status, first.outstanding, first.overdue) == ("partial", Decimal("2000"), False)
    later = progress("money", Decimal("3000"), DUE, [LedgerLine(date(2026, 12, 1),
                                                                 Decimal("1000"))],
                     date(2026, 12, 6))
    assert later.overdue
    full = progress("money", Decimal("3000"), DUE,
                    [LedgerLine(date(2026, 12, 4), Decimal("2000")),
                     LedgerLine(date(2026, 12, 1), Decimal("1000"))], date(2026, 12, 9))
    assert (full.status, full.performed_amount, full.performed_on, full.overdue) == (
        "performed", Decimal("3000"), date(2026, 12, 4), False)


def test_nothing_paid_is_pending_then_overdue() -> None:
    assert progress("money", Decimal("500"), DUE, [], date(2026, 12, 5)).overdue is False
    late = progress("money", Decimal("500"), DUE, [], date(2026, 12, 6))
    assert (late.status, late.overdue, late.performed_amount) == ("pending", True, None)


def test_an_act_is_performed_by_its_one_line() -> None:
    done = progress("act", None, DUE, [LedgerLine(date(2026, 12, 2), None)], date(2026, 12, 9))
    assert done.status == "performed" and done.outstanding is None


def test_agreement_codes() -> None:
    paid = progress("money", Decimal("10"), DUE, [LedgerLine(DUE, Decimal("10"))], DUE)
    open_ = progress("money", Decimal("10"), DUE, [], DUE)
    missed = progress("money", Decimal("10"), DUE, [], date(2026, 12, 9))
    part = progress("money", Decimal("10"), DUE, [LedgerLine(DUE, Decimal("4"))], DUE)

    def plain(obligations: list[ObligationProgress]) -> str:
        return agreement_code(obligations, confirmation_applied=False, latest_finding=None)

    assert plain([paid, paid]) == "performed"
    assert plain([paid, open_]) == "partial"
    assert plain([open_]) == "pending"
    assert plain([missed]) == "unperformed"
    assert plain([part]) == "partial"
    assert agreement_code([missed], confirmation_applied=True,
                          latest_finding=None) == "confirmation_applied"
    assert agreement_code([missed], confirmation_applied=True,
                          latest_finding="sued") == "sued"
    assert agreement_code([paid], confirmation_applied=True, latest_finding="sued") == "performed"


def test_followup_plan() -> None:
    signed = date(2026, 11, 25)
    assert followup_plan(signed, []) == (date(2026, 12, 10),)
    assert followup_plan(signed, [date(2027, 1, 5), date(2026, 12, 5), date(2026, 12, 5)]) == (
        date(2026, 12, 8), date(2027, 1, 8))
    assert followup_plan(signed, [date(2026, 1, 1)]) == (date(2026, 12, 10),)


@pytest.mark.parametrize(("on", "amount", "field"), [
    (date(2026, 12, 10), Decimal("100"), "on_date"),
    (date(2026, 11, 20), Decimal("100"), "on_date"),
    (date(2026, 12, 1), None, "amount"),
    (date(2026, 12, 1), Decimal("0"), "amount"),
    (date(2026, 12, 1), Decimal("3000.01"), "amount"),
])
def test_bad_ledger_lines(on: date, amount: Decimal | None, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_line("money", Decimal("3000"), on, amount, date(2026, 11, 25), date(2026, 12, 3))
    assert caught.value.field == field


def test_satisfaction_scale() -> None:
    check_satisfaction(None, "fairness")
    check_satisfaction(5, "fairness")
    with pytest.raises(ValidationError):
        check_satisfaction(6, "fairness")


def test_missed_due_date_suggests_a_visit() -> None:
    assert suggested_visit(date(2026, 12, 5), date(2026, 12, 6)) == date(2026, 12, 8)
    assert suggested_visit(date(2026, 12, 5), date(2026, 12, 20)) == date(2026, 12, 20)


def test_after_a_reminder_the_next_visit_is_a_month_later() -> None:
    due, today = date(2026, 10, 5), date(2026, 12, 3)
    assert suggested_visit(due, today, last_visit=date(2026, 11, 20)) == date(2026, 12, 20)
    # A reminder long ago is overdue itself; a visit before the due date urged nothing.
    assert suggested_visit(due, today, last_visit=date(2026, 10, 10)) == today
    assert suggested_visit(due, date(2026, 10, 6), last_visit=date(2026, 10, 1)) == date(
        2026, 10, 8)
