"""The series the reports page draws: a monthly trend, the categories, the settlement levels.

People would rather look than read for three questions: is the work
growing (cases received against cases concluded, month by month), which
disputes dominate (受理 and 调解成功 per category), and where disputes are
settled (调解成功 per level: village, town, professional committees, county
— the figure "小事不出村、大事不出镇、矛盾不上交" is judged by).  Every
number comes from the definitions of app/reports/definitions.py through the
same table builders as the reports, so a bar and the table cell beside it
agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case as when
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.reports import case_tables
from app.reports import definitions as d
from app.reports.case_tables import TOTAL, Layout
from app.reports.engine import add_up, grouped, summed_columns
from app.reports.model import Cell, Period, Scope
from app.reports.scope import Network, Resolved, resolve
from app.services.security.access import require
from app.services.security.users import UserInfo
from app.store.database import Database
from app.store.models import Case

TREND_MONTHS = 12
"""How many months the trend shows, ending with the report period's last month."""


@dataclass(frozen=True)
class MonthPoint:
    """One month of the trend: 受理 (by receipt date) and 办结 (by closing date)."""

    period: Period
    received: int
    concluded: int


@dataclass(frozen=True)
class Bar:
    """One labelled pair of figures (a category: received and succeeded)."""

    label: str
    received: int
    succeeded: int


@dataclass(frozen=True)
class ChartData:
    """Everything the charts panel draws for one period and scope."""

    period: Period
    scope_label: str
    trend: tuple[MonthPoint, ...]
    categories: tuple[Bar, ...]
    levels: tuple[tuple[str, int], ...]
    """(level, 调解成功) from the village up, levels without a settlement left out."""


def trend_months(period: Period, months: int = TREND_MONTHS) -> list[Period]:
    """The ``months`` calendar months ending with the month ``period`` ends in, oldest first."""
    last = Period.month(period.end.year, period.end.month)
    out = [last]
    while len(out) < months:
        out.append(out[-1].previous())
    return list(reversed(out))


def _trend(session: Session, scope: Resolved, period: Period) -> tuple[MonthPoint, ...]:
    points = []
    for month in trend_months(period):
        received, concluded = session.execute(
            select(func.sum(when((d.received(month), 1), else_=0)),
                   func.sum(when((d.concluded(month), 1), else_=0)))
            .select_from(Case).where(d.touched(month), *scope.cases())).one()
        points.append(MonthPoint(month, int(received or 0), int(concluded or 0)))
    return tuple(points)


def _lines(session: Session, layout: Layout, period: Period) -> dict[str, dict[str, Cell]]:
    return add_up(layout.lines, grouped(session, layout.table, period),
                  summed_columns(layout.measures))


def _categories(session: Session, scope: Resolved, period: Period) -> tuple[Bar, ...]:
    layout = case_tables.mediation(scope)
    cells = _lines(session, layout, period)
    bars = [Bar(line.label, int(cells[line.key]["received"] or 0),
                int(cells[line.key]["succeeded"] or 0))
            for line in layout.lines if line.key != TOTAL]
    return tuple(sorted((b for b in bars if b.received or b.succeeded),
                        key=lambda b: (-b.received, -b.succeeded)))


def _levels(session: Session, scope: Resolved, network: Network,
            period: Period) -> tuple[tuple[str, int], ...]:
    layout = case_tables.by_organisation(scope, network, None)
    probe = grouped(session, layout.table, period)
    layout = case_tables.by_organisation(scope, network, frozenset(probe))
    cells = add_up(layout.lines, probe, summed_columns(layout.measures))
    labels = {line.key: line.label for line in layout.lines}
    order = ("village", "town", "professional", "county")
    return tuple((labels[f"level:{lv}"], int(cells[f"level:{lv}"]["succeeded"] or 0))
                 for lv in order if f"level:{lv}" in cells
                 and cells[f"level:{lv}"]["succeeded"])


def chart_data(db: Database, actor: UserInfo, period: Period, scope: Scope) -> ChartData:
    """The trend, category and level series for ``period`` over ``scope``, as the user may see."""
    with db.session() as s:
        access = require(s, actor, "stats.read")
        network = Network.read(s)
        resolved = resolve(s, access, scope, network)
        return ChartData(period, resolved.label, _trend(s, resolved, period),
                         _categories(s, resolved, period),
                         _levels(s, resolved, network, period))
