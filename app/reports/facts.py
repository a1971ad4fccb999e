"""What each case contributes to a period's tables, worked out once per case.

A report's columns are conditions on a few per-case *facts* for the period:
was it 受理 then (``rcv``), from which source group (``srcg``), did its
mediation end then (``conc``) and how (``outcome``), the agreement's form
and performance (``form``, ``perf``), judicial confirmation (``jc``,
``jc_ok``, ``jc_no``), each prevention kind (``prev_<kind>``), overdue,
extended, visited; plus the values summed (``money``, ``people_<kind>``).
Each case is read by the side it entered the period by, with that side's
facts (:data:`SIDE_FACTS`); a count sums each column's condition over the
side's cases grouped by key, and a drill-down lists the cases of the same
side rows that meet the same condition.  The definitions behind each fact are in
app/reports/definitions.py (and its module docstring).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    DateTime,
    Select,
    and_,
    bindparam,
    case,
    column,
    func,
    literal,
    null,
    select,
)
from sqlalchemy.sql.selectable import Subquery

from app.domain.prevention import PREVENTION_KINDS
from app.reports.definitions import SOURCE_GROUPS, SUCCESS, concluded_between
from app.reports.model import Period
from app.store.models import (
    Case,
    CasePrevention,
    DeadlineExtension,
    FollowUp,
)

Facts = Any
"""The columns of the facts select (``subquery.c``): conditions are written on them."""
FactCondition = Callable[[Facts], ColumnElement[bool]]

DIMS = ("rcv", "srcg", "conc", "outcome", "form", "perf", "jc", "jc_ok", "jc_no",
        *(f"prev_{k}" for k in PREVENTION_KINDS), "overdue", "extended", "visited")
VALUES = ("money", *(f"people_{k}" for k in PREVENTION_KINDS))


def _flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return case((condition, 1), else_=0)


def _preventions() -> Subquery:
    """One row per case with a prevention outcome: the people of each kind (NULL: none)."""
    return select(CasePrevention.case_id, *(
        func.max(case((CasePrevention.kind == k, CasePrevention.people))).label(k)
        for k in PREVENTION_KINDS)).group_by(CasePrevention.case_id).subquery("prevention")


SIDE_FACTS: dict[str, frozenset[str]] = {
    "received": frozenset({"rcv", "srcg"}),
    "concluded": frozenset({"conc", "outcome", "overdue", "form", "perf", "jc", "jc_ok",
                            "jc_no", "money"}),
    "extended": frozenset({"extended"}),
    "prevented": frozenset({*(f"prev_{k}" for k in PREVENTION_KINDS),
                            *(f"people_{k}" for k in PREVENTION_KINDS)}),
    "visited": frozenset({"visited"}),
}
"""The sides a case enters a period's counts by, and the facts each side works out.

Every fact belongs to exactly one side, and every column's condition reads
the facts of one side only, so a case read by several sides is still
counted once per column.  The sides exist for speed: each reads its cases
through its own index and joins only the tables its facts need: the outcome and
agreement facts come from the one index range of the cases concluded in the
period (each case carries its agreement's form, performance, money and
court figures, migrations 0011 and 0012); the extension and prevention
sides start from their own small tables.
"""
SIDES = tuple(SIDE_FACTS)
assert sorted(f for facts in SIDE_FACTS.values() for f in facts) == sorted((*DIMS, *VALUES))


def _lo_hi(p: Period) -> tuple[datetime, datetime]:
    return datetime.combine(p.start, time.min), datetime.combine(p.end + timedelta(days=1),
                                                                 time.min)


@dataclass(frozen=True)
class Span:
    """A period's bounds as the facts compare them: its first and last day, and the
    moments it starts and ends (``lo`` included, ``hi`` not) for ``received_at``.

    :data:`PARAMETERS` holds bind parameters in their place, so one side query
    serves any period (:func:`parameters`): the month cache runs it month by
    month without building and compiling it twelve times.
    """

    start: Any
    end: Any
    lo: Any
    hi: Any

    @classmethod
    def of(cls, p: Period) -> Span:
        """The bounds of ``p`` as values."""
        lo, hi = _lo_hi(p)
        return cls(p.start, p.end, lo, hi)


PARAMETERS = Span(bindparam("period_start", type_=Date()), bindparam("period_end", type_=Date()),
                  bindparam("period_lo", type_=DateTime()),
                  bindparam("period_hi", type_=DateTime()))
"""The bounds as bind parameters; :func:`parameters` gives their values for one period."""


def parameters(p: Period) -> dict[str, Any]:
    """The values of :data:`PARAMETERS` for ``p``."""
    lo, hi = _lo_hi(p)
    return {"period_start": p.start, "period_end": p.end, "period_lo": lo, "period_hi": hi}


def _bind(make: Callable[[str], ColumnElement[Any]], kind: str
          ) -> Callable[[], ColumnElement[Any]]:
    return lambda: make(kind)


def _visited(p: Span) -> ColumnElement[bool]:
    return Case.id.in_(select(FollowUp.case_id).where(FollowUp.visited_on >= p.start,
                                                      FollowUp.visited_on <= p.end))


def facts(p: Span, key: ColumnElement[Any], scope: tuple[ColumnElement[bool], ...],
          visits: bool, side: str) -> Select[Any]:
    """One row per case of one side: its id, grouping key, and that side's facts and values.

    A side (:data:`SIDE_FACTS`) reads only the cases that entered the period
    that way, through its own index, with only that side's facts (the
    side_facts adds the others as 0 / NULL): a case received and concluded in
    the period is read by two sides, once for its 受理 columns and once for
    its outcome columns, so every column still counts it once.
    """
    pv = _preventions()
    success = Case.outcome == SUCCESS  # the sides with outcome facts read concluded cases only
    expressions: dict[str, Callable[[], ColumnElement[Any]]] = {
        "rcv": lambda: _flag(Case.refusal_reason.is_(None)),  # received then, and not refused
        "srcg": lambda: case((Case.source.in_(SOURCE_GROUPS["proactive"]), "proactive"),
                             (Case.source.in_(SOURCE_GROUPS["referral"]), "referral"),
                             else_="application"),
        "conc": lambda: literal(1),
        "outcome": lambda: Case.outcome.expression,
        "form": lambda: case((success, Case.agreement_form)),
        "perf": lambda: case((success, Case.agreement_performance)),
        "jc": lambda: _flag(and_(success, Case.agreement_court_applied == 1)),
        "jc_ok": lambda: _flag(and_(success, Case.agreement_court_confirmed == 1)),
        "jc_no": lambda: _flag(and_(success, Case.agreement_court_rejected == 1)),
        **{f"prev_{k}": _bind(lambda k: _flag(pv.c[k].is_not(None)), k)
           for k in PREVENTION_KINDS},
        "overdue": lambda: _flag(and_(Case.deadline.is_not(None),
                                      Case.closed_on > Case.deadline)),
        "extended": lambda: literal(1),  # the side reads only cases with an extension
        "visited": lambda: _flag(_visited(p)) if visits else literal(0),
        "money": lambda: case((success, func.coalesce(Case.agreement_money, 0)), else_=0),
        **{f"people_{k}": _bind(lambda k: func.coalesce(pv.c[k], 0), k)
           for k in PREVENTION_KINDS},
    }
    wanted = live_facts(side)
    query = select(Case.id.label("id"), key.label("k"), *(
        make().label(name) for name, make in expressions.items() if name in wanted)
    ).select_from(Case)
    if side == "received":
        return query.where(Case.received_at >= p.lo, Case.received_at < p.hi, *scope)
    if side == "visited":
        return query.where(_visited(p), *scope)
    if side == "extended":
        query = query.where(_extended())
    elif side == "prevented":
        query = query.join(pv, pv.c.case_id == Case.id)
    return query.where(concluded_between(p.start, p.end), *scope)


def _extended() -> ColumnElement[bool]:
    """The deadline was extended at least once (an extension on record)."""
    return Case.id.in_(select(DeadlineExtension.case_id))


def live_facts(side: str) -> frozenset[str]:
    """The facts a side works out (the others are constants there)."""
    return SIDE_FACTS[side]


def side_facts(per_case: Select[Any], side: str) -> Subquery:
    """One row per case of ``side`` with every fact: its own, and the others as constants.

    A column's condition applied to these rows picks exactly the cases the
    side's group counted for it, which is how a drill-down lists a cell.
    """
    inner = per_case.subquery("facts")
    live = live_facts(side)
    facts = [inner.c[f] if f in live else _constant(f) for f in (*DIMS, *VALUES)]
    return select(inner.c.id, inner.c.k, inner.c.received_at, *facts).subquery("side")


class _Reader:
    """Stands in for the facts to find which ones a condition reads."""

    def __init__(self) -> None:
        self.read: set[str] = set()

    def __getattr__(self, name: str) -> ColumnElement[Any]:
        self.read.add(name)
        return column(name)

    def __getitem__(self, name: str) -> ColumnElement[Any]:
        return self.__getattr__(name)


def side_of(condition: FactCondition) -> str:
    """The one side whose facts ``condition`` reads (every column reads one side's only)."""
    reader = _Reader()
    condition(reader)
    sides = [side for side, facts in SIDE_FACTS.items() if reader.read & facts]
    if len(sides) != 1 or not reader.read <= SIDE_FACTS[sides[0]]:
        raise ValueError(f"a column must read the facts of one side: {sorted(reader.read)}")
    return sides[0]


TEXT_FACTS = frozenset({"srcg", "outcome", "form", "perf"})


def _constant(name: str) -> ColumnElement[Any]:
    """A fact a side does not work out: NULL for a text fact, 0 for a flag."""
    return (null() if name in TEXT_FACTS else literal(0)).label(name)


# The column conditions, on the facts.

def is_received(f: Facts) -> ColumnElement[bool]:
    """受理 in the period."""
    condition: ColumnElement[bool] = f.rcv == 1
    return condition


def from_sources(group: str) -> FactCondition:
    """受理 in the period from a source group (proactive, referral, application)."""
    return lambda f: and_(f.rcv == 1, f.srcg == group)


def is_concluded(f: Facts) -> ColumnElement[bool]:
    """Mediation ended in the period."""
    condition: ColumnElement[bool] = f.conc == 1
    return condition


def ended(outcome: str) -> FactCondition:
    """Mediation ended in the period with ``outcome``."""
    return lambda f: and_(f.conc == 1, f.outcome == outcome)


def agreement_form(form: str) -> FactCondition:
    """Succeeded in the period with a written or oral agreement."""
    return lambda f: f.form == form


def with_agreement(f: Facts) -> ColumnElement[bool]:
    """Succeeded in the period with an agreement on record (whatever its form)."""
    condition: ColumnElement[bool] = f.form.is_not(None)
    return condition


def performance(status: str) -> FactCondition:
    """Succeeded in the period, the agreement now in ``status``."""
    return lambda f: f.perf == status


def confirmation(column: str) -> FactCondition:
    """Succeeded in the period and taken to court (``jc``), confirmed (``jc_ok``), rejected."""
    return lambda f: f[column] == 1


def flagged(name: str) -> FactCondition:
    """A 0/1 fact set: ``prev_<kind>``, ``overdue``, ``extended``, ``visited``."""
    return lambda f: f[name] == 1
