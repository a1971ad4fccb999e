"""The mediation services walk the state machine: every legal move works, every other is refused.

Each action is tried from every status on both databases; a refused action
must leave the case exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest

from app.domain.errors import DomainError, IllegalTransition
from app.domain.workflow import CaseStatus, allowed_targets
from app.services.cases.detail import get_case
from app.services.mediation.archive import archive_case
from app.services.mediation.followups import FollowUpInput, record_followup
from app.services.mediation.performance import ledger, record_performance
from app.services.mediation.sessions import (
    SessionInput,
    close_without_agreement,
    record_session,
    start_mediation,
)
from app.services.security.users import UserInfo
from app.store.database import Database
from tests.services.fixtures import acting, seed_organisations
from tests.services.mediation_fixtures import case_in, status_of

S = CaseStatus
TODAY = date(2026, 12, 1)
MEDIATOR = acting("mediator")
CLERK = acting("clerk")
M = acting("m")
C = acting("c")
ADMIN = UserInfo("admin", "系统管理员", "admin", None, True)
SESSION = SessionInput(held_at=datetime(2026, 11, 26, 9, 0), record="双方陈述各自意见",
                       place="调解室")


def _visit(finding: str) -> FollowUpInput:
    return FollowUpInput(visited_on=date(2026, 11, 30), visitor="王调解", method="phone",
                         performance=finding, fairness=5, attitude=5, result=4)


def _pay(db: Database, case_id: int) -> object:
    first = ledger(db, ADMIN, case_id, TODAY).obligations[0]
    return record_performance(db, MEDIATOR, first.id, date(2026, 11, 30), first.amount,
                              today=TODAY)


Action = Callable[[Database, int], object]
ACTIONS: dict[str, tuple[Action, S, bool]] = {
    # name: (call, target status, whether staying in the target status is fine)
    "start": (lambda db, c: start_mediation(db, MEDIATOR, c), S.IN_MEDIATION, False),
    "session": (lambda db, c: record_session(db, MEDIATOR, c, SESSION), S.IN_MEDIATION, True),
    "not_agreed": (lambda db, c: close_without_agreement(
        db, MEDIATOR, c, "not_agreed", "双方分歧过大", "litigation", TODAY), S.NOT_AGREED,
        False),
    "withdrawn": (lambda db, c: close_without_agreement(
        db, MEDIATOR, c, "withdrawn", "双方已自行和解", None, TODAY), S.WITHDRAWN, False),
    "pay": (_pay, S.PERFORMING, True),
    "visit_performed": (lambda db, c: record_followup(db, MEDIATOR, c, _visit("performed"),
                                                      TODAY), S.FOLLOWED_UP, True),
    "visit_partial": (lambda db, c: record_followup(db, MEDIATOR, c, _visit("partial"),
                                                    TODAY), S.PERFORMING, True),
    "archive": (lambda db, c: archive_case(db, CLERK, c, "档案室A柜", "good", "调解不成，已归档",
                                           TODAY), S.ARCHIVED, False),
}


def _legal(current: S, target: S, stay_ok: bool, name: str) -> bool:
    if name == "pay" and current == S.FOLLOWED_UP:
        return True  # a late payment is recorded without moving a visited case
    return target in allowed_targets(current) or (stay_ok and current == target)


def test_every_move_from_every_status(db: Database) -> None:
    seed_organisations(db)
    refused_without_reason = []
    for name, (action, target, stay_ok) in ACTIONS.items():
        for current in S:
            case_id = case_in(db, current.value, agreement=True,
                              paid=name == "visit_performed")
            legal = _legal(current, target, stay_ok, name)
            if legal:
                action(db, case_id)
                assert status_of(db, case_id) in (target.value, current.value), (name, current)
            else:
                with pytest.raises(DomainError) as caught:
                    action(db, case_id)
                if current != S.ARCHIVED and not isinstance(caught.value, IllegalTransition):
                    refused_without_reason.append((name, current, caught.value))
                assert str(caught.value)
                assert status_of(db, case_id) == current.value, (name, current)
    assert refused_without_reason == []


def test_full_route_shows_on_the_timeline(db: Database) -> None:
    seed_organisations(db)
    case_id = case_in(db, "assigned")
    start_mediation(db, MEDIATOR, case_id)
    record_session(db, MEDIATOR, case_id, SESSION)
    close_without_agreement(db, MEDIATOR, case_id, "not_agreed", "对赔偿数额分歧过大",
                            "litigation", TODAY)
    number = archive_case(db, CLERK, case_id, "档案室A柜3格", "excellent", "终止调解并引导诉讼",
                          TODAY).archive_number
    assert number == "（2026）象人调字第1号"
    detail = get_case(db, ADMIN, case_id)
    texts = "\n".join(e.text for e in detail.timeline)
    for step in ("状态：已指派 → 调解中", "调解会议：调解室", "状态：调解中 → 调解不成",
                 "引导途径：— → 引导向人民法院起诉", "状态：调解不成 → 已归档",
                 "档案号：— → （2026）象人调字第1号"):
        assert step in texts, texts


def test_archive_numbers_count_per_organisation_and_year(db: Database) -> None:
    seed_organisations(db)
    first, second = case_in(db, "withdrawn"), case_in(db, "not_agreed")
    assert archive_case(db, C, first, "A", "good", "撤回", TODAY).archive_number.endswith("第1号")
    assert archive_case(db, C, second, "A", "good", "终止", TODAY).archive_number.endswith(
        "第2号")
    third = case_in(db, "withdrawn")
    next_year = archive_case(db, C, third, "A", "good", "撤回", date(2027, 1, 4))
    assert next_year.archive_number == "（2027）象人调字第1号"


def test_bad_session_and_close_input_writes_nothing(db: Database) -> None:
    seed_organisations(db)
    case_id = case_in(db, "assigned")
    with pytest.raises(DomainError):
        record_session(db, M, case_id, SessionInput(held_at=datetime(2026, 11, 26), record=" "))
    with pytest.raises(DomainError):
        record_session(db, M, case_id, SessionInput(held_at=datetime(2026, 11, 1), record="x"))
    assert status_of(db, case_id) == "assigned"
    start_mediation(db, M, case_id)
    with pytest.raises(DomainError):
        close_without_agreement(db, M, case_id, "not_agreed", "分歧大", None, TODAY)
    assert status_of(db, case_id) == "in_mediation"
    assert get_case(db, ADMIN, case_id).sessions == []
