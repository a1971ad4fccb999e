"""The performance ledger: instalments paid in parts, codes recomputed, follow-ups planned."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.domain.errors import DomainError
from app.services.mediation.followups import (
    FollowUpInput,
    followups,
    record_followup,
    schedule_followups,
)
from app.services.mediation.performance import ledger, record_performance
from app.store.database import Database
from tests.services.fixtures import ADMIN, acting, seed_organisations
from tests.services.mediation_fixtures import case_in, status_of

INSTALMENTS = (("3000.00", date(2026, 12, 5)), ("2000.00", date(2027, 1, 5)))
M = acting("m")


def test_instalments_paid_in_parts(db: Database) -> None:
    seed_organisations(db)
    case_id = case_in(db, "agreed", agreement=True, instalments=INSTALMENTS)
    first, second = ledger(db, ADMIN, case_id, date(2026, 12, 1)).obligations
    assert ledger(db, ADMIN, case_id, date(2026, 12, 1)).code == "pending"
    after = record_performance(db, M, first.id, date(2026, 12, 1), Decimal("1000"), "微信转账",
                               today=date(2026, 12, 1))
    assert status_of(db, case_id) == "performing"
    assert (after.obligations[0].status, after.obligations[0].outstanding) == (
        "partial", Decimal("2000.00"))
    assert after.code == "partial"
    with pytest.raises(DomainError):
        record_performance(db, M, first.id, date(2026, 12, 2), Decimal("2500"),
                           today=date(2026, 12, 2))
    late = ledger(db, ADMIN, case_id, date(2026, 12, 9))
    assert late.obligations[0].overdue and not late.obligations[1].overdue
    done = record_performance(db, M, first.id, date(2026, 12, 9), Decimal("2000"),
                              today=date(2026, 12, 9))
    assert done.obligations[0].status == "performed" and not done.obligations[0].overdue
    assert [line.amount for line in done.obligations[0].lines] == [Decimal("1000.00"),
                                                                   Decimal("2000.00")]
    final = record_performance(db, M, second.id, date(2027, 1, 4), Decimal("2000"),
                               today=date(2027, 1, 4))
    assert final.code == "performed"


def test_followups_planned_after_each_instalment_and_recorded(db: Database) -> None:
    seed_organisations(db)
    case_id = case_in(db, "agreed", agreement=True, instalments=INSTALMENTS)
    planned = schedule_followups(db, M, case_id)
    assert [f.scheduled_on for f in planned] == [date(2026, 12, 8), date(2027, 1, 8)]
    assert len(schedule_followups(db, M, case_id)) == 2
    status = record_followup(db, M, case_id, FollowUpInput(
        visited_on=date(2026, 12, 8), visitor="王调解", method="visit", performance="unperformed",
        notes="被申请人称资金困难，已督促", fairness=4, attitude=5, result=3), date(2026, 12, 8))
    assert status == "performing"
    assert ledger(db, ADMIN, case_id, date(2026, 12, 8)).code == "unperformed"
    visits = followups(db, ADMIN, case_id)
    assert visits[0].visited_on == date(2026, 12, 8) and visits[1].visited_on is None
    with pytest.raises(DomainError):
        record_followup(db, M, case_id, FollowUpInput(
            visited_on=date(2026, 12, 9), visitor="王调解", method="visit",
            performance="performed", fairness=6), date(2026, 12, 9))
    with pytest.raises(DomainError) as caught:
        record_followup(db, M, case_id, FollowUpInput(
            visited_on=date(2026, 12, 9), visitor="王调解", method="visit",
            performance="performed"), date(2026, 12, 9))
    assert caught.value.field == "performance"  # type: ignore[attr-defined]
    assert status_of(db, case_id) == "performing"
    status = record_followup(db, M, case_id, FollowUpInput(
        visited_on=date(2026, 12, 9), visitor="王调解", method="phone",
        performance="sued"), date(2026, 12, 9))
    assert status == "followed_up"
    assert ledger(db, ADMIN, case_id, date(2026, 12, 9)).code == "sued"
