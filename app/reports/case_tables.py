"""The four case reports as tables: their grouping key, lines, measures and derived figures.

Each builder returns a :class:`Layout` — everything needed both to compute
the table and to find the cases behind one of its cells — so
:func:`app.reports.compute.compute_report` and
:func:`app.reports.compute.drill_down` share one definition.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from app.domain.codes import CATEGORIES, MEDIATION_TYPES
from app.domain.text import N_, _
from app.reports import definitions as d
from app.reports.columns import (
    Groups,
    Measure,
    mediation_measures,
    mediator_measures,
    multi_source_measures,
)
from app.reports.engine import (
    CaseTable,
    Line,
    day_figures,
    durations,
    rate,
    score_figures,
    scores,
)
from app.reports.model import Cell, Column, Period
from app.reports.scope import Network, Resolved
from app.store.models import Case, Mediator

Derive = Callable[[Session, Period, dict[str, dict[str, Cell]]], None]


@dataclass(frozen=True)
class Layout:
    """A case table ready to compute: spec, measure groups, lines, notes, derived figures."""

    table: CaseTable
    groups: Groups
    lines: tuple[Line, ...]
    footnotes: tuple[str, ...]
    derive: Derive

    @property
    def measures(self) -> tuple[Measure, ...]:
        """Every measure, left to right."""
        return tuple(m for _label, ms in self.groups for m in ms)


TOTAL = "total"


def _total() -> Line:
    return Line(TOTAL, _("合计"), 0, None)


def _success_rates(cells: dict[str, dict[str, Cell]]) -> None:
    for row in cells.values():
        succeeded, failed = row.get("succeeded"), row.get("not_agreed", 0)
        row["success_rate"] = rate(succeeded, int(succeeded or 0) + int(failed or 0))


def _days(session: Session, period: Period, cells: dict[str, dict[str, Cell]],
          table: CaseTable, lines: tuple[Line, ...], p90: bool) -> None:
    figures = day_figures(lines, durations(session, table, period))
    for key, (median, ninety) in figures.items():
        cells[key]["median_days"] = median
        if p90:
            cells[key]["p90_days"] = ninety


def mediation(scope: Resolved) -> Layout:
    """人民调解案件统计表: one line per dispute category, 合计 first."""
    lines = (_total(), *(Line(k, _(v), 2, frozenset({k})) for k, v in CATEGORIES.items()))
    groups = mediation_measures()
    table = CaseTable(d.category_key(), tuple(m for _g, ms in groups for m in ms),
                      tuple(scope.cases()))
    return Layout(table, groups, lines, d.FOOTNOTES, lambda s, p, c: _success_rates(c))


def organisation_level(network: Network, org_id: int) -> str:
    """The settlement level an organisation counts at (see the module docstring of definitions)."""
    _code, _name, kind, region = network.organisations[org_id]
    if kind in d.PROFESSIONAL_KINDS:
        return "professional"
    if kind == "village_committee":
        return "village"
    if kind == "town_committee":
        return "town"
    level = network.regions[region][2] if region is not None else "county"
    return {"village": "village", "grid": "village", "town": "town"}.get(level, "county")


def by_organisation(scope: Resolved, network: Network, present: frozenset[int] | None) -> Layout:
    """The same table with one line per organisation, grouped by level with subtotals.

    ``present`` adds organisations outside the scope list that the data
    names (a case handled by an organisation since set aside); None when
    only laying out lines to find a cell's cases.
    """
    orgs = set(scope.organisations if scope.organisations is not None
               else network.organisations) | set(present or ())
    by_level: dict[str, list[int]] = {level: [] for level in d.LEVELS}
    for oid in orgs:
        by_level[organisation_level(network, oid)].append(oid)
    lines: list[Line] = [_total()]
    for level, label in d.LEVELS.items():
        members = sorted(by_level[level], key=lambda o: network.organisations[o][0])
        if not members:
            continue
        lines.append(Line(f"level:{level}", _(label), 1, frozenset(members)))
        lines.extend(Line(f"org:{network.organisations[o][0]}", network.organisations[o][1], 2,
                          frozenset({o})) for o in members)
    groups: Groups = (*mediation_measures(), (N_("化解层级"), (
        Measure(Column("settled_share", N_("占调解成功"), "rate")),)))
    table = CaseTable(d.handling_organisation(), tuple(m for _g, ms in groups for m in ms),
                      tuple(scope.cases()))

    def derive(_s: Session, _p: Period, cells: dict[str, dict[str, Cell]]) -> None:
        _success_rates(cells)
        total = cells[TOTAL].get("succeeded")
        for row in cells.values():
            row["settled_share"] = rate(row.get("succeeded"), total)

    return Layout(table, groups, tuple(lines), (*d.FOOTNOTES, d.LEVEL_FOOTNOTE), derive)


def below_county(cells: dict[str, dict[str, Cell]]) -> Decimal | None:
    """The share of 调解成功 settled below the county (town, village, professional levels)."""
    below = sum(int(cells.get(f"level:{lv}", {}).get("succeeded") or 0)
                for lv in ("town", "village", "professional"))
    return rate(below, cells[TOTAL].get("succeeded"))


def multi_source(scope: Resolved) -> Layout:
    """多元调解: outcome and timeliness per mediation type."""
    lines = (_total(), *(Line(k, _(v), 2, frozenset({k})) for k, v in MEDIATION_TYPES.items()))
    groups = multi_source_measures()
    table = CaseTable(d.mediation_type_key(), tuple(m for _g, ms in groups for m in ms),
                      tuple(scope.cases()))

    def derive(session: Session, period: Period, cells: dict[str, dict[str, Cell]]) -> None:
        _success_rates(cells)
        _days(session, period, cells, table, lines, p90=True)

    return Layout(table, groups, lines, (*d.FOOTNOTES[:3], d.TIME_FOOTNOTE), derive)


NO_MEDIATOR = 0


def mediators(session: Session, scope: Resolved, present: frozenset[int] | None) -> Layout:
    """Mediators: cases handled and settled, days taken, follow-up satisfaction per aspect.

    A case counts for its lead mediator; cases with none form their own line.
    ``present`` are the mediator ids the data names (None: every mediator).
    """
    ids = present if present is not None else frozenset(
        {NO_MEDIATOR, *session.scalars(select(Mediator.id))})
    names: dict[int, str] = {mid: name for mid, name in session.execute(
        select(Mediator.id, Mediator.name).where(Mediator.id.in_(sorted(ids))))}
    lines = [_total()]
    for mid in sorted(ids - {NO_MEDIATOR}, key=lambda m: (names.get(m, ""), m)):
        lines.append(Line(f"mediator:{mid}", names.get(mid, str(mid)), 2, frozenset({mid})))
    if NO_MEDIATOR in ids:
        lines.append(Line("mediator:none", _("未指定调解员"), 2, frozenset({NO_MEDIATOR})))
    groups = mediator_measures()
    key: ColumnElement[Any] = func.coalesce(Case.lead_mediator_id, NO_MEDIATOR)
    table = CaseTable(key, tuple(m for _g, ms in groups for m in ms),
                      tuple(scope.cases()), visits=True)
    frozen = tuple(lines)

    def derive(s: Session, period: Period, cells: dict[str, dict[str, Cell]]) -> None:
        _success_rates(cells)
        _days(s, period, cells, table, frozen, p90=False)
        for key, aspects in score_figures(frozen, scores(s, table, period)).items():
            cells[key].update(aspects)

    notes = (*d.FOOTNOTES[:3], d.TIME_FOOTNOTE,
             N_("回访：统计期内进行过回访的案件；满意度为统计期内回访评分（1–5分）的平均数。"))
    return Layout(table, groups, frozen, notes, derive)
