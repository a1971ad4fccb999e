"""The 说事 → 议事 → 办事 → 评事 lifecycle of a matter and the reopen rule."""

from __future__ import annotations

from datetime import date
from itertools import product

import pytest

from app.domain.codes import CATEGORIES
from app.domain.errors import IllegalTransition, ValidationError
from app.domain.meeting_codes import CASE_CATEGORY_OF_ITEM, ITEM_CATEGORIES
from app.domain.meeting_stages import (
    STAGE_LABELS,
    ItemAction,
    ItemStage,
    allowed_moves,
    answer_due,
    check_action,
    check_stage_move,
    evaluation_result,
    is_open,
    stage_label,
)

S = ItemStage
LEGAL = {
    (S.RAISED, S.DISCUSSED),
    (S.DISCUSSED, S.DISCUSSED),
    (S.DISCUSSED, S.IN_PROGRESS),
    (S.IN_PROGRESS, S.IN_PROGRESS),
    (S.IN_PROGRESS, S.DONE),
    (S.DONE, S.EVALUATED),
    (S.DONE, S.IN_PROGRESS),
}
ILLEGAL = sorted(set(product(ItemStage, ItemStage)) - LEGAL)


def test_stage_keys_match_the_stored_data() -> None:
    assert [s.value for s in ItemStage] == [
        "raised", "discussed", "in_progress", "done", "evaluated"]
    assert set(STAGE_LABELS) == set(ItemStage)
    assert stage_label(S.IN_PROGRESS) == "办理中"
    assert [is_open(s) for s in ItemStage] == [True, True, True, False, False]


@pytest.mark.parametrize(("current", "target"), sorted(LEGAL))
def test_legal_moves(current: ItemStage, target: ItemStage) -> None:
    check_stage_move(current, target)
    assert target in allowed_moves(current)


@pytest.mark.parametrize(("current", "target"), ILLEGAL)
def test_illegal_moves_give_a_chinese_reason(current: ItemStage, target: ItemStage) -> None:
    with pytest.raises(IllegalTransition) as info:
        check_stage_move(current, target)
    assert (info.value.current, info.value.target) == (current, target)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in info.value.reason)


@pytest.mark.parametrize(("current", "target", "words"), [
    (S.RAISED, S.IN_PROGRESS, "尚未议事"),
    (S.DISCUSSED, S.DONE, "尚未交办"),
    (S.IN_PROGRESS, S.EVALUATED, "尚未办结"),
    (S.EVALUATED, S.IN_PROGRESS, "评事完毕"),
    (S.DONE, S.DISCUSSED, "不能重新议事"),
])
def test_reason_says_what_comes_first(current: ItemStage, target: ItemStage, words: str) -> None:
    with pytest.raises(IllegalTransition, match=words):
        check_stage_move(current, target)


@pytest.mark.parametrize(("stage", "action", "ok"), [
    (S.IN_PROGRESS, ItemAction.PROGRESS, True),
    (S.DONE, ItemAction.PROGRESS, False),
    (S.RAISED, ItemAction.PUBLICISE, False),
    (S.DISCUSSED, ItemAction.PUBLICISE, True),
    (S.EVALUATED, ItemAction.PUBLICISE, True),
])
def test_actions_need_the_right_stage(stage: ItemStage, action: ItemAction, ok: bool) -> None:
    if ok:
        check_action(stage, action)
    else:
        with pytest.raises(IllegalTransition) as info:
            check_action(stage, action)
        assert info.value.target == action


# satisfied, basically, dissatisfied → rate, reopens
EVALUATIONS = [
    ("all_happy", 10, 0, 0, 1.0, False),
    ("basically_counts_as_satisfied", 2, 6, 2, 0.8, False),
    ("exactly_one_third_stays", 1, 1, 1, 2 / 3, False),
    ("just_over_one_third_reopens", 3, 1, 3, 4 / 7, True),
    ("dissatisfied_not_largest_still_reopens", 5, 0, 4, 5 / 9, True),
    ("dissatisfied_largest", 1, 1, 5, 2 / 7, True),
    ("single_unhappy_voter", 0, 0, 1, 0.0, True),
]


@pytest.mark.parametrize(("satisfied", "basically", "dissatisfied", "rate", "reopens"),
                         [e[1:] for e in EVALUATIONS], ids=[e[0] for e in EVALUATIONS])
def test_evaluation_result(satisfied: int, basically: int, dissatisfied: int, rate: float,
                           reopens: bool) -> None:
    result = evaluation_result(satisfied, basically, dissatisfied)
    assert result.evaluators == satisfied + basically + dissatisfied
    assert result.satisfaction_rate == pytest.approx(rate)
    assert result.reopens is reopens


@pytest.mark.parametrize(("counts", "field"), [
    ((0, 0, 0), "satisfied"),
    ((-1, 2, 0), "satisfied"),
    ((1, -2, 0), "basically_satisfied"),
    ((1, 2, -3), "dissatisfied"),
    ((1, 2.5, 0), "basically_satisfied"),
])
def test_evaluation_refusals(counts: tuple[int, int, int], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        evaluation_result(*counts)
    assert info.value.field == field


def test_every_item_category_maps_to_a_case_category() -> None:
    assert list(ITEM_CATEGORIES) == ["public_works", "land", "environment",
                                     "neighbourhood_dispute", "welfare", "village_affairs",
                                     "safety", "other"]
    assert set(CASE_CATEGORY_OF_ITEM) == set(ITEM_CATEGORIES)
    assert set(CASE_CATEGORY_OF_ITEM.values()) <= set(CATEGORIES)


def test_answer_is_due_twenty_days_after_the_meeting() -> None:
    assert answer_due(date(2026, 12, 20)) == date(2027, 1, 9)
    assert answer_due(date(2024, 2, 20)) == date(2024, 3, 11)
