"""The warning panel's lists: what needs someone's attention today.

Five lists — due within three days, overdue, red risk not escalated (not
under supervised handling 挂牌督办, or still with an organisation below county
level: red-risk disputes belong at the county), supervised, missed due dates in
agreements (with the visit to make, and enforcement when a court confirmed
the agreement, CPL art 206) — each capped at ``limit`` rows
with its full count, so the panel opens at once on a million-case base
(the deadline lists ride on ``ix_cases_deadline``).  ``overdue_cases`` is
also what ``tiaojie overdue`` prints.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
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
_PERFORMING = [CaseStatus.AGREED.value, CaseStatus.PERFORMING.value,
               CaseStatus.FOLLOWED_UP.value]
_UNPERFORMED = sorted(set(OBLIGATION_STATUSES) - {"performed"})
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
BY_DEADLINE = func.coalesce(Case.deadline, Case.deadline)
"""The deadline lists' order, as an expression no index provides.

Ordered by the bare column, PostgreSQL walks ``ix_cases_deadline`` in order
through every closed case with a past deadline (0.7–0.9 s at 1,000,000
cases) to save sorting the few thousand running ones it wants; given an
order no index holds, it reads those from ``ix_cases_status_deadline`` and
sorts them (10 ms).  The order itself is the same.
"""


def _cases(where: list[ColumnElement[bool]], order: Any) -> Select[*tuple[Any, ...]]:
    return (select(Case.id, Case.number, Case.status, Case.risk, Case.category, Case.deadline,
                   _org.name, Mediator.name, Case.supervised)
            .join(_org, _org.id == func.coalesce(Case.current_organisation_id,
                                                 Case.organisation_id))
            .outerjoin(Mediator, Mediator.id == Case.lead_mediator_id)
            .where(*where).order_by(order, Case.id))


def _page_and_total(session: Session, query: Select[*tuple[Any, ...]],
                    limit: int) -> tuple[list[Any], int]:
    """The first ``limit`` rows of ``query`` and how many rows it has in all, in one pass.

    On SQLite ``count(*) OVER ()`` counts the whole result while the page is
    cut from it, so the matches are found once instead of twice (a page of
    no rows has no count on it).  PostgreSQL is asked twice: given the
    window it walks the deadline index through every closed case to save a
    sort (0.65 s at 1,000,000 cases), while its count and its page alone
    each take an index that fits.
    """
    if session.connection().dialect.name == "sqlite":
        rows = session.execute(query.add_columns(func.count().over()).limit(limit)).all()
        if rows:
            return [tuple(row)[:-1] for row in rows], int(rows[0][-1])
        if limit > 0:
            return [], 0
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    return [tuple(row) for row in session.execute(query.limit(limit))], int(total or 0)


def _list(session: Session, where: list[ColumnElement[bool]], order: Any,
          limit: int) -> WarningList:
    rows, total = _page_and_total(session, _cases(where, order), limit)
    return WarningList(total, tuple(WarningRow(*row) for row in rows))


def _scoped(session: Session, actor: UserInfo) -> list[ColumnElement[bool]]:
    """The conditions every list adds: the cases this user may see."""
    scope = visible_cases(require(session, actor, "case.read"))
    return [] if scope is None else [scope]


def _missed(session: Session, today: date, limit: int,
            scope: list[ColumnElement[bool]]) -> WarningList:
    """Missed instalments, earliest first.

    The unperformed obligations already due are read from
    ``ix_obligations_status_due`` alone (status, due date, agreement) and kept
    when their agreement belongs to a case still being performed: that set of
    agreements comes from two covering indexes, so neither the obligations
    nor the cases table is read to count, and the count and the page come
    from one pass.  Names and the court's ruling are joined for the page
    alone (at 1,000,000 cases: 0.96 s at first, 0.30 s with the page split
    off, 0.1 s now; see benchmarks/RESULTS.md).
    """
    performing = (select(Agreement.id).join(Case, Case.id == Agreement.case_id)
                  .where(Case.status.in_(_PERFORMING), *scope))
    missed = (select(Obligation.id)
              .where(Obligation.status.in_(_UNPERFORMED), Obligation.due_date < today,
                     Obligation.agreement_id.in_(performing))
              .order_by(Obligation.due_date, Obligation.agreement_id, Obligation.id))
    found, total = _page_and_total(session, missed, limit)
    page = [row[0] for row in found]
    confirmed = (select(JudicialConfirmation.id)
                 .where(JudicialConfirmation.agreement_id == Agreement.id,
                        JudicialConfirmation.result == "confirmed").exists())
    last_visit = (select(func.max(FollowUp.visited_on)).where(FollowUp.case_id == Case.id)
                  .scalar_subquery())
    query = (_cases([Obligation.id.in_(page)], Obligation.due_date)
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
    below_county = (select(Region.id).where(Region.id == _org.region_id,
                                            Region.level.in_(_BELOW_COUNTY)).exists())
    with db.session() as s:
        scope = _scoped(s, actor)
        return WarningBoard(
            today,
            _list(s, [running, Case.deadline >= today,
                      Case.deadline <= due_soon_until(today), *scope], BY_DEADLINE, limit),
            _list(s, [running, Case.deadline < today, *scope], BY_DEADLINE, limit),
            _list(s, [running, Case.risk == "red",
                      or_(Case.supervised.is_(False), below_county), *scope],
                  Case.received_at, limit),
            _list(s, [Case.status.in_(_SUPERVISED_OPEN), Case.supervised.is_(True), *scope],
                  Case.received_at, limit),
            _missed(s, today, limit, scope),
        )
