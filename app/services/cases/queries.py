"""Reading cases page by page for lists that must stay instant at a million rows.

A list never loads all rows: it asks for the count once, then for pages.
Pages near the end of the list are read in reverse order (``ORDER BY … ASC
LIMIT n`` instead of a deep ``OFFSET``), so scrolling to the last row costs
the same as showing the first.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Integer,
    Select,
    TextualSelect,
    any_,
    false,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.orm import Session, aliased

from app.domain.attention import GROUP_DISPUTE_SIZE
from app.domain.search_terms import normalise_query
from app.domain.workflow import CaseStatus
from app.services.paging import window
from app.services.security.access import Access, require, visible_cases
from app.services.security.masking import plan_search
from app.services.security.users import UserInfo
from app.store import search
from app.store.database import Database
from app.store.models import Case, CaseParty, Mediator, Organisation, Party

ORDER_DRIVEN_ABOVE = 3000
ORDER_DRIVEN_IDS = 20000
DENSE_SHARE = 10
Q = TypeVar("Q", bound=Select[*tuple[Any, ...]])
ACTIVE_STATUSES = (
    CaseStatus.RECEIVED.value,
    CaseStatus.ASSIGNED.value,
    CaseStatus.IN_MEDIATION.value,
)
SORT_COLUMNS: dict[str, Any] = {
    "received_at": Case.received_at,
    "number": Case.number,
    "deadline": Case.deadline,
    "status": Case.status,
    "category": Case.category,
    "risk": Case.risk,
}


@dataclass(frozen=True)
class CaseFilter:
    """What the user narrowed the list to; ``None`` means "any"."""

    status: str | None = None
    category: str | None = None
    source: str | None = None
    risk: str | None = None
    organisation_id: int | None = None
    mediator_id: int | None = None
    received_from: date | None = None
    received_to: date | None = None
    overdue_on: date | None = None
    attention: bool = False
    text: str | None = None
    case_ids: tuple[int, ...] | None = None
    """Exactly these cases (a report cell's drill-down); None means no such limit."""
    label: str | None = None
    """What the id set stands for (which report cell), shown in the list's filter bar."""


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list."""

    id: int
    number: str
    received_at: datetime
    category: str
    source: str
    status: str
    risk: str
    people_involved: int
    amount: Decimal | None
    deadline: date | None
    organisation: str
    mediator: str | None
    parties: str


def text_condition(session: Session, who: Access, text: str | None
                   ) -> ColumnElement[bool] | None:
    """Cases matching a search, as ``who`` may search: None for no (or an empty) query.

    A role that sees masked numbers finds a case by a complete ID or phone
    number, compared whole, and by nothing that could match a fragment of
    one (app/services/security/masking.py).
    """
    plan = plan_search(text or "", who.user)
    if plan.refused:
        return false()
    if plan.number is not None:
        return Case.id.in_(select(CaseParty.case_id).join(
            Party, Party.id == CaseParty.party_id).where(
            or_(Party.id_number == plan.number, Party.phone == plan.number)))
    ids = search.matching(session.connection().dialect.name, "case", plan.text)
    return None if ids is None else _membership(session, ids)


def _filtered(query: Q, f: CaseFilter, session: Session, who: Access,
              counting: bool = False) -> Q:
    conditions: list[ColumnElement[bool]] = []
    scope = visible_cases(who)
    if scope is not None:
        conditions.append(scope)
    matches = text_condition(session, who, f.text)
    if matches is not None:
        conditions.append(matches)
    if f.case_ids is not None:
        conditions.append(id_condition(session, f.case_ids, paging=not counting))
    if f.attention:
        conditions.append(or_(Case.risk == "red", Case.people_involved >= GROUP_DISPUTE_SIZE))
        conditions.append(Case.status.in_(ACTIVE_STATUSES))
    for column, value in (
        (Case.status, f.status),
        (Case.category, f.category),
        (Case.source, f.source),
        (Case.risk, f.risk),
        (Case.current_organisation_id, f.organisation_id),
        (Case.lead_mediator_id, f.mediator_id),
    ):
        if value is not None:
            conditions.append(column == value)
    if f.received_from is not None:
        start = datetime.combine(f.received_from, datetime.min.time())
        conditions.append(Case.received_at >= start)
    if f.received_to is not None:
        conditions.append(Case.received_at < datetime.combine(f.received_to, datetime.max.time()))
    if f.overdue_on is not None:
        conditions.append(Case.deadline < f.overdue_on)
        conditions.append(Case.status.in_(ACTIVE_STATUSES))
    return query.where(*conditions) if conditions else query


def id_condition(session: Session, ids: Sequence[int], paging: bool = False
                 ) -> ColumnElement[bool]:
    """``Case.id`` is one of ``ids``, bound as one parameter however many there are.

    A drill-down may list 100,000 cases: SQLite reads them from one JSON
    array (``json_each``), PostgreSQL from one integer array (``= ANY``), so
    the statement stays small and no driver limit on bound parameters is hit.
    On SQLite the set drives the query (one primary-key look-up each), except
    when ``paging`` through more than :data:`ORDER_DRIVEN_IDS` of them that
    are also dense in the case base (one case in :data:`DENSE_SHARE` or
    more): then the list order is walked and each case tested (``id + 0``),
    which finds a page within a few thousand cases instead of sorting a
    year's cases to show 200 of them.
    """
    values = sorted({int(i) for i in ids})
    if session.connection().dialect.name == "postgresql":
        return Case.id == any_(literal(values, ARRAY(Integer)))
    listed = select(func.json_each(json.dumps(values)).table_valued("value").c.value)
    walk = paging and len(values) > ORDER_DRIVEN_IDS and (
        len(values) * DENSE_SHARE > (session.scalar(select(func.max(Case.id))) or 0))
    return ((Case.id + 0) if walk else Case.id).in_(listed)


def _membership(session: Session, ids: TextualSelect) -> ColumnElement[bool]:
    """``Case.id IN ids``, shaped so the database picks the fast plan for the match count.

    A rare match is best looked up by id and sorted; a common one ("张" matches
    a tenth of all cases) is best found by walking the list order and testing
    each case against the matches, stopping after one page.  ``id + 0`` keeps
    SQLite from driving the query by id; PostgreSQL's planner weighs this itself
    from its statistics.
    """
    if session.connection().dialect.name != "sqlite":
        return Case.id.in_(ids)
    matches = session.scalar(select(func.count()).select_from(ids.subquery())) or 0
    if matches > ORDER_DRIVEN_ABOVE:
        return (Case.id + 0).in_(ids)
    return Case.id.in_(ids)


def count_cases(db: Database, actor: UserInfo, f: CaseFilter | None = None) -> int:
    """How many cases the user may see match; the list's row count."""
    f = f or CaseFilter()
    with db.session() as s:
        who = require(s, actor, "case.read")
        if (f.text and replace(f, text=None) == CaseFilter() and visible_cases(who) is None
                and who.user.may_see_full_ids):
            ids = search.matching(s.connection().dialect.name, "case", normalise_query(f.text))
            if ids is not None:
                return int(s.scalar(select(func.count()).select_from(ids.subquery())) or 0)
        return int(s.scalar(_filtered(select(func.count(Case.id)), f, s, who, counting=True))
                   or 0)


def case_page(
    db: Database,
    actor: UserInfo,
    f: CaseFilter | None,
    offset: int,
    limit: int,
    *,
    sort: str = "received_at",
    descending: bool = True,
    total: int | None = None,
) -> list[CaseRow]:
    """Rows ``offset .. offset+limit`` of the sorted, filtered list of cases the user may see."""
    f = f or CaseFilter()
    column = SORT_COLUMNS.get(sort, Case.received_at)
    w = window(offset, limit, total)
    offset, limit, reverse = w.offset, w.limit, w.reverse
    want_desc = descending != reverse
    order = (column.desc(), Case.id.desc()) if want_desc else (column.asc(), Case.id.asc())
    org = aliased(Organisation)
    query = (
        select(
            Case.id, Case.number, Case.received_at, Case.category, Case.source, Case.status,
            Case.risk, Case.people_involved, Case.amount, Case.deadline,
            org.name.label("organisation"), Mediator.name.label("mediator"),
        )
        .join(org, org.id == func.coalesce(Case.current_organisation_id, Case.organisation_id))
        .outerjoin(Mediator, Mediator.id == Case.lead_mediator_id)
        .order_by(*order)
        .offset(offset)
        .limit(limit)
    )
    with db.session() as s:
        who = require(s, actor, "case.read")
        rows = list(s.execute(_filtered(query, f, s, who)).all())
        names = _party_summaries(s, [r.id for r in rows])
    if reverse:
        rows.reverse()
    return [CaseRow(**r._mapping, parties=names.get(r.id, "")) for r in rows]


def _party_summaries(session: Session, case_ids: list[int]) -> dict[int, str]:
    if not case_ids:
        return {}
    found = session.execute(
        select(CaseParty.case_id, CaseParty.role, Party.name)
        .join(Party, Party.id == CaseParty.party_id)
        .where(CaseParty.case_id.in_(case_ids), CaseParty.role.in_(("applicant", "respondent")))
        .order_by(CaseParty.case_id, CaseParty.ordinal)
    ).all()
    sides: dict[int, dict[str, list[str]]] = {}
    for case_id, role, name in found:
        sides.setdefault(case_id, {}).setdefault(role, []).append(name)
    return {
        case_id: " — ".join("、".join(side.get(role, [])) for role in ("applicant", "respondent"))
        for case_id, side in sides.items()
    }
