"""The definitions every report counts by, written once.

Which date puts a case in a period, what success is, which source is which,
which level an organisation settles at.  The per-case facts built on them
are in app/reports/facts.py and the columns (a SQL condition each on those
facts) in app/reports/columns.py: a cell is ``COUNT`` of the records
matching its row's condition and its column's condition, and its drill-down
lists the records matching the same two conditions, so the number shown
always equals the lines listed.

The rules (printed as footnotes under each table, see :data:`FOOTNOTES`):

- **受理** counts a case in the period it was received (``received_at``);
  cases refused at intake (不予受理) are not 受理.
- **Outcomes** (调解成功, 调解不成, 撤回, 移送, agreements, performance,
  judicial confirmation, prevention) count a case in the period mediation
  ended (``closed_on``: the agreement's signing day, the termination day,
  the day an outside body accepted the case).
- **调解成功** is an agreement reached (written or oral, PML arts 28–30);
  成功率 = 调解成功 ÷ (调解成功 + 调解不成).
- **Case sources**: 主动调解 = own initiative, grid report, 村民说事;
  接受委托移送 = court, police, petition office, department or 12345
  referral (PML art 18); 依申请 = everything else (a party applied).
- **Levels** for 小事不出村、大事不出镇: a village committee settles in the
  village, a town committee in the town, professional and industry
  committees are their own level, everything else is county level.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, false, func, not_, or_, select
from sqlalchemy import case as when
from sqlalchemy.orm import aliased

from app.domain.codes import CATEGORIES, MEDIATION_TYPES, SOURCES
from app.domain.text import N_
from app.reports.model import Column, Period
from app.store.models import (
    Case,
    Referral,
)

Condition = Callable[[Period], ColumnElement[bool]]

SOURCE_GROUPS: Mapping[str, tuple[str, ...]] = {
    "proactive": ("proactive", "grid_report", "villagers_meeting"),
    "referral": ("police_referral", "court_pre_filing", "court_entrusted", "petition_office",
                 "department_referral", "hotline_12345"),
}
"""主动调解 and 接受委托移送 by case source; every other source is 依申请."""
assert set(SOURCE_GROUPS["proactive"] + SOURCE_GROUPS["referral"]) <= set(SOURCES)

SUCCESS = "agreed"
LEVELS: Mapping[str, str] = {
    "county": N_("县级"),
    "town": N_("乡镇（街道）"),
    "village": N_("村（社区）"),
    "professional": N_("行业性专业性"),
}
"""The settlement levels in the order the by-organisation table groups them."""
PROFESSIONAL_KINDS = frozenset({"professional_committee", "enterprise_committee"})

FOOTNOTES: tuple[str, ...] = (
    N_("受理：按受理（登记）日期计入统计期；不予受理的不计。"),
    N_("调解结果、协议、履行、司法确认、防止类数字：按调解终结日期（协议签订、终止调解、"
       "撤回或移送外部机关之日）计入统计期。"),
    N_("调解成功：达成书面或口头调解协议；成功率 = 调解成功 ÷（调解成功 + 调解不成）。"),
    N_("主动调解：主动排查、网格上报、村民说事；接受委托移送：法院、公安、信访、行政部门、"
       "12345热线移交；其余为依申请。"),
    N_("协议涉及金额：调解成功案件协议中金钱给付义务的合计（元）。"),
    N_("履行：调解成功案件协议的当前履行状态；司法确认：已申请、确认有效、驳回的案件数。"),
)
LEVEL_FOOTNOTE = N_(
    "层级：村（社区）调委会为村级，乡镇（街道）调委会为镇级，行业性专业性调委会单列，"
    "其余（县矛调中心、法院、派出所、行政部门驻点）为县级；“小事不出村、大事不出镇、"
    "矛盾不上交”按县级以下化解占调解成功的比例衡量。")
TIME_FOOTNOTE = N_(
    "办理天数：受理日至调解终结日的天数；超期：终结晚于办理期限；延期：办理中批准过延长期限。")


def _bounds(p: Period) -> tuple[datetime, datetime]:
    return datetime.combine(p.start, time.min), datetime.combine(p.end + timedelta(days=1),
                                                                 time.min)


def received(p: Period) -> ColumnElement[bool]:
    """受理 in the period: received then, and not refused at intake."""
    lo, hi = _bounds(p)
    return and_(Case.received_at >= lo, Case.received_at < hi, Case.refusal_reason.is_(None))


def concluded(p: Period) -> ColumnElement[bool]:
    """Mediation ended in the period (any outcome except refusal)."""
    return concluded_between(p.start, p.end)


def concluded_between(start: Any, end: Any) -> ColumnElement[bool]:
    """:func:`concluded` from ``start`` to ``end`` (days, or bind parameters standing for them)."""
    return and_(Case.closed_on >= start, Case.closed_on <= end,
                Case.outcome.in_(("agreed", "not_agreed", "withdrawn", "referred_out")),
                Case.refusal_reason.is_(None))


def touched(p: Period) -> ColumnElement[bool]:
    """Received or concluded in the period: the rows any column of a case table may count."""
    lo, hi = _bounds(p)
    return or_(and_(Case.received_at >= lo, Case.received_at < hi),
               and_(Case.closed_on >= p.start, Case.closed_on <= p.end))


def category_key() -> ColumnElement[str]:
    """A case's row in the category table: its category, or 其他 when not in the list."""
    return when((Case.category.in_(list(CATEGORIES)), Case.category), else_="other")


def mediation_type_key() -> ColumnElement[str]:
    """A case's row in the 多元调解 table: its mediation type, people's mediation by default."""
    return when((Case.mediation_type.in_(list(MEDIATION_TYPES)), Case.mediation_type),
                else_="people")


def handling_organisation() -> ColumnElement[int]:
    """The organisation a case counts for: the one handling it now, else the receiving one."""
    return func.coalesce(Case.current_organisation_id, Case.organisation_id)


CHANNELS: Mapping[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "court": (N_("诉调对接"), ("court_pre_filing", "court_entrusted"), ("court",)),
    "police": (N_("警调对接"), ("police_referral",), ("police",)),
    "petition": (N_("访调对接"), ("petition_office",), ("petition",)),
    "hotline": (N_("12345热线"), ("hotline_12345",), ()),
    "department": (N_("部门移交"), ("department_referral",), ("department",)),
    "other": (N_("其他机关"), (), ("external",)),
}
"""Referral channels: label, the case sources that come in by it, the referral kinds that go out."""
OUTBOUND = tuple(k for _label, _in, out in CHANNELS.values() for k in out)


def _referred(p: Period, ref: Any) -> ColumnElement[bool]:
    """An accepted referral made in the period."""
    lo, hi = _bounds(p)
    return and_(ref.referred_at >= lo, ref.referred_at < hi, ref.status == "accepted")


def channel_in(channel: str, accepted: bool | None) -> Condition:
    """Came in by ``channel`` in the period (received then); accepted or refused at intake."""
    sources = CHANNELS[channel][1]

    def condition(p: Period) -> ColumnElement[bool]:
        if not sources:
            return false()
        lo, hi = _bounds(p)
        base = and_(Case.received_at >= lo, Case.received_at < hi, Case.source.in_(sources))
        if accepted is None:
            return base
        refused = Case.refusal_reason.is_not(None)
        return and_(base, not_(refused) if accepted else refused)
    return condition


def channel_out(channel: str) -> Condition:
    """Sent out in the period, the first outbound referral of the period going by ``channel``."""
    kinds = CHANNELS[channel][2]

    def condition(p: Period) -> ColumnElement[bool]:
        if not kinds:
            return false()
        out, first = aliased(Referral), aliased(Referral)
        first_id = select(func.min(first.id)).where(
            first.case_id == out.case_id, _referred(p, first), first.kind.in_(OUTBOUND)
        ).scalar_subquery()
        return exists(select(out.id).where(out.case_id == Case.id, out.id == first_id,
                                           out.kind.in_(kinds)))
    return condition


def channel_returned(channel: str) -> Condition:
    """Sent back in the period by an outside body that had received it by ``channel``.

    The period's first return counts, by the channel of the last outbound
    referral before it.
    """
    kinds = CHANNELS[channel][2]

    def condition(p: Period) -> ColumnElement[bool]:
        if not kinds:
            return false()
        back, first, out = aliased(Referral), aliased(Referral), aliased(Referral)
        first_id = select(func.min(first.id)).where(
            first.case_id == back.case_id, _referred(p, first), first.kind == "return"
        ).scalar_subquery()
        went_by = select(out.kind).where(
            out.case_id == back.case_id, out.kind.in_(OUTBOUND), out.id < back.id
        ).order_by(out.id.desc()).limit(1).scalar_subquery()
        return exists(select(back.id).where(back.case_id == Case.id, back.id == first_id,
                                            went_by.in_(kinds)))
    return condition


CHANNEL_COLUMNS: tuple[tuple[str, tuple[Column, ...]], ...] = (
    (N_("转入"), (Column("in", N_("合计")), Column("in_accepted", N_("受理")),
                  Column("in_refused", N_("不予受理")))),
    (N_("转出"), (Column("out", N_("移送")), Column("returned", N_("退回")))),
)
"""The columns of the referral-channel part of the 多元调解 report."""


def channel_cell(channel: str | None, column: str) -> Condition:
    """The condition of one cell of the channel part (``channel`` None: any channel, 合计).

    The channels do not overlap in any column (a source belongs to one
    channel; out and back go by the period's first outbound referral), so
    the 合计 line is the sum of the channel lines.
    """
    make: Callable[[str], Condition] = {
        "in": lambda c: channel_in(c, None), "in_accepted": lambda c: channel_in(c, True),
        "in_refused": lambda c: channel_in(c, False), "out": channel_out,
        "returned": channel_returned}[column]
    if channel is not None:
        return make(channel)
    return lambda p: or_(*(make(c)(p) for c in CHANNELS))


def referred_in_period(p: Period) -> ColumnElement[bool]:
    """Cases with an accepted referral in the period: the rows the channel part reads."""
    lo, hi = _bounds(p)
    return Case.id.in_(select(Referral.case_id).where(
        Referral.referred_at >= lo, Referral.referred_at < hi, Referral.status == "accepted"))
