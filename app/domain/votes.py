"""Quorum and majority for the votes recorded at 村民说事 (议事).

村民说事 itself is consultative; binding decisions belong to the statutory
bodies, each with its own quorum (村民委员会组织法 arts 22, 26).
The minutes must show present / total and for / against / abstaining, so a
clerk can see at a glance whether a decision stands.  All arithmetic is on
integers (``present * 3 >= total * 2``), so the exactly-half and
exactly-two-thirds boundaries are decided without rounding.  Where the law
is silent the rule chosen is written on the body below.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.domain.errors import ValidationError
from app.domain.text import N_, _


class VotingBody(StrEnum):
    """Who votes; the key is stored in ``meetings.body``."""

    # Consultative: anyone present may vote; no quorum beyond someone voting.
    SPEAK_UP = "speak_up"
    # Quorum: present > half of villagers aged 18+, or ≥ 2/3 of households (art 22).
    VILLAGERS_ASSEMBLY = "villagers_assembly"
    # Quorum: present ≥ 2/3 of members (art 26).
    REPRESENTATIVES = "representatives"
    # The law sets no quorum; chosen rule: more than half of the members present.
    VILLAGE_COMMITTEE = "village_committee"


BODY_LABELS: dict[VotingBody, str] = {
    VotingBody.SPEAK_UP: N_("村民说事会"),
    VotingBody.VILLAGERS_ASSEMBLY: N_("村民会议"),
    VotingBody.REPRESENTATIVES: N_("村民代表会议"),
    VotingBody.VILLAGE_COMMITTEE: N_("村民委员会"),
}


@dataclass(frozen=True)
class VoteRecord:
    """One show of hands as minuted; ``members_total`` is everyone entitled to attend."""

    body: VotingBody
    members_total: int | None
    present: int
    for_: int
    against: int
    abstain: int
    households_total: int | None = None
    households_present: int | None = None


@dataclass(frozen=True)
class VoteOutcome:
    """Whether the meeting could decide, whether the motion carried, and why (translated)."""

    quorum_met: bool
    passed: bool
    reason: str


def body_label(body: VotingBody) -> str:
    """The translated name of ``body``."""
    return _(BODY_LABELS[body])


def parse_body(value: str) -> VotingBody:
    """The body for a stored or typed key; an unknown key is refused on field ``body``."""
    try:
        return VotingBody(value)
    except ValueError as exc:
        raise ValidationError(
            _("“{value}”不是有效的表决机构，可选：{allowed}").format(
                value=value, allowed=", ".join(b.value for b in VotingBody)),
            "body",
        ) from exc


def _count(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(_("应为整数"), field)
    if value < 0:
        raise ValidationError(_("不能为负数"), field)
    return value


def _optional_count(value: object, field: str) -> int | None:
    return None if value is None else _count(value, field)


def check_vote(
    body: VotingBody | str,
    members_total: int | None,
    present: int,
    for_: int,
    against: int,
    abstain: int,
    households_total: int | None = None,
    households_present: int | None = None,
) -> VoteRecord:
    """A consistent vote record, or :class:`ValidationError` naming the field that is wrong."""
    parsed = body if isinstance(body, VotingBody) else parse_body(body)
    total = _optional_count(members_total, "members_total")
    n_present = _count(present, "present")
    n_for = _count(for_, "for")
    n_against = _count(against, "against")
    n_abstain = _count(abstain, "abstain")
    h_total = _optional_count(households_total, "households_total")
    h_present = _optional_count(households_present, "households_present")
    if total is None and parsed != VotingBody.SPEAK_UP:
        raise ValidationError(_("{body}表决必须填写应到人数，才能判断是否达到法定人数").format(
            body=body_label(parsed)), "members_total")
    if total is not None and total == 0:
        raise ValidationError(_("应到人数必须大于 0"), "members_total")
    if total is not None and n_present > total:
        raise ValidationError(_("到会 {present} 人，超过应到 {total} 人").format(
            present=n_present, total=total), "present")
    ballots = n_for + n_against + n_abstain
    if ballots != n_present:
        raise ValidationError(
            _("赞成 {f} + 反对 {a} + 弃权 {b} = {sum}，与到会人数 {present} 不符").format(
                f=n_for, a=n_against, b=n_abstain, sum=ballots, present=n_present),
            "present",
        )
    if (h_total is None) != (h_present is None):
        field = "households_present" if h_present is None else "households_total"
        raise ValidationError(_("应到户数和到会户数要一起填写"), field)
    if h_total is not None and h_present is not None:
        if h_total == 0:
            raise ValidationError(_("应到户数必须大于 0"), "households_total")
        if h_present > h_total:
            raise ValidationError(_("到会 {present} 户，超过应到 {total} 户").format(
                present=h_present, total=h_total), "households_present")
    return VoteRecord(parsed, total, n_present, n_for, n_against, n_abstain, h_total, h_present)


def _quorum(record: VoteRecord) -> tuple[bool, str]:
    body, total, present = record.body, record.members_total or 0, record.present
    if body == VotingBody.SPEAK_UP:
        if present == 0:
            return False, _("无人参加表决")
        return True, _("村民说事为协商议事，不设法定人数；到会 {present} 人").format(
            present=present)
    if body == VotingBody.REPRESENTATIVES:
        met = present * 3 >= total * 2
        return met, (_("到会 {present} 人，达到应到 {total} 人的三分之二") if met
                     else _("到会 {present} 人，不足应到 {total} 人的三分之二")).format(
            present=present, total=total)
    if present * 2 > total:
        return True, _("到会 {present} 人，超过应到 {total} 人的半数").format(
            present=present, total=total)
    h_total, h_present = record.households_total, record.households_present
    if body == VotingBody.VILLAGERS_ASSEMBLY and h_total and h_present is not None:
        if h_present * 3 >= h_total * 2:
            return True, _("到会 {hp} 户，达到应到 {ht} 户的三分之二").format(
                hp=h_present, ht=h_total)
        return False, _("到会 {present} 人，未超过应到 {total} 人的半数；"
                        "到会 {hp} 户，也不足应到 {ht} 户的三分之二").format(
            present=present, total=total, hp=h_present, ht=h_total)
    return False, _("到会 {present} 人，未超过应到 {total} 人的半数").format(
        present=present, total=total)


def evaluate_vote(record: VoteRecord) -> VoteOutcome:
    """Quorum first, then more than half of those present in favour (ties and abstentions fail)."""
    quorum_met, quorum_reason = _quorum(record)
    if not quorum_met:
        return VoteOutcome(False, False, _("{quorum}，未达到法定人数，表决无效").format(
            quorum=quorum_reason))
    passed = record.for_ * 2 > record.present
    result = (_("赞成 {f} 票，超过到会人数的半数，表决通过") if passed
              else _("赞成 {f} 票，未超过到会人数 {present} 的半数，表决未通过"))
    return VoteOutcome(True, passed, _("{quorum}；{result}").format(
        quorum=quorum_reason, result=result.format(f=record.for_, present=record.present)))
