"""Counting cases by one grouping key, and listing the cases behind any cell.

A table is a grouping key on ``Case`` (category, organisation, mediation
type, mediator), the lines (each a set of key values: one for a detail line,
several for a subtotal, all for 合计) and the measures of
app/reports/definitions.py.  One ``GROUP BY`` query sums every count column
over the key; a line adds up its key values.  The drill-down of a cell runs
the same column condition with ``key IN (the line's values)``, so the cell
and its list cannot disagree.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, Select, and_, cast, func, literal, select
from sqlalchemy import case as when
from sqlalchemy.orm import Session

from app.reports import facts, month_cache
from app.reports.columns import Measure
from app.reports.definitions import concluded
from app.reports.facts import Span
from app.reports.model import Cell, Column, Period
from app.store.database import Database
from app.store.models import Case, FollowUp

CENT = Decimal("0.01")
ALL = "*"
"""The one key of :func:`grouped` when it does not group by key: every case counted together."""


@dataclass(frozen=True)
class Line:
    """A line of a table: its key, label, level and the key values it adds up (None: all)."""

    key: str
    label: str
    level: int
    members: frozenset[Any] | None


@dataclass(frozen=True)
class CaseTable:
    """What a case table groups by, which rows it reads, and its measures."""

    key: ColumnElement[Any]
    measures: tuple[Measure, ...]
    scope: tuple[ColumnElement[bool], ...]
    visits: bool = False
    """Whether a column counts follow-up visits (the mediators' table)."""

    def facts(self, span: Span, side: str) -> Select[Any]:
        """The per-case facts of the cases this table reads within ``span`` by one side."""
        return facts.facts(span, self.key, self.scope, self.visits, side)


def grouped(session: Session, table: CaseTable, period: Period,
            by_key: bool = True) -> dict[Any, dict[str, Cell]]:
    """Key value → the summed columns (counts, people, money) of that key's cases.

    The cases are read by the side they entered the period by (received,
    concluded, ...: app/reports/facts.py), each side in one pass over its
    own index range, grouped by key alone: every column of that side sums
    its condition over the side's cases (the columns of other sides are 0
    there); the sides add up.  Grouping by the key alone keeps SQLite's
    sort to one short key per case (grouping by every fact as well cost
    three times as much at a million cases).  ``by_key`` False sums every
    case under one key, :data:`ALL`, without grouping at all (a 合计 line
    alone: SQLite then reads the range once and sorts nothing).  A period of whole
    months reads the months it has counted before from the month cache
    (app/reports/month_cache.py) and keeps the ones it counts.
    """
    results, fresh = [], []
    for mine, side, query in _side_queries(table, by_key):
        rows, new = month_cache.side_rows(session, side, query, period)
        results.append((mine, rows))
        fresh.extend(new)
    month_cache.store(session.get_bind(), fresh)
    return _fold(table, results)


def grouped_apart(db: Database, table: CaseTable, period: Period) -> dict[Any, dict[str, Cell]]:
    """:func:`grouped` by key, each side counted at once on its own thread and session.

    The sides read disjoint index ranges and the database does the work
    (SQLite and psycopg let go of the GIL while a query runs), so on two
    cores a table takes about as long as its larger side.  Each column
    comes from one side, so each is counted in one snapshot.  The months
    counted now are kept in one write once every side is done.
    """
    queries = _side_queries(table, by_key=True)
    with ThreadPoolExecutor(max_workers=len(queries), thread_name_prefix="report-side") as pool:
        futures = [(mine, pool.submit(_rows, db, side, query, period))
                   for mine, side, query in queries]
        done = [(mine, future.result()) for mine, future in futures]
    month_cache.store(db.engine, [e for _mine, (_rows, new) in done for e in new])
    return _fold(table, [(mine, rows) for mine, (rows, _new) in done])


SideQuery = tuple[list[Measure], str, Select[Any]]


def _side_queries(table: CaseTable, by_key: bool) -> list[SideQuery]:
    """Per side with columns in this table: its columns, the side, and the query summing them.

    The period's bounds are bind parameters (:data:`app.reports.facts.PARAMETERS`), so
    one query counts any period or month; money is summed in cents, so a sum of months
    is exactly the sum of their period.
    """
    summed = [m for m in table.measures if m.condition is not None]
    side_of = [facts.side_of(m.condition) for m in summed]  # type: ignore[arg-type]
    out: list[SideQuery] = []
    for side in facts.SIDES:
        if side == "visited" and not table.visits:
            continue
        mine = [m for m, its in zip(summed, side_of, strict=True) if its == side]
        if not mine:
            continue
        per_case = table.facts(facts.PARAMETERS, side).add_columns(
            Case.received_at.label("received_at"))
        f = facts.side_facts(per_case, side)
        columns: list[ColumnElement[Any]] = []
        for m in mine:
            assert m.condition is not None
            then: ColumnElement[Any] = literal(1) if m.value is None else f.c[m.value]
            if m.column.kind == "money":
                then = cast(func.round(then * 100), BigInteger)
            columns.append(func.sum(when((m.condition(f.c), then), else_=0)))
        out.append((mine, side, select(f.c.k, *columns).group_by(f.c.k) if by_key
                    else select(literal(ALL).label("k"), *columns)))
    return out


def _rows(db: Database, side: str, query: Select[Any], period: Period
          ) -> tuple[month_cache.Rows, list[month_cache.Entry]]:
    with db.session() as session:
        return month_cache.side_rows(session, side, query, period)


def _fold(table: CaseTable, results: list[tuple[list[Measure], list[Any]]]
          ) -> dict[Any, dict[str, Cell]]:
    """The sides' rows added up per key, every summed column present (0 where none)."""
    summed = [m for m in table.measures if m.condition is not None]
    sums: dict[Any, dict[str, Any]] = {}
    for mine, rows in results:
        names = [m.column.key for m in mine]
        for key, *values in rows:
            row = sums.get(key)
            if row is None:
                row = sums[key] = dict.fromkeys((m.column.key for m in summed), 0)
            for name, v in zip(names, values, strict=True):
                if v:
                    row[name] += v
    return {key: {m.column.key: _number(m.column.kind, row[m.column.key]) for m in summed}
            for key, row in sums.items()}


def _number(kind: str, value: Any) -> Cell:
    """A summed column's value as a cell (money is summed in cents)."""
    if kind == "money":
        return (Decimal(int(value or 0)) / 100).quantize(CENT, ROUND_HALF_UP)
    return int(value or 0)


def summed_columns(measures: Iterable[Measure]) -> list[Column]:
    """The columns added up from the key values (counts, people, money)."""
    return [m.column for m in measures if m.condition is not None]


def add_up(lines: Sequence[Line], by_key: dict[Any, dict[str, Cell]],
           columns: Iterable[Column]) -> dict[str, dict[str, Cell]]:
    """Each line's summed ``columns``, from the key values it covers."""
    columns = list(columns)
    out: dict[str, dict[str, Cell]] = {}
    for line in lines:
        keys = by_key.keys() if line.members is None else line.members & by_key.keys()
        cells: dict[str, Cell] = {}
        for column in columns:
            if column.kind == "money":
                cells[column.key] = sum((Decimal(by_key[k][column.key] or 0) for k in keys),
                                        Decimal("0.00"))
            else:
                cells[column.key] = sum(int(by_key[k][column.key] or 0) for k in keys)
        out[line.key] = cells
    return out


def rate(part: Cell, whole: Cell) -> Decimal | None:
    """``part / whole`` to four places (a share, printed as a percentage), None over nothing."""
    if not whole or part is None:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def drill(session: Session, table: CaseTable, period: Period, line: Line,
          measure: Measure) -> tuple[int, ...]:
    """The ids of the cases one cell counts, oldest first: the same condition, per case.

    The condition is applied to the per-case rows of the one side its
    column reads (:func:`app.reports.facts.side_of`), the very rows the
    cell's count grouped, so the list and the number cannot disagree.
    """
    assert measure.condition is not None
    side = facts.side_of(measure.condition)
    per_case = table.facts(Span.of(period), side).add_columns(
        Case.received_at.label("received_at"))
    f = facts.side_facts(per_case, side)
    query = select(f.c.id).where(measure.condition(f.c))
    if line.members is not None:
        query = query.where(f.c.k.in_(sorted(line.members, key=str)))
    return tuple(session.scalars(query.order_by(f.c.received_at, f.c.id)))


def durations(session: Session, table: CaseTable, period: Period) -> dict[Any, list[int]]:
    """Key value → days from receipt to conclusion of each case concluded in the period."""
    query = select(table.key, Case.received_at, Case.closed_on).where(
        concluded(period), *table.scope)
    out: dict[Any, list[int]] = {}
    for key, received_at, closed_on in session.execute(query):
        out.setdefault(key, []).append((closed_on - received_at.date()).days)
    return out


def day_figures(lines: Sequence[Line], days: dict[Any, list[int]]
                ) -> dict[str, tuple[Decimal | None, Decimal | None]]:
    """Each line's median and 90th-percentile days (None when nothing concluded)."""
    out: dict[str, tuple[Decimal | None, Decimal | None]] = {}
    for line in lines:
        keys = days.keys() if line.members is None else line.members & days.keys()
        values = sorted(d for k in keys for d in days[k])
        if not values:
            out[line.key] = (None, None)
            continue
        median = Decimal(str(statistics.median(values))).quantize(Decimal("0.1"))
        p90 = Decimal(values[max(0, -(-len(values) * 9 // 10) - 1)])
        out[line.key] = (median, p90)
    return out


SCORES = ("satisfaction_fairness", "satisfaction_attitude", "satisfaction_result")


def scores(session: Session, table: CaseTable, period: Period
           ) -> dict[Any, dict[str, tuple[int, int]]]:
    """Key value → per aspect (sum of scores, number of scores) of visits made in the period."""
    aspects = [getattr(FollowUp, a) for a in SCORES]
    query = (select(table.key, *(x for a in aspects for x in (func.sum(a), func.count(a))))
             .select_from(FollowUp).join(Case, Case.id == FollowUp.case_id)
             .where(and_(FollowUp.visited_on >= period.start, FollowUp.visited_on <= period.end),
                    *table.scope).group_by(table.key))
    out: dict[Any, dict[str, tuple[int, int]]] = {}
    for key, *values in session.execute(query):
        out[key] = {a: (int(values[2 * i] or 0), int(values[2 * i + 1] or 0))
                    for i, a in enumerate(SCORES)}
    return out


def score_figures(lines: Sequence[Line], by_key: dict[Any, dict[str, tuple[int, int]]]
                  ) -> dict[str, dict[str, Decimal | None]]:
    """Each line's average score per aspect, to one place."""
    out: dict[str, dict[str, Decimal | None]] = {}
    for line in lines:
        keys = by_key.keys() if line.members is None else line.members & by_key.keys()
        cells: dict[str, Decimal | None] = {}
        for aspect in SCORES:
            total = sum(by_key[k][aspect][0] for k in keys)
            count = sum(by_key[k][aspect][1] for k in keys)
            cells[aspect] = (Decimal(total) / count).quantize(Decimal("0.1")) if count else None
        out[line.key] = cells
    return out
