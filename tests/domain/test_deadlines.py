"""Deadlines from the rules table, extensions, and what counts as due soon or overdue."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.deadlines import (
    DEFAULT_RULES,
    DeadlineState,
    check_extension,
    check_rule_days,
    current_deadline,
    deadline_state,
    default_deadline,
    mediation_days,
)
from app.domain.errors import ValidationError
from app.domain.workflow import CaseStatus

RECEIVED = date(2026, 11, 23)


@pytest.mark.parametrize(("source", "expected"), [
    ("court_pre_filing", date(2026, 12, 23)),
    ("court_entrusted", date(2026, 12, 8)),
    ("walk_in", date(2026, 12, 23)),
    ("hotline_12345", date(2026, 12, 23)),
])
def test_default_rules_follow_domain_section_5(source: str, expected: date) -> None:
    assert default_deadline(source, RECEIVED) == expected


def test_rules_come_from_the_table_given() -> None:
    rules = {"court_entrusted": 7, "police_referral": 10, "other": 20}
    assert default_deadline("court_entrusted", RECEIVED, rules) == date(2026, 11, 30)
    assert default_deadline("police_referral", RECEIVED, rules) == date(2026, 12, 3)
    assert default_deadline("walk_in", RECEIVED, rules) == date(2026, 12, 13)
    assert mediation_days("walk_in", {}) == 30
    assert DEFAULT_RULES["court_entrusted"] == 15


def test_latest_extension_is_the_deadline() -> None:
    assert current_deadline(date(2026, 12, 23), []) == date(2026, 12, 23)
    assert current_deadline(date(2026, 12, 23),
                            [date(2027, 1, 10), date(2027, 1, 22)]) == date(2027, 1, 22)


@pytest.mark.parametrize(("new", "reason", "approver", "field"), [
    (date(2026, 12, 30), "", "王主任", "reason"),
    (date(2026, 12, 30), "双方同意", " ", "approver"),
    (date(2026, 12, 23), "双方同意", "王主任", "new_deadline"),
    (date(2026, 12, 1), "双方同意", "王主任", "new_deadline"),
    (date(2026, 11, 20), "双方同意", "王主任", "new_deadline"),
])
def test_bad_extensions_are_refused(new: date, reason: str, approver: str, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_extension(date(2026, 12, 23), new, RECEIVED, reason, approver)
    assert caught.value.field == field


def test_good_extension_passes() -> None:
    check_extension(date(2026, 12, 23), date(2027, 1, 22), RECEIVED, "双方同意延长", "王主任")


@pytest.mark.parametrize(("deadline", "today", "state"), [
    (date(2026, 12, 23), date(2026, 12, 19), DeadlineState.ON_TIME),
    (date(2026, 12, 23), date(2026, 12, 20), DeadlineState.DUE_SOON),
    (date(2026, 12, 23), date(2026, 12, 23), DeadlineState.DUE_SOON),
    (date(2026, 12, 23), date(2026, 12, 24), DeadlineState.OVERDUE),
    (None, date(2026, 12, 24), DeadlineState.NONE),
])
def test_due_soon_and_overdue(deadline: date | None, today: date, state: DeadlineState) -> None:
    assert deadline_state(deadline, CaseStatus.IN_MEDIATION, today) == state


def test_clock_stops_once_an_outcome_is_recorded() -> None:
    late = date(2027, 3, 1)
    for status in (CaseStatus.AGREED, CaseStatus.NOT_AGREED, CaseStatus.ARCHIVED):
        assert deadline_state(date(2026, 12, 23), status, late) == DeadlineState.NONE
    for status in (CaseStatus.RECEIVED, CaseStatus.ASSIGNED):
        assert deadline_state(date(2026, 12, 23), status, late) == DeadlineState.OVERDUE


@pytest.mark.parametrize("days", [0, -3, 366])
def test_rule_days_must_be_sensible(days: int) -> None:
    with pytest.raises(ValidationError):
        check_rule_days(days)
    assert check_rule_days(15) == 15
