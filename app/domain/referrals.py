"""Kinds of case movement (指派 and 流转) and where each may go.

A case may be handed to a mediator organisation inside the county (assigned,
passed up or down the village → town → county levels, or across to a
specialised committee), sent out to a body outside the mediation network
(court, police, petition office, administrative department), or come in
from one (a court's pre-filing delegation, entrusted mediation, a 110
referral).  Each kind says which side is an organisation and which an outside
body, so the services can refuse a referral that names the wrong one.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from app.domain.errors import ValidationError
from app.domain.text import N_, _


class Direction(StrEnum):
    """Which sides of a referral are organisations in the case base."""

    INTERNAL = "internal"
    """From one organisation to another."""
    OUTBOUND = "outbound"
    """From an organisation to an outside body (court, police, department…)."""
    INBOUND = "inbound"
    """From an outside body to an organisation."""


REFERRAL_KINDS: Mapping[str, str] = {
    "assign": N_("分流指派"),
    "up": N_("上报上级调解"),
    "down": N_("交办下级调解"),
    "transfer": N_("移交专业调解"),
    "court_pre_filing": N_("法院诉前委派"),
    "court_entrusted": N_("法院委托调解"),
    "police_in": N_("警调对接移交"),
    "court": N_("引导诉讼（移送法院）"),
    "police": N_("移交公安机关"),
    "petition": N_("转信访部门"),
    "department": N_("移交行政部门"),
    "external": N_("移送其他机关"),
    "return": N_("外部机关退回"),
}

DIRECTIONS: Mapping[str, Direction] = {
    "assign": Direction.INTERNAL,
    "up": Direction.INTERNAL,
    "down": Direction.INTERNAL,
    "transfer": Direction.INTERNAL,
    "court_pre_filing": Direction.INBOUND,
    "court_entrusted": Direction.INBOUND,
    "police_in": Direction.INBOUND,
    "court": Direction.OUTBOUND,
    "police": Direction.OUTBOUND,
    "petition": Direction.OUTBOUND,
    "department": Direction.OUTBOUND,
    "external": Direction.OUTBOUND,
    "return": Direction.INBOUND,
}

LEVEL_RANK: Mapping[str, int] = {"grid": 0, "village": 1, "town": 2, "county": 3, "city": 4}
"""Administrative levels from the bottom up; an organisation's level is its region's."""

REFERABLE_KINDS = tuple(k for k in REFERRAL_KINDS if k not in ("assign", "return"))
"""Kinds a user may choose in the referral dialog (assignment and return have their own)."""


def organisation_level(region_level: str | None) -> str:
    """village, town or county: grids count as their village, cities as the county."""
    if region_level in ("grid", "village"):
        return "village"
    if region_level == "town":
        return "town"
    return "county"


def internal_kind(from_level: str, to_level: str) -> str:
    """up, down or transfer, from the levels of the two organisations."""
    difference = LEVEL_RANK[organisation_level(to_level)] - LEVEL_RANK[
        organisation_level(from_level)]
    return "up" if difference > 0 else "down" if difference < 0 else "transfer"


def check_referral(kind: str, to_organisation: bool, external_party: str | None) -> None:
    """Refuse a referral whose target does not fit its kind (organisation vs outside body)."""
    if kind not in REFERRAL_KINDS:
        raise ValidationError(
            _("“{key}”不是有效的流转类型，可选：{allowed}").format(
                key=kind, allowed=", ".join(REFERRAL_KINDS)), "kind")
    direction = DIRECTIONS[kind]
    if direction == Direction.INTERNAL and not to_organisation:
        raise ValidationError(_("“{kind}”须选择接收的调解组织").format(
            kind=_(REFERRAL_KINDS[kind])), "to")
    if direction != Direction.INTERNAL and not (external_party or "").strip():
        raise ValidationError(_("“{kind}”须填写外部机关的名称").format(
            kind=_(REFERRAL_KINDS[kind])), "external")
    if direction == Direction.OUTBOUND and to_organisation:
        raise ValidationError(_("移送外部机关时不能同时选择调解组织"), "to")


def kind_label(kind: str) -> str:
    """The translated name of a referral kind (unknown kinds shown as stored)."""
    message = REFERRAL_KINDS.get(kind)
    return kind if message is None else _(message)
