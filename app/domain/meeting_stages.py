"""The life of one 村民说事 matter: 说事 → 议事 → 办事 → 评事.

Source: 宁波市法治乡村建设促进条例 arts 17–18.

A matter is raised, discussed (and possibly voted on), handed to a named
person with a deadline, finished, and finally rated by the villagers.  The
regulation requires a handler, a deadline and the villagers' assessment for
every matter, so no stage may be skipped.

DOMAIN.md says nothing about what a bad rating does; the rule chosen here is
that a matter **reopens** (goes back to 办理中) when *more than a third* of
the evaluators are dissatisfied.  A third rather than "dissatisfied is the
largest group" because it does not depend on how the rest split between
满意 and 基本满意, and it is the stricter of the two rules for a handler
whose work a sizeable minority rejects.  The satisfaction rate is the usual
(满意 + 基本满意) / 参评人数.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from app.domain.errors import IllegalTransition, ValidationError
from app.domain.text import N_, _


class ItemStage(StrEnum):
    """Stage keys as stored in ``meeting_items.stage``."""

    RAISED = "raised"
    DISCUSSED = "discussed"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    EVALUATED = "evaluated"


STAGE_LABELS: dict[ItemStage, str] = {
    ItemStage.RAISED: N_("已说事"),
    ItemStage.DISCUSSED: N_("已议事"),
    ItemStage.IN_PROGRESS: N_("办理中"),
    ItemStage.DONE: N_("已办结"),
    ItemStage.EVALUATED: N_("已评事"),
}

CLOSED_STAGES = frozenset({ItemStage.DONE, ItemStage.EVALUATED})

# Ningbo: a villager's question is answered within 20 days (法治乡村条例 art 16).
ANSWER_DAYS = 20

_I = ItemStage
_MOVES: dict[ItemStage, frozenset[ItemStage]] = {
    _I.RAISED: frozenset({_I.DISCUSSED}),
    # → discussed again: a failed vote or a changed plan is discussed at a later meeting.
    _I.DISCUSSED: frozenset({_I.DISCUSSED, _I.IN_PROGRESS}),
    # → in_progress again: another handler or a new deadline.
    _I.IN_PROGRESS: frozenset({_I.IN_PROGRESS, _I.DONE}),
    # → in_progress: the villagers' evaluation reopened the matter.
    _I.DONE: frozenset({_I.EVALUATED, _I.IN_PROGRESS}),
    _I.EVALUATED: frozenset(),
}


class ItemAction(StrEnum):
    """Things done to a matter that keep its stage but need the right one."""

    PROGRESS = "progress"
    PUBLICISE = "publicise"


_ACTION_STAGES: dict[ItemAction, frozenset[ItemStage]] = {
    ItemAction.PROGRESS: frozenset({_I.IN_PROGRESS}),
    ItemAction.PUBLICISE: frozenset({_I.DISCUSSED, _I.IN_PROGRESS, _I.DONE, _I.EVALUATED}),
}


@dataclass(frozen=True)
class EvaluationResult:
    """What a 评事 count means: the rate (0–1) and whether the matter is reopened."""

    evaluators: int
    satisfaction_rate: float
    reopens: bool


def stage_label(stage: ItemStage) -> str:
    """The translated name of ``stage``."""
    return _(STAGE_LABELS[stage])


def is_open(stage: ItemStage) -> bool:
    """Whether the matter still needs work (carried over to the next meeting)."""
    return stage not in CLOSED_STAGES


def answer_due(raised_on: date) -> date:
    """The day by which a matter raised on ``raised_on`` must have had an answer."""
    return raised_on + timedelta(days=ANSWER_DAYS)


def allowed_moves(stage: ItemStage) -> frozenset[ItemStage]:
    """The stages a matter in ``stage`` may move to next."""
    return _MOVES[stage]


def check_stage_move(current: ItemStage, target: ItemStage) -> None:
    """Refuse with :class:`IllegalTransition` unless ``current`` may move to ``target``."""
    if target not in _MOVES[current]:
        raise IllegalTransition(current, target, _reason(current, target))


def check_action(current: ItemStage, action: ItemAction) -> None:
    """Refuse with :class:`IllegalTransition` (target = the action) if the stage is wrong."""
    if current in _ACTION_STAGES[action]:
        return
    if action == ItemAction.PROGRESS:
        reason = _("只有办理中的事项才能记录办理进展（当前：{stage}）")
    else:
        reason = _("事项尚未议事，没有可以公示的决定（当前：{stage}）")
    raise IllegalTransition(current, action, reason.format(stage=stage_label(current)))


def _reason(current: ItemStage, target: ItemStage) -> str:
    if current == _I.EVALUATED:
        return _("事项已经评事完毕，不能再更改；如有新的问题，请作为新事项提出")
    if current == target:
        return _("事项已经是“{stage}”").format(stage=stage_label(current))
    if target == _I.RAISED:
        return _("事项已经议过，不能退回“已说事”")
    if target == _I.DISCUSSED:
        return _("事项已经交办，不能重新议事：办理中发现问题请记录办理进展")
    if target == _I.IN_PROGRESS:
        return _("事项尚未议事，不能交办：请先记录议事情况和决定")
    if target == _I.DONE:
        return _("事项尚未交办，不能办结：请先指定责任人和办理期限")
    return _("事项尚未办结，不能评事：请先记录办结日期")


def evaluation_result(satisfied: int, basically: int, dissatisfied: int) -> EvaluationResult:
    """Rate and reopen decision for a count of 满意 / 基本满意 / 不满意 (more than 1/3 reopens)."""
    for value, field in ((satisfied, "satisfied"), (basically, "basically_satisfied"),
                         (dissatisfied, "dissatisfied")):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(_("应为整数"), field)
        if value < 0:
            raise ValidationError(_("不能为负数"), field)
    total = satisfied + basically + dissatisfied
    if total == 0:
        raise ValidationError(_("至少要有一人参加评事"), "satisfied")
    return EvaluationResult(total, (satisfied + basically) / total, dissatisfied * 3 > total)
