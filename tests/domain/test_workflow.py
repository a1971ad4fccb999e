"""The case workflow state machine (docs/architecture.md)."""

from __future__ import annotations

from itertools import product

import pytest

from app.domain.errors import DomainError, IllegalTransition
from app.domain.workflow import (
    STATUS_LABELS,
    CaseStatus,
    allowed_targets,
    check_transition,
    is_closed_outcome,
    is_open,
    status_label,
)

S = CaseStatus

LEGAL = {
    (S.RECEIVED, S.ASSIGNED),
    (S.RECEIVED, S.REFUSED),
    (S.RECEIVED, S.WITHDRAWN),
    (S.RECEIVED, S.REFERRED_OUT),
    (S.ASSIGNED, S.IN_MEDIATION),
    (S.ASSIGNED, S.RECEIVED),
    (S.ASSIGNED, S.WITHDRAWN),
    (S.ASSIGNED, S.REFERRED_OUT),
    (S.ASSIGNED, S.ASSIGNED),
    (S.IN_MEDIATION, S.AGREED),
    (S.IN_MEDIATION, S.NOT_AGREED),
    (S.IN_MEDIATION, S.WITHDRAWN),
    (S.IN_MEDIATION, S.REFERRED_OUT),
    (S.AGREED, S.PERFORMING),
    (S.AGREED, S.FOLLOWED_UP),
    (S.PERFORMING, S.FOLLOWED_UP),
    (S.FOLLOWED_UP, S.PERFORMING),
    (S.FOLLOWED_UP, S.ARCHIVED),
    (S.NOT_AGREED, S.ARCHIVED),
    (S.WITHDRAWN, S.ARCHIVED),
    (S.REFUSED, S.ARCHIVED),
    (S.REFERRED_OUT, S.RECEIVED),
    (S.REFERRED_OUT, S.ARCHIVED),
}
ILLEGAL = sorted(set(product(CaseStatus, CaseStatus)) - LEGAL)


def test_status_keys_are_the_json_contract() -> None:
    assert [status.value for status in CaseStatus] == [
        "received",
        "assigned",
        "in_mediation",
        "agreed",
        "not_agreed",
        "withdrawn",
        "referred_out",
        "performing",
        "followed_up",
        "archived",
        "refused",
    ]
    assert CaseStatus("in_mediation") is S.IN_MEDIATION
    assert str(S.IN_MEDIATION) == "in_mediation"
    assert f"{S.IN_MEDIATION}" == "in_mediation"


@pytest.mark.parametrize(("current", "target"), sorted(LEGAL))
def test_legal_moves_pass(current: CaseStatus, target: CaseStatus) -> None:
    check_transition(current, target)
    assert target in allowed_targets(current)


@pytest.mark.parametrize(("current", "target"), ILLEGAL)
def test_illegal_moves_are_refused_with_a_reason(current: CaseStatus, target: CaseStatus) -> None:
    with pytest.raises(IllegalTransition) as caught:
        check_transition(current, target)
    error = caught.value
    assert isinstance(error, DomainError)
    assert (error.current, error.target) == (current, target)
    assert error.reason.strip()
    assert str(error) == error.reason
    assert target not in allowed_targets(current)


def test_allowed_targets_match_the_table() -> None:
    for status in CaseStatus:
        assert allowed_targets(status) == {t for c, t in LEGAL if c == status}


@pytest.mark.parametrize(
    ("current", "target", "reason"),
    [
        (S.RECEIVED, S.IN_MEDIATION, "案件尚未受理指派，不能直接进入调解：请先指派调解组织"),
        (S.ARCHIVED, S.RECEIVED, "已归档的案件只能由管理员重新打开"),
        (S.ARCHIVED, S.ARCHIVED, "已归档的案件只能由管理员重新打开"),
        (S.IN_MEDIATION, S.IN_MEDIATION, "案件已经是“调解中”状态"),
        (S.AGREED, S.ARCHIVED, "达成协议的案件要先回访、确认履行情况，才能归档"),
        (S.PERFORMING, S.ARCHIVED, "达成协议的案件要先回访、确认履行情况，才能归档"),
        (S.IN_MEDIATION, S.ARCHIVED, "案件尚未办结，不能归档"),
        (S.NOT_AGREED, S.IN_MEDIATION, "“调解不成”的案件已经结束，只能归档"),
        (S.REFUSED, S.ASSIGNED, "“不予受理”的案件已经结束，只能归档"),
        (S.REFERRED_OUT, S.ASSIGNED, "只能在对方退回后重新受理"),
        (S.AGREED, S.NOT_AGREED, "调解结果已经记录，不能更改"),
        (S.FOLLOWED_UP, S.WITHDRAWN, "不履行的情况请在回访中记录"),
        (S.PERFORMING, S.RECEIVED, "不能回到“已受理”"),
        (S.IN_MEDIATION, S.ASSIGNED, "请办理移送"),
        (S.ASSIGNED, S.AGREED, "请先指派调解组织并开始调解"),
        (S.ASSIGNED, S.REFUSED, "尚未指派调解组织的案件才能决定不予受理"),
        (S.RECEIVED, S.FOLLOWED_UP, "请先记录调解协议"),
    ],
)
def test_reasons_say_what_to_do(current: CaseStatus, target: CaseStatus, reason: str) -> None:
    with pytest.raises(IllegalTransition) as caught:
        check_transition(current, target)
    assert reason in caught.value.reason


def test_stored_string_keys_can_be_checked_directly() -> None:
    check_transition("received", "assigned")  # type: ignore[arg-type]
    with pytest.raises(IllegalTransition):
        check_transition("received", "agreed")  # type: ignore[arg-type]


@pytest.mark.parametrize("status", list(CaseStatus))
def test_open_and_closed(status: CaseStatus) -> None:
    assert is_open(status) == (status not in {S.ARCHIVED, S.REFUSED})
    assert is_closed_outcome(status) == (status not in {S.RECEIVED, S.ASSIGNED, S.IN_MEDIATION})


def test_every_status_has_a_label() -> None:
    assert set(STATUS_LABELS) == set(CaseStatus)
    assert [STATUS_LABELS[status] for status in CaseStatus] == [
        "已受理",
        "已指派",
        "调解中",
        "达成协议",
        "调解不成",
        "已撤回",
        "已移送",
        "履行中",
        "已回访",
        "已归档",
        "不予受理",
    ]
    assert status_label(S.AGREED) == "达成协议"


def _reachable_from(start: CaseStatus) -> set[CaseStatus]:
    reachable = {start}
    frontier = [start]
    while frontier:
        for target in allowed_targets(frontier.pop()):
            if target not in reachable:
                reachable.add(target)
                frontier.append(target)
    return reachable


def test_every_status_is_reachable_from_received() -> None:
    assert _reachable_from(S.RECEIVED) == set(CaseStatus)


@pytest.mark.parametrize("status", list(CaseStatus))
def test_every_case_can_end_archived_and_archived_is_final(status: CaseStatus) -> None:
    assert S.ARCHIVED in _reachable_from(status)
    assert allowed_targets(S.ARCHIVED) == frozenset()
