"""The case workflow: which status a dispute case may move to next.

A case goes received → assigned → in mediation → outcome → performance →
follow-up → archived (docs/architecture.md).  Services, the GUI and the CLI all move
cases through :func:`check_transition`, so an illegal move is refused in one
place, with a sentence telling the user what has to happen first.
"""

from __future__ import annotations

from enum import StrEnum

from app.domain.errors import IllegalTransition
from app.domain.text import N_, _


class CaseStatus(StrEnum):
    """Status keys as stored and used in the CLI/JSON contract (README.md)."""

    RECEIVED = "received"
    ASSIGNED = "assigned"
    IN_MEDIATION = "in_mediation"
    AGREED = "agreed"
    NOT_AGREED = "not_agreed"
    WITHDRAWN = "withdrawn"
    REFERRED_OUT = "referred_out"
    PERFORMING = "performing"
    FOLLOWED_UP = "followed_up"
    ARCHIVED = "archived"
    REFUSED = "refused"


STATUS_LABELS: dict[CaseStatus, str] = {
    CaseStatus.RECEIVED: N_("已受理"),
    CaseStatus.ASSIGNED: N_("已指派"),
    CaseStatus.IN_MEDIATION: N_("调解中"),
    CaseStatus.AGREED: N_("达成协议"),
    CaseStatus.NOT_AGREED: N_("调解不成"),
    CaseStatus.WITHDRAWN: N_("已撤回"),
    CaseStatus.REFERRED_OUT: N_("已移送"),
    CaseStatus.PERFORMING: N_("履行中"),
    CaseStatus.FOLLOWED_UP: N_("已回访"),
    CaseStatus.ARCHIVED: N_("已归档"),
    CaseStatus.REFUSED: N_("不予受理"),
}

_S = CaseStatus
_TRANSITIONS: dict[CaseStatus, frozenset[CaseStatus]] = {
    _S.RECEIVED: frozenset({_S.ASSIGNED, _S.REFUSED, _S.WITHDRAWN, _S.REFERRED_OUT}),
    # → received: the organisation refused the assignment; → assigned: reassignment.
    _S.ASSIGNED: frozenset(
        {_S.IN_MEDIATION, _S.RECEIVED, _S.WITHDRAWN, _S.REFERRED_OUT, _S.ASSIGNED}
    ),
    _S.IN_MEDIATION: frozenset({_S.AGREED, _S.NOT_AGREED, _S.WITHDRAWN, _S.REFERRED_OUT}),
    # → followed_up directly: the agreement was performed on the spot.
    _S.AGREED: frozenset({_S.PERFORMING, _S.FOLLOWED_UP}),
    _S.PERFORMING: frozenset({_S.FOLLOWED_UP}),
    # → performing: the follow-up visit found the agreement not (fully) performed.
    _S.FOLLOWED_UP: frozenset({_S.PERFORMING, _S.ARCHIVED}),
    _S.NOT_AGREED: frozenset({_S.ARCHIVED}),
    _S.WITHDRAWN: frozenset({_S.ARCHIVED}),
    _S.REFUSED: frozenset({_S.ARCHIVED}),
    # → received: the receiving organisation sent the case back.
    _S.REFERRED_OUT: frozenset({_S.RECEIVED, _S.ARCHIVED}),
    _S.ARCHIVED: frozenset(),
}

_UNDER_WAY = frozenset({_S.RECEIVED, _S.ASSIGNED, _S.IN_MEDIATION})
_AFTER_AGREEMENT = frozenset({_S.AGREED, _S.PERFORMING, _S.FOLLOWED_UP})
_ENDED_WITHOUT_AGREEMENT = frozenset({_S.NOT_AGREED, _S.WITHDRAWN, _S.REFUSED})


def status_label(status: CaseStatus) -> str:
    """The translated name of ``status`` for display."""
    return _(STATUS_LABELS[status])


def allowed_targets(status: CaseStatus) -> frozenset[CaseStatus]:
    """The statuses a case in ``status`` may move to next."""
    return _TRANSITIONS[status]


def is_open(status: CaseStatus) -> bool:
    """Whether the case still needs work (it is neither archived nor refused)."""
    return status not in (_S.ARCHIVED, _S.REFUSED)


def is_closed_outcome(status: CaseStatus) -> bool:
    """Whether mediation is over (结案), whatever its result; archived cases included."""
    return status not in _UNDER_WAY


def check_transition(current: CaseStatus, target: CaseStatus) -> None:
    """Refuse with :class:`IllegalTransition` unless ``current`` may move to ``target``."""
    if target not in _TRANSITIONS[current]:
        raise IllegalTransition(current, target, _reason(current, target))


def _reason(current: CaseStatus, target: CaseStatus) -> str:
    """Why ``current`` may not move to ``target``, and what must happen first."""
    if current == _S.ARCHIVED:
        return _("已归档的案件只能由管理员重新打开")
    if current == target:
        return _("案件已经是“{status}”状态").format(status=status_label(current))
    if current in _ENDED_WITHOUT_AGREEMENT:
        return _("“{status}”的案件已经结束，只能归档；当事人再次申请调解时请登记新案件").format(
            status=status_label(current)
        )
    if current == _S.REFERRED_OUT:
        return _("案件已移送其他组织：只能在对方退回后重新受理，或者归档")
    if target == _S.ARCHIVED:
        if current in _AFTER_AGREEMENT:
            return _("达成协议的案件要先回访、确认履行情况，才能归档")
        return _("案件尚未办结，不能归档：请先记录调解结果，或者办理撤回、移送、不予受理")
    if current in _AFTER_AGREEMENT:
        return _reason_after_agreement(target)
    return _reason_under_way(target)


def _reason_after_agreement(target: CaseStatus) -> str:
    if target in (_S.AGREED, _S.NOT_AGREED):
        return _("调解结果已经记录，不能更改")
    if target in (_S.WITHDRAWN, _S.REFERRED_OUT):
        return _("案件已经达成协议，不能再撤回或移送：不履行的情况请在回访中记录")
    return _("案件已经达成协议，不能回到“{status}”：当事人再次申请调解时请登记新案件").format(
        status=status_label(target)
    )


def _reason_under_way(target: CaseStatus) -> str:
    if target == _S.IN_MEDIATION:
        return _("案件尚未受理指派，不能直接进入调解：请先指派调解组织")
    if target in (_S.RECEIVED, _S.ASSIGNED):
        return _("案件已在调解中，不能退回受理或改派：如需由其他组织调解，请办理移送")
    if target in (_S.AGREED, _S.NOT_AGREED):
        return _("案件尚未开始调解，不能记录调解结果：请先指派调解组织并开始调解")
    if target == _S.REFUSED:
        return _("只有尚未指派调解组织的案件才能决定不予受理")
    return _("案件尚未达成协议，不能进入履行或回访：请先记录调解协议")
