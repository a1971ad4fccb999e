"""What each case contributes to a period's tables, worked out once per case.

A report's columns are conditions on a few per-case *facts* for the period:
was it 受理 then (``rcv``), from which source group (``srcg``), did its
mediation end then (``conc``) and how (``outcome``), the agreement's form
and performance (``form``, ``perf``), judicial confirmation (``jc``,
``jc_ok``, ``jc_no``), each prevention kind (``prev_<kind>``), overdue,
extended, visited; plus the values summed (``money``, ``people_<kind>``).
The facts are computed once per case in the period; the count query first
groups the cases by their facts (few distinct combinations) and then sums
each column's condition over those groups, and a drill-down applies the same
condition to the per-case facts.  The definitions behind each fact are in
app/reports/definitions.py (and its module docstring).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, literal, null, select, true
from sqlalchemy.sql.selectable import Subquery

from app.domain.prevention import PREVENTION_KINDS
from app.reports.definitions import SOURCE_GROUPS, SUCCESS, concluded, received
from app.reports.model import Period
from app.store.models import (
    Agreement,
    Case,
    CasePrevention,
    DeadlineExtension,
    FollowUp,
    JudicialConfirmation,
    Obligation,
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


def _confirmations() -> Subquery:
    """One row per agreement taken to court: applied, confirmed valid, rejected (0/1)."""
    j = JudicialConfirmation
    return select(j.agreement_id, func.max(_flag(j.result == "confirmed")).label("ok"),
                  func.max(_flag(j.result == "rejected")).label("no")
                  ).group_by(j.agreement_id).subquery("confirmation")


RECEIVED_FACTS = frozenset({"rcv", "srcg"})
VISIT_FACTS = frozenset({"visited"})
SIDES = ("received", "concluded", "visited")
"""The three sides a case enters a period by: received, concluded, visited (follow-up)."""


def _lo_hi(p: Period) -> tuple[datetime, datetime]:
    return datetime.combine(p.start, time.min), datetime.combine(p.end + timedelta(days=1),
                                                                 time.min)


def _bind(make: Callable[[str], ColumnElement[Any]], kind: str
          ) -> Callable[[], ColumnElement[Any]]:
    return lambda: make(kind)


def _visited(p: Period) -> ColumnElement[bool]:
    return Case.id.in_(select(FollowUp.case_id).where(FollowUp.visited_on >= p.start,
                                                      FollowUp.visited_on <= p.end))


def facts(p: Period, key: ColumnElement[Any], reach: ColumnElement[bool],
          scope: tuple[ColumnElement[bool], ...], visits: bool,
          side: str | None = None) -> Select[Any]:
    """One row per case: its id, grouping key, facts and values.

    ``side`` None reads the cases in ``reach`` with every fact (drill-downs).
    A side reads only the cases that entered the period that way, through
    its own index, with only that side's facts (the others are 0 / NULL):
    a case received and concluded in the period is read twice, once for its
    受理 columns and once for its outcome columns, so every column still
    counts it once.  Counting by sides keeps the expensive joins to the
    cases concluded in the period.
    """
    pv, jc = _preventions(), _confirmations()
    conc: ColumnElement[bool] = concluded(p)
    rcv: ColumnElement[bool] = received(p)
    if side == "concluded":  # the side reads only concluded cases: no need to ask again
        conc = true()
    elif side == "received":  # the side reads only cases received in the period
        rcv = Case.refusal_reason.is_(None)
    success = and_(conc, Case.outcome == SUCCESS)
    money = select(func.coalesce(func.sum(Obligation.amount), 0)).where(
        Obligation.agreement_id == Agreement.id, Obligation.kind == "money").scalar_subquery()
    expressions: dict[str, Callable[[], ColumnElement[Any]]] = {
        "rcv": lambda: _flag(rcv),
        "srcg": lambda: case((Case.source.in_(SOURCE_GROUPS["proactive"]), "proactive"),
                             (Case.source.in_(SOURCE_GROUPS["referral"]), "referral"),
                             else_="application"),
        "conc": lambda: _flag(conc),
        "outcome": lambda: case((conc, Case.outcome)),
        "form": lambda: case((success, Agreement.form)),
        "perf": lambda: case((success, Agreement.performance_status)),
        "jc": lambda: _flag(and_(success, jc.c.agreement_id.is_not(None))),
        "jc_ok": lambda: _flag(and_(success, jc.c.ok == 1)),
        "jc_no": lambda: _flag(and_(success, jc.c.no == 1)),
        **{f"prev_{k}": _bind(lambda k: _flag(and_(conc, pv.c[k].is_not(None))), k)
           for k in PREVENTION_KINDS},
        "overdue": lambda: _flag(and_(conc, Case.deadline.is_not(None),
                                      Case.closed_on > Case.deadline)),
        "extended": lambda: _flag(and_(conc, exists(select(DeadlineExtension.id).where(
            DeadlineExtension.case_id == Case.id)))),
        "visited": lambda: _flag(_visited(p)) if visits else literal(0),
        "money": lambda: case((success, money), else_=0),
        **{f"people_{k}": _bind(lambda k: case((conc, func.coalesce(pv.c[k], 0)), else_=0), k)
           for k in PREVENTION_KINDS},
    }
    text_facts = {"srcg", "outcome", "form", "perf"}
    wanted = live_facts(side)
    if side is None:
        where = reach
    elif side == "received":
        lo, hi = _lo_hi(p)
        where = and_(Case.received_at >= lo, Case.received_at < hi)
    elif side == "visited":
        where = _visited(p)
    else:
        where = concluded(p)
    columns: list[ColumnElement[Any]] = [Case.id.label("id"), key.label("k")]
    for name, make in expressions.items():
        if name in wanted:
            columns.append(make().label(name))
        else:
            columns.append((null() if name in text_facts else literal(0)).label(name))
    query = select(*columns).select_from(Case)
    if side in (None, "concluded"):
        query = (query.outerjoin(Agreement, Agreement.case_id == Case.id)
                 .outerjoin(pv, pv.c.case_id == Case.id)
                 .outerjoin(jc, jc.c.agreement_id == Agreement.id))
    return query.where(where, *scope)


def live_facts(side: str | None) -> frozenset[str]:
    """The facts a side works out (the others are constants there)."""
    if side == "received":
        return RECEIVED_FACTS
    if side == "visited":
        return VISIT_FACTS
    everything = frozenset(DIMS) | frozenset(VALUES)
    return everything if side is None else everything - RECEIVED_FACTS - VISIT_FACTS


def grouped_facts(per_case: Select[Any], side: str | None = None) -> Subquery:
    """The cases grouped by key and facts: ``n`` cases per combination, values summed.

    Only the side's live facts are grouped by; its constant ones are carried
    through with ``max`` (the same value in every row).
    """
    inner = per_case.subquery("facts")
    live = live_facts(side)
    grouping = [inner.c[d] for d in DIMS if d in live]
    dims = [inner.c[d] if d in live else func.max(inner.c[d]).label(d) for d in DIMS]
    return (select(inner.c.k, *dims, func.count().label("n"),
                   *(func.sum(inner.c[v]).label(v) for v in VALUES))
            .group_by(inner.c.k, *grouping).subquery("grouped"))


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


def performance(status: str) -> FactCondition:
    """Succeeded in the period, the agreement now in ``status``."""
    return lambda f: f.perf == status


def confirmation(column: str) -> FactCondition:
    """Succeeded in the period and taken to court (``jc``), confirmed (``jc_ok``), rejected."""
    return lambda f: f[column] == 1


def flagged(name: str) -> FactCondition:
    """A 0/1 fact set: ``prev_<kind>``, ``overdue``, ``extended``, ``visited``."""
    return lambda f: f[name] == 1
