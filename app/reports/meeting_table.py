"""村民说事 per village: meetings held, matters raised (说), decided (议), done (办), rated (评).

A meeting counts in the period it was held; its matters count with it, and
their stage is read as at the end of the period (a matter finished later is
carried over).  Lines are villages under their town, with town subtotals.
As for cases, each column is one condition, and a cell's drill-down lists
the meetings or matters matching it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, not_, or_, select
from sqlalchemy import case as when
from sqlalchemy.orm import Session

from app.domain.text import N_, _
from app.reports.engine import Line
from app.reports.model import Cell, Column, ColumnGroup, Period
from app.reports.scope import Network, Resolved
from app.store.models import Meeting, MeetingItem

ItemCondition = Callable[[Period], ColumnElement[bool]]
CLOSED = ("done", "evaluated")


def _held(p: Period) -> ColumnElement[bool]:
    return and_(Meeting.held_at >= datetime.combine(p.start, time.min),
                Meeting.held_at < datetime.combine(p.end + timedelta(days=1), time.min))


def _closed_by_end(p: Period) -> ColumnElement[bool]:
    return and_(MeetingItem.stage.in_(CLOSED),
                or_(MeetingItem.done_on.is_(None), MeetingItem.done_on <= p.end))


def _satisfied() -> ColumnElement[bool]:
    pleased = func.coalesce(MeetingItem.satisfied, 0) + func.coalesce(
        MeetingItem.basically_satisfied, 0)
    return and_(MeetingItem.stage == "evaluated",
                pleased > func.coalesce(MeetingItem.dissatisfied, 0))


ITEM_MEASURES: tuple[tuple[Column, ItemCondition], ...] = (
    (Column("raised", N_("说事"), entity="matter"), lambda p: MeetingItem.id.is_not(None)),
    (Column("discussed", N_("议事"), entity="matter"), lambda p: MeetingItem.stage != "raised"),
    (Column("done", N_("办事"), entity="matter"), lambda p: MeetingItem.stage.in_(CLOSED)),
    (Column("evaluated", N_("评事"), entity="matter"),
     lambda p: MeetingItem.stage == "evaluated"),
    (Column("satisfied", N_("满意"), entity="matter"), lambda p: _satisfied()),
    (Column("carried_over", N_("结转"), entity="matter"), lambda p: not_(_closed_by_end(p))),
    (Column("overdue", N_("逾期"), entity="matter"),
     lambda p: and_(not_(_closed_by_end(p)), MeetingItem.deadline < p.end)),
    (Column("to_case", N_("转调解案件"), entity="matter"),
     lambda p: MeetingItem.case_id.is_not(None)),
)
MEETINGS = Column("meetings", N_("会议"), entity="meeting")
GROUPS = (
    ColumnGroup(N_("说事会"), (MEETINGS,)),
    ColumnGroup(N_("事项"), tuple(c for c, _cond in ITEM_MEASURES)),
)
FOOTNOTES = (
    N_("按说事会召开日期计入统计期；事项随其会议计入，办理情况截至统计期末。"),
    N_("议事：已议定办理意见；办事：已办结；评事：已由村民评议；满意：评议中满意和基本满意多于不满意；"
       "结转：统计期末尚未办结；逾期：结转且已过办理期限；转调解案件：转为矛盾纠纷调解的事项。"),
)


@dataclass(frozen=True)
class MeetingLayout:
    """The lines and scope of a 村民说事 table."""

    lines: tuple[Line, ...]
    scope: tuple[ColumnElement[bool], ...]


def layout(scope: Resolved, network: Network, present: frozenset[int] | None) -> MeetingLayout:
    """Villages in scope (and any the data names) under their towns, 合计 first."""
    villages = {r for r, (_c, _n, level, _p) in network.regions.items() if level == "village"
                and (scope.regions is None or r in scope.regions)} | {
                    v for v in present or () if v in network.regions}
    towns: dict[int | None, list[int]] = {}
    for v in villages:
        towns.setdefault(network.regions[v][3], []).append(v)
    lines = [Line("total", _("合计"), 0, None)]
    for town in sorted(towns, key=lambda t: network.regions[t][0] if t is not None else ""):
        members = sorted(towns[town], key=lambda v: network.regions[v][0])
        label = network.regions[town][1] if town is not None else _("其他")
        lines.append(Line(f"town:{network.regions[town][0] if town else 'none'}", label, 1,
                          frozenset(members)))
        lines.extend(Line(f"village:{network.regions[v][0]}", network.regions[v][1], 2,
                          frozenset({v})) for v in members)
    return MeetingLayout(tuple(lines), tuple(scope.meetings()))


def count(session: Session, spec: MeetingLayout, period: Period
          ) -> dict[Any, dict[str, Cell]]:
    """Village id → meetings held and the summed matter columns."""
    out: dict[Any, dict[str, Cell]] = {}
    meetings = select(Meeting.village_id, func.count(Meeting.id)).where(
        _held(period), *spec.scope).group_by(Meeting.village_id)
    for village, n in session.execute(meetings):
        out.setdefault(village, {})["meetings"] = int(n)
    items = (select(Meeting.village_id, *(func.sum(when((cond(period), 1), else_=0))
                                          for _c, cond in ITEM_MEASURES))
             .select_from(MeetingItem).join(Meeting, Meeting.id == MeetingItem.meeting_id)
             .where(_held(period), *spec.scope).group_by(Meeting.village_id))
    for village, *values in session.execute(items):
        row = out.setdefault(village, {})
        row.update({c.key: int(v or 0) for (c, _cond), v in zip(ITEM_MEASURES, values,
                                                                  strict=True)})
    for row in out.values():
        row.setdefault("meetings", 0)
        for column, _cond in ITEM_MEASURES:
            row.setdefault(column.key, 0)
    return out


def drill(session: Session, spec: MeetingLayout, period: Period, line: Line,
          column_key: str) -> tuple[int, ...]:
    """The meetings or matters one cell counts, oldest first."""
    where: list[ColumnElement[bool]] = [_held(period), *spec.scope]
    if line.members is not None:
        where.append(Meeting.village_id.in_(sorted(line.members)))
    if column_key == MEETINGS.key:
        return tuple(session.scalars(select(Meeting.id).where(*where)
                                     .order_by(Meeting.held_at, Meeting.id)))
    cond = next(c for col, c in ITEM_MEASURES if col.key == column_key)
    return tuple(session.scalars(
        select(MeetingItem.id).join(Meeting, Meeting.id == MeetingItem.meeting_id)
        .where(*where, cond(period)).order_by(Meeting.held_at, MeetingItem.ordinal,
                                              MeetingItem.id)))
