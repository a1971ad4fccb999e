"""The warning panel's lists: what needs someone's attention today.

Five lists — due within three days, overdue, red risk not escalated (not
under supervised handling 挂牌督办, or still with an organisation below county
level: red-risk disputes belong at the county), supervised, missed due dates in
agreements (with the visit to make, and enforcement when a court confirmed
the agreement, CPL art 206) — each capped at ``limit`` rows
with its full count, so the panel opens at once on a million-case base: each
list is counted from one index range without a join (``ix_cases_status_deadline``,
``ix_cases_risk_status``, ``ix_cases_supervised_status``, ``ix_obligations_owed``)
and only its page is joined to names (at 1,000,000 cases: 0.19 s for the
five lists before, about 25 ms of CPU now; see benchmarks/RESULTS.md).
``overdue_cases`` is also what ``tiaojie overdue`` prints.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from app.domain.deadlines import RUNNING, due_soon_until
from app.domain.performance import OBLIGATION_STATUSES, suggested_visit
from app.domain.referrals import organisation_level
from app.domain.workflow import CaseStatus
from app.services.security.access import require, visible_cases
from app.services.security.users import UserInfo
from app.store.database import Database
from app.store.models import (
    Agreement,
    Case,
    FollowUp,
    JudicialConfirmation,
    Mediator,
    Obligation,
    Organisation,
    Region,
)

_RUNNING = sorted(s.value for s in RUNNING)
_SUPERVISED_OPEN = [*_RUNNING, CaseStatus.AGREED.value, CaseStatus.PERFORMING.value]
PERFORMING = (CaseStatus.AGREED.value, CaseStatus.PERFORMING.value,
              CaseStatus.FOLLOWED_UP.value)
"""Case statuses whose agreement is being performed: their owed obligations can be missed."""
OWED = tuple(sorted(set(OBLIGATION_STATUSES) - {"performed"}))
"""Obligation statuses still owed.  The database keeps ``Obligation.owed_due`` by these two
definitions (migration 0014; tests/store/test_owed_due.py holds them equal)."""
LIMIT = 200
_BELOW_COUNTY = sorted(level for level in ("city", "county", "town", "village", "grid")
                       if organisation_level(level) != "county")
"""Region levels whose organisations are below county level, where red-risk cases do not belong."""


@dataclass(frozen=True)
class WarningRow:
    """One case on the panel, with what is wrong (obligation fields only for missed dates)."""

    case_id: int
    number: str
    status: str
    risk: str
    category: str
    deadline: date | None
    organisation: str
    mediator: str | None
    supervised: bool
    obligation: str | None = None
    due_date: date | None = None
    outstanding: Decimal | None = None
    visit_by: date | None = None
    enforceable: bool = False


@dataclass(frozen=True)
class WarningList:
    """The first rows of one list and how many there are in all."""

    total: int
    rows: tuple[WarningRow, ...]


@dataclass(frozen=True)
class WarningBoard:
    """Everything the panel shows, as of ``today``."""

    today: date
    due_soon: WarningList
    overdue: WarningList
    red_unescalated: WarningList
    supervised: WarningList
    missed: WarningList


_org = aliased(Organisation)


def unindexed(column: Any) -> ColumnElement[Any]:
    """``column`` to order by, as an expression no index provides (the order is the same).

    A list ordered by an indexed column tempts the planner to walk that index
    in order through every case, however few it wants, to save a sort:
    PostgreSQL walked ``ix_cases_deadline`` through every closed case with a
    past deadline (0.7–0.9 s at 1,000,000 cases) and SQLite, given statistics,
    ``ix_cases_received_at`` through the million cases (0.3–0.45 s).  Given an
    order no index holds, each reads the few thousand cases a list counts from
    the index of its conditions and sorts them (10 ms).
    """
    return func.coalesce(column, column)


BY_DEADLINE = unindexed(Case.deadline)
"""The deadline lists' order."""
BY_RECEIVED = unindexed(Case.received_at)
"""The red-risk and supervised lists' order."""


def _cases(where: list[ColumnElement[bool]], *order: Any) -> Select[*tuple[Any, ...]]:
    return (select(Case.id, Case.number, Case.status, Case.risk, Case.category, Case.deadline,
                   _org.name, Mediator.name, Case.supervised)
            .join(_org, _org.id == func.coalesce(Case.current_organisation_id,
                                                 Case.organisation_id))
            .outerjoin(Mediator, Mediator.id == Case.lead_mediator_id)
            .where(*where).order_by(*order))


def _list(session: Session, where: list[ColumnElement[bool]], order: Any,
          limit: int) -> WarningList:
    """The first ``limit`` cases matching ``where`` in ``order``, and how many match in all.

    The count and the page's ids are read from ``cases`` alone, so each
    comes from the index range of its conditions (for the deadline lists
    without reading a table row); names are joined for the page's rows
    only.  Both use the same ``where``, so the count is the list's length.
    """
    total = session.scalar(select(func.count()).select_from(Case).where(*where)) or 0
    if not total or limit <= 0:
        return WarningList(total, ())
    page = select(Case.id).where(*where).order_by(order, Case.id).limit(limit)
    rows = session.execute(_cases([Case.id.in_(page.scalar_subquery())], order, Case.id))
    return WarningList(total, tuple(WarningRow(*row) for row in rows))


def _scoped(session: Session, actor: UserInfo) -> list[ColumnElement[bool]]:
    """The conditions every list adds: the cases this user may see.

    On SQLite the condition is wrapped in ``likely()``, which changes
    nothing but makes it no index's: each list then keeps its own index
    range, where otherwise a user limited to some organisations had every
    case of them read to find the few the list holds (1 s for a town's
    supervised cases at 1,000,000).
    """
    scope = visible_cases(require(session, actor, "case.read"))
    if scope is None:
        return []
    if session.connection().dialect.name == "sqlite":
        return [func.likely(scope, type_=Boolean)]
    return [scope]


def _missed(session: Session, today: date, limit: int,
            scope: list[ColumnElement[bool]]) -> WarningList:
    """Missed instalments, earliest first.

    An obligation is missed when it is still owed (not performed), its due
    date has passed and its case is being performed (达成协议, 履行中,
    已回访).  The database keeps that fact on the obligation: ``owed_due``
    is its due date while it is owed in a case being performed, NULL
    otherwise (by ``PERFORMING`` and ``OWED``; triggers on obligations,
    agreements and cases, migration 0014), so the count is one range of the
    partial index ``ix_obligations_owed`` and the page its first ``limit``
    entries, in the list's order; names and the court's ruling are joined
    for the page alone.  A user limited to some organisations has each of
    those entries' case tested.  At 1,000,000 cases the list took 0.96 s at
    first, 0.1 s when the obligations due were tested against every case
    being performed, a few ms now.
    """
    where: list[ColumnElement[bool]] = [Obligation.owed_due < today]
    if scope:
        where.append(select(Agreement.id).join(Case, Case.id == Agreement.case_id)
                     .where(Agreement.id == Obligation.agreement_id, *scope).exists())
    total = session.scalar(select(func.count()).select_from(Obligation).where(*where)) or 0
    if not total or limit <= 0:
        return WarningList(total, ())
    in_order = (Obligation.owed_due, Obligation.agreement_id, Obligation.id)
    page = select(Obligation.id).where(*where).order_by(*in_order).limit(limit)
    confirmed = (select(JudicialConfirmation.id)
                 .where(JudicialConfirmation.agreement_id == Agreement.id,
                        JudicialConfirmation.result == "confirmed").exists())
    last_visit = (select(func.max(FollowUp.visited_on)).where(FollowUp.case_id == Case.id)
                  .scalar_subquery())
    query = (_cases([Obligation.id.in_(page.scalar_subquery())], *in_order)
             .add_columns(Obligation.description, Obligation.due_date, Obligation.amount,
                          Obligation.performed_amount, confirmed, last_visit)
             .join(Agreement, Agreement.case_id == Case.id)
             .join(Obligation, Obligation.agreement_id == Agreement.id))
    rows = []
    for *head, what, due, owed, paid, enforceable, visited in session.execute(query):
        outstanding = None if owed is None else owed - (paid or Decimal(0))
        rows.append(replace(WarningRow(*head), obligation=what, due_date=due,
                            outstanding=outstanding,
                            visit_by=suggested_visit(due, today, visited),
                            enforceable=bool(enforceable)))
    return WarningList(total, tuple(rows))


def overdue_cases(db: Database, actor: UserInfo, today: date, limit: int = LIMIT) -> WarningList:
    """Cases still being mediated whose deadline is before ``today``, most overdue first."""
    with db.session() as s:
        scope = _scoped(s, actor)
        return _list(s, [Case.status.in_(_RUNNING), Case.deadline < today, *scope],
                     BY_DEADLINE, limit)


def warning_board(db: Database, actor: UserInfo, today: date, limit: int = LIMIT) -> WarningBoard:
    """All five lists for the panel."""
    running = Case.status.in_(_RUNNING)
    below_county = func.coalesce(Case.current_organisation_id, Case.organisation_id).in_(
        select(Organisation.id).join(Region, Region.id == Organisation.region_id)
        .where(Region.level.in_(_BELOW_COUNTY)))
    with db.session() as s:
        scope = _scoped(s, actor)
        return WarningBoard(
            today,
            _list(s, [running, Case.deadline >= today,
                      Case.deadline <= due_soon_until(today), *scope], BY_DEADLINE, limit),
            _list(s, [running, Case.deadline < today, *scope], BY_DEADLINE, limit),
            _list(s, [running, Case.risk == "red",
                      or_(Case.supervised.is_(False), below_county), *scope],
                  BY_RECEIVED, limit),
            _list(s, [Case.status.in_(_SUPERVISED_OPEN), Case.supervised.is_(True), *scope],
                  BY_RECEIVED, limit),
            _missed(s, today, limit, scope),
        )
