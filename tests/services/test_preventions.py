"""Prevention outcomes: recorded with 调解不成/撤回 or later for an agreed case; audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.domain.errors import ValidationError
from app.domain.prevention import check_preventions, parse_prevention
from app.services.cases.detail import get_case
from app.services.cases.guard import CaseArchived
from app.services.errors import NotFoundError
from app.services.mediation.preventions import case_preventions, record_preventions
from app.services.mediation.sessions import close_without_agreement
from app.store.database import Database
from app.store.models import AuditEntry, CasePrevention
from tests.services.fixtures import ADMIN, acting, seed_organisations
from tests.services.mediation_fixtures import SIGNED, case_in, status_of

MEDIATOR = acting("m")


def _stored(db: Database, case_id: int) -> dict[str, int]:
    with db.session() as s:
        return {k: n for k, n in s.execute(select(CasePrevention.kind, CasePrevention.people)
                                           .where(CasePrevention.case_id == case_id))}


def _audited(db: Database) -> list[tuple[str, int | None]]:
    with db.session() as s:
        return [(a, e) for a, e in s.execute(
            select(AuditEntry.action, AuditEntry.entity_id)
            .where(AuditEntry.entity == "case_preventions").order_by(AuditEntry.id))]


def test_closing_without_agreement_records_what_was_prevented(db: Database) -> None:
    seed_organisations(db)
    case_id = case_in(db, "in_mediation")
    close_without_agreement(db, MEDIATOR, case_id, "not_agreed", "分歧过大", "litigation",
                            SIGNED, {"criminal": 2, "group_petition": 15})
    assert status_of(db, case_id) == "not_agreed"
    assert _stored(db, case_id) == {"criminal": 2, "group_petition": 15}
    assert case_preventions(db, MEDIATOR, case_id) == {"criminal": 2, "group_petition": 15}
    assert [a for a, _e in _audited(db)] == ["insert", "insert"]
    closing = get_case(db, ADMIN, case_id).closing
    assert closing is not None and [(p["kind"], p["people"]) for p in closing["preventions"]] == [
        ("criminal", 2), ("group_petition", 15)]


def test_an_agreed_case_records_them_later_replacing_the_set(db: Database) -> None:
    seed_organisations(db)
    case_id = case_in(db, "agreed", agreement=True)
    assert record_preventions(db, MEDIATOR, case_id, {"suicide": 1, "group_fight": 30}) == {
        "group_fight": 30, "suicide": 1}
    record_preventions(db, MEDIATOR, case_id, {"group_fight": 25})
    assert _stored(db, case_id) == {"group_fight": 25}
    assert sorted(a for a, _e in _audited(db)) == ["delete", "insert", "insert", "update"]
    record_preventions(db, MEDIATOR, case_id, {})
    assert _stored(db, case_id) == {}


def test_bad_outcomes_are_refused_and_nothing_is_written(db: Database) -> None:
    seed_organisations(db)
    running = case_in(db, "in_mediation")
    with pytest.raises(ValidationError, match="至少为 1"):
        close_without_agreement(db, MEDIATOR, running, "withdrawn", "和解", None, SIGNED,
                                {"criminal": 0})
    assert status_of(db, running) == "in_mediation"
    with pytest.raises(ValidationError, match="不是有效的防止类型"):
        record_preventions(db, MEDIATOR, running, {"arson": 1})
    with pytest.raises(ValidationError, match="调解结束后"):
        record_preventions(db, MEDIATOR, running, {"criminal": 1})
    archived = case_in(db, "archived", agreement=True)
    with pytest.raises(CaseArchived, match="已归档"):
        record_preventions(db, MEDIATOR, archived, {"criminal": 1})
    with pytest.raises(NotFoundError):
        record_preventions(db, MEDIATOR, 9999, {"criminal": 1})
    assert _audited(db) == []


def test_the_rule_and_the_command_line_form() -> None:
    assert check_preventions({"suicide": 1, "criminal": 4}) == {"criminal": 4, "suicide": 1}
    assert parse_prevention("group_petition:12") == ("group_petition", 12)
    for bad in ("criminal", "criminal:", "criminal:x", "criminal:-1", "x:1", "criminal:0"):
        with pytest.raises(ValidationError):
            parse_prevention(bad)
    with pytest.raises(ValidationError):
        check_preventions({"criminal": True})
