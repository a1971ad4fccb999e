"""Quorum and majority of the bodies that vote on 村民说事 matters (组织法 arts 22, 26)."""

from __future__ import annotations

import pytest

from app.domain.errors import ValidationError
from app.domain.votes import (
    BODY_LABELS,
    VoteRecord,
    VotingBody,
    body_label,
    check_vote,
    evaluate_vote,
    parse_body,
)

B = VotingBody

# body, members_total, present, for, against, abstain, households (total, present) → quorum, passed
CASES = [
    # 村民说事会: consultative, anyone present counts; simple majority of those present.
    ("speak_up_majority", B.SPEAK_UP, None, 5, 3, 1, 1, None, True, True),
    ("speak_up_tie", B.SPEAK_UP, 40, 4, 2, 2, 0, None, True, False),
    ("speak_up_nobody", B.SPEAK_UP, 40, 0, 0, 0, 0, None, False, False),
    # 村民会议: more than half of the adults …
    ("assembly_over_half", B.VILLAGERS_ASSEMBLY, 100, 51, 26, 20, 5, None, True, True),
    ("assembly_exactly_half", B.VILLAGERS_ASSEMBLY, 100, 50, 50, 0, 0, None, False, False),
    # … or two thirds of the households.
    ("assembly_households_two_thirds", B.VILLAGERS_ASSEMBLY, 100, 40, 30, 10, 0, (30, 20),
     True, True),
    ("assembly_households_short", B.VILLAGERS_ASSEMBLY, 100, 40, 30, 10, 0, (30, 19),
     False, False),
    ("assembly_abstentions_block", B.VILLAGERS_ASSEMBLY, 100, 60, 30, 10, 20, None, True, False),
    ("assembly_tie", B.VILLAGERS_ASSEMBLY, 100, 60, 30, 30, 0, None, True, False),
    # 村民代表会议: two thirds of the members.
    ("representatives_exactly_two_thirds", B.REPRESENTATIVES, 30, 20, 11, 9, 0, None, True, True),
    ("representatives_one_short", B.REPRESENTATIVES, 30, 19, 19, 0, 0, None, False, False),
    ("representatives_uneven_total", B.REPRESENTATIVES, 31, 21, 11, 5, 5, None, True, True),
    ("representatives_exactly_half_for", B.REPRESENTATIVES, 30, 24, 12, 6, 6, None, True, False),
    ("representatives_households_ignored", B.REPRESENTATIVES, 30, 10, 10, 0, 0, (10, 10),
     False, False),
    # 村民委员会: chosen rule, more than half of the members.
    ("committee_over_half", B.VILLAGE_COMMITTEE, 5, 3, 2, 1, 0, None, True, True),
    ("committee_tie_at_even_total", B.VILLAGE_COMMITTEE, 4, 2, 2, 0, 0, None, False, False),
    ("committee_one_of_three_for", B.VILLAGE_COMMITTEE, 5, 3, 1, 1, 1, None, True, False),
]


@pytest.mark.parametrize(
    ("body", "total", "present", "for_", "against", "abstain", "households", "quorum", "passed"),
    [case[1:] for case in CASES], ids=[case[0] for case in CASES],
)
def test_quorum_and_majority(body: VotingBody, total: int | None, present: int, for_: int,
                             against: int, abstain: int, households: tuple[int, int] | None,
                             quorum: bool, passed: bool) -> None:
    h_total, h_present = households or (None, None)
    record = check_vote(body, total, present, for_, against, abstain, h_total, h_present)
    outcome = evaluate_vote(record)
    assert (outcome.quorum_met, outcome.passed) == (quorum, passed)
    assert outcome.reason


def test_reason_says_why() -> None:
    short = evaluate_vote(check_vote("representatives", 30, 19, 19, 0, 0))
    assert "不足应到 30 人的三分之二" in short.reason and "表决无效" in short.reason
    tie = evaluate_vote(check_vote("villagers_assembly", 100, 60, 30, 30, 0))
    assert "未超过到会人数 60 的半数" in tie.reason
    households = evaluate_vote(check_vote("villagers_assembly", 100, 40, 30, 10, 0, 30, 20))
    assert "到会 20 户" in households.reason and "表决通过" in households.reason


# kwargs changed from a valid representatives vote → field named, words in the message
VALID = {"body": "representatives", "members_total": 30, "present": 20, "for_": 15,
         "against": 3, "abstain": 2}
REFUSALS = [
    ("negative_for", {"for_": -1}, "for", "负数"),
    ("negative_present", {"present": -2}, "present", "负数"),
    ("negative_total", {"members_total": -1}, "members_total", "负数"),
    ("not_an_integer", {"against": 1.5}, "against", "整数"),
    ("bool_is_not_a_count", {"abstain": True}, "abstain", "整数"),
    ("sum_too_small", {"abstain": 0}, "present", "= 18，与到会人数 20 不符"),
    ("sum_too_large", {"for_": 16}, "present", "= 21，与到会人数 20 不符"),
    ("present_over_total", {"members_total": 19}, "present", "超过应到 19 人"),
    ("zero_total", {"members_total": 0}, "members_total", "大于 0"),
    ("statutory_body_needs_total", {"members_total": None}, "members_total", "应到人数"),
    ("unknown_body", {"body": "party_branch"}, "body", "party_branch"),
    ("households_over_total", {"households_total": 10, "households_present": 11},
     "households_present", "超过应到 10 户"),
    ("households_half_given", {"households_total": 10}, "households_present", "一起填写"),
    ("households_zero_total", {"households_total": 0, "households_present": 0},
     "households_total", "大于 0"),
]


@pytest.mark.parametrize(("changes", "field", "words"), [r[1:] for r in REFUSALS],
                         ids=[r[0] for r in REFUSALS])
def test_refusals_name_the_field(changes: dict[str, object], field: str, words: str) -> None:
    with pytest.raises(ValidationError) as info:
        check_vote(**{**VALID, **changes})  # type: ignore[arg-type]
    assert info.value.field == field
    assert words in info.value.message


def test_check_returns_the_record() -> None:
    record = check_vote(**VALID)  # type: ignore[arg-type]
    assert record == VoteRecord(B.REPRESENTATIVES, 30, 20, 15, 3, 2)


def test_body_vocabulary() -> None:
    assert [b.value for b in VotingBody] == [
        "speak_up", "villagers_assembly", "representatives", "village_committee"]
    assert set(BODY_LABELS) == set(VotingBody)
    assert body_label(B.REPRESENTATIVES) == "村民代表会议"
    assert parse_body("speak_up") is B.SPEAK_UP
