"""The reports' entry points: compute a report, list the records behind a cell, list scopes.

Every entry point checks ``stats.read`` and narrows to the user's scope
(app/services/security/access.py) inside one read session.  A table and its
drill-downs are laid out by the same builders (app/reports/case_tables.py,
app/reports/meeting_table.py), so a cell's number is the length of its list.
Each report carries its 环比 (previous period) and 同比 (same period last
year) total lines.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import case as when
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.domain.errors import ValidationError
from app.domain.text import N_, _
from app.reports import case_tables, meeting_table
from app.reports import definitions as d
from app.reports.case_tables import TOTAL, Layout
from app.reports.columns import Groups
from app.reports.engine import Line, add_up, drill, grouped, grouped_apart, summed_columns
from app.reports.model import (
    REPORT_TITLES,
    Cell,
    Column,
    ColumnGroup,
    Comparison,
    DrillDown,
    Period,
    ReportKind,
    ReportTable,
    Row,
    Scope,
    ScopeChoice,
)
from app.reports.scope import Network, Resolved, choices, resolve
from app.services.errors import NotFoundError
from app.services.security.access import require
from app.services.security.users import UserInfo
from app.store.database import Database
from app.store.models import Case


def _layout(session: Session, kind: ReportKind, scope: Resolved, network: Network,
            present: frozenset[Any] | None) -> Layout:
    if kind is ReportKind.MEDIATION:
        return case_tables.mediation(scope)
    if kind is ReportKind.BY_ORGANISATION:
        return case_tables.by_organisation(scope, network, present)
    if kind is ReportKind.MULTI_SOURCE:
        return case_tables.multi_source(scope)
    return case_tables.mediators(session, scope, present)


def _translated(groups: Groups) -> tuple[ColumnGroup, ...]:
    return tuple(ColumnGroup(_(label), tuple(
        Column(m.column.key, _(m.column.label), m.column.kind, m.column.entity) for m in ms))
        for label, ms in groups)


def _total_cells(session: Session, layout: Layout, period: Period) -> dict[str, Cell]:
    """The 合计 line of ``period``, its derived figures included, counted without grouping."""
    every = grouped(session, layout.table, period, by_key=False)
    cells = add_up(layout.lines, every, summed_columns(layout.measures))
    layout.derive(session, period, cells)
    return cells[TOTAL]


def _comparison_periods(period: Period) -> tuple[tuple[str, Period], ...]:
    """环比 (the period before) and 同比 (the same period last year)."""
    return ((_("环比"), period.previous()), (_("同比"), period.same_last_year()))


class _Totals:
    """The 合计 line of other periods, each computed once (a year's 环比 is its 同比)."""

    def __init__(self, compute: Callable[[Period], dict[str, Cell]]) -> None:
        self._compute = compute
        self._seen: dict[Period, dict[str, Cell]] = {}

    def __call__(self, period: Period) -> dict[str, Cell]:
        if period not in self._seen:
            self._seen[period] = self._compute(period)
        return self._seen[period]


def _total_apart(db: Database, layout: Layout, period: Period) -> dict[str, Cell]:
    """The 合计 line of ``period`` in a session of its own (run beside the main table)."""
    with db.session() as s:
        return _total_cells(s, layout, period)


def _case_report(db: Database, session: Session, kind: ReportKind, period: Period,
                 scope: Resolved, network: Network) -> ReportTable:
    """The table of ``period`` and its 环比 and 同比 totals.

    The comparison periods are counted on other threads, each in its own
    read session, while this one counts the table: the database does the
    work (SQLite and psycopg let go of the GIL while a query runs), so on a
    machine with two cores a year's table and last year's total take about
    as long as the table alone.
    """
    probe = _layout(session, kind, scope, network, None)
    others = {other for _label, other in _comparison_periods(period)}
    with ThreadPoolExecutor(max_workers=len(others),
                            thread_name_prefix="report-period") as pool:
        apart = {other: pool.submit(_total_apart, db, probe, other) for other in others}
        by_key = grouped_apart(db, probe.table, period)
        totals = {other: future.result() for other, future in apart.items()}
    layout = _layout(session, kind, scope, network, frozenset(by_key)) if kind in (
        ReportKind.BY_ORGANISATION, ReportKind.MEDIATORS) else probe
    cells = add_up(layout.lines, by_key, summed_columns(layout.measures))
    layout.derive(session, period, cells)
    notes = [_(n) for n in layout.footnotes]
    if kind is ReportKind.BY_ORGANISATION:
        share = case_tables.below_county(cells)
        notes.append(_("县级以下（镇、村、行业性专业性调委会）化解占调解成功的 {share}。").format(
            share="—" if share is None else f"{share * 100:.1f}%"))
    comparisons = tuple(Comparison(label, other, totals[other])
                        for label, other in _comparison_periods(period))
    parts = (_channel_part(session, period, scope),) if kind is ReportKind.MULTI_SOURCE else ()
    return ReportTable(kind, _(REPORT_TITLES[kind]), _("件"), scope.label, period,
                       _translated(layout.groups),
                       tuple(Row(ln.key, ln.label, ln.level, cells[ln.key])
                             for ln in layout.lines),
                       tuple(notes), comparisons, parts)


CHANNEL_NOTE = N_(
    "转入：统计期内登记、来源为该渠道的案件；转出：统计期内第一次移送外部机关所走的渠道；"
    "退回：统计期内外部机关退回、此前经该渠道移送的案件。")


def _channel_reach(period: Period) -> Any:
    return or_(d.touched(period), d.referred_in_period(period))


def _channel_lines() -> list[tuple[str, str | None, str]]:
    return [(f"channel:{TOTAL}", None, _("合计")),
            *((f"channel:{k}", k, _(v[0])) for k, v in d.CHANNELS.items())]


def _channel_part(session: Session, period: Period, scope: Resolved) -> ReportTable:
    """Referrals in and out by channel, with acceptance and return counts."""
    columns = [c for _g, cs in d.CHANNEL_COLUMNS for c in cs]
    lines = _channel_lines()
    sums = [func.sum(when((d.channel_cell(channel, c.key)(period), 1), else_=0))
            for _key, channel, _label in lines for c in columns]
    values = iter(session.execute(select(*sums).select_from(Case).where(
        _channel_reach(period), *scope.cases())).one())
    rows = tuple(Row(key, label, 0 if channel is None else 2,
                     {c.key: int(next(values) or 0) for c in columns})
                 for key, channel, label in lines)
    groups = tuple(ColumnGroup(_(g), tuple(Column(c.key, _(c.label)) for c in cs))
                   for g, cs in d.CHANNEL_COLUMNS)
    return ReportTable(ReportKind.MULTI_SOURCE, _("诉调、警调、访调对接及部门移交"), _("件"),
                       scope.label, period, groups, rows, (_(CHANNEL_NOTE),))


def _meeting_report(session: Session, period: Period, scope: Resolved,
                    network: Network) -> ReportTable:
    probe = meeting_table.layout(scope, network, None)
    by_key = meeting_table.count(session, probe, period)
    spec = meeting_table.layout(scope, network, frozenset(by_key))
    columns = [c for g in meeting_table.GROUPS for c in g.columns]
    cells = add_up(spec.lines, by_key, columns)
    comparisons = []
    totals = _Totals(lambda other: add_up(
        spec.lines[:1], meeting_table.count(session, spec, other), columns)[TOTAL])
    for label, other in _comparison_periods(period):
        comparisons.append(Comparison(label, other, totals(other)))
    groups = tuple(ColumnGroup(_(g.label), tuple(
        Column(c.key, _(c.label), c.kind, c.entity) for c in g.columns))
        for g in meeting_table.GROUPS)
    return ReportTable(ReportKind.MEETINGS, _(REPORT_TITLES[ReportKind.MEETINGS]), _("次、件"),
                       scope.label, period, groups,
                       tuple(Row(ln.key, ln.label, ln.level, cells[ln.key]) for ln in spec.lines),
                       tuple(_(n) for n in meeting_table.FOOTNOTES), tuple(comparisons))


def compute_report(db: Database, actor: UserInfo, kind: ReportKind, period: Period,
                   scope: Scope) -> ReportTable:
    """The report ``kind`` for ``period`` over ``scope`` as the user may see it."""
    with db.session() as s:
        access = require(s, actor, "stats.read")
        network = Network.read(s)
        resolved = resolve(s, access, scope, network)
        if kind is ReportKind.MEETINGS:
            return _meeting_report(s, period, resolved, network)
        return _case_report(db, s, kind, period, resolved, network)


def _line(lines: tuple[Line, ...], row_key: str) -> Line:
    line = next((ln for ln in lines if ln.key == row_key), None)
    if line is None:
        raise NotFoundError(_("报表中没有“{row}”这一行").format(row=row_key))
    return line


def _title(kind: ReportKind, period: Period, row: str, column: Column) -> str:
    return _("{report} · {period} · {row} · {column}").format(
        report=_(REPORT_TITLES[kind]), period=period.label, row=row, column=_(column.label))


def drill_down(db: Database, actor: UserInfo, kind: ReportKind, period: Period, scope: Scope,
               row_key: str, column_key: str) -> DrillDown:
    """The cases (or meetings, matters) one cell of the report counts: exactly that many."""
    with db.session() as s:
        access = require(s, actor, "stats.read")
        network = Network.read(s)
        resolved = resolve(s, access, scope, network)
        if kind is ReportKind.MEETINGS:
            spec = meeting_table.layout(resolved, network, None)
            line = _line(spec.lines, row_key)
            column = _count_column([c for g in meeting_table.GROUPS for c in g.columns],
                                   column_key)
            ids = meeting_table.drill(s, spec, period, line, column_key)
            return DrillDown(_title(kind, period, line.label, column), column.entity, ids)
        if row_key.startswith("channel:"):
            return _channel_drill(s, kind, period, resolved, row_key, column_key)
        layout = _layout(s, kind, resolved, network, None)
        line = _line(layout.lines, row_key)
        measure = next((m for m in layout.measures if m.column.key == column_key
                        and m.column.counts_cases), None)
        if measure is None:
            raise NotFoundError(_("“{column}”不是可以列出案件的栏目").format(column=column_key))
        ids = drill(s, layout.table, period, line, measure)
        return DrillDown(_title(kind, period, line.label, measure.column), "case", ids)


def _count_column(columns: list[Column], key: str) -> Column:
    column = next((c for c in columns if c.key == key and c.counts_cases), None)
    if column is None:
        raise NotFoundError(_("“{column}”不是可以列出案件的栏目").format(column=key))
    return column


def _channel_drill(s: Session, kind: ReportKind, period: Period, scope: Resolved,
                   row_key: str, column_key: str) -> DrillDown:
    if kind is not ReportKind.MULTI_SOURCE:
        raise ValidationError(_("只有多元调解报表有对接渠道"), "row")
    found = next(((ch, label) for key, ch, label in _channel_lines() if key == row_key), None)
    if found is None:
        raise NotFoundError(_("报表中没有“{row}”这一行").format(row=row_key))
    channel, label = found
    column = _count_column([c for _g, cs in d.CHANNEL_COLUMNS for c in cs], column_key)
    ids = tuple(s.scalars(select(Case.id).where(
        _channel_reach(period), *scope.cases(), d.channel_cell(channel, column_key)(period))
        .order_by(Case.received_at, Case.id)))
    return DrillDown(_title(kind, period, label, column), "case", ids)


def scopes_for(db: Database, actor: UserInfo) -> list[ScopeChoice]:
    """The scopes the user may pick: everything they see, their regions, their organisations."""
    with db.session() as s:
        access = require(s, actor, "stats.read")
        return choices(access, Network.read(s))
