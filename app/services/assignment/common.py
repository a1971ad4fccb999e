"""What assignment, referral and recommendation share: the routing facts and the network.

Assignment, referral and the recommendation all need the case by number or
id, the region tree and organisations in the form the routing rules read
them, and each mediator's open caseload; one place keeps those reads alike.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.conflicts import MediatorRef, PartyRef, Tie
from app.domain.routing import CaseFacts, OrgRef, RegionRef, Rule
from app.services.cases.queries import ACTIVE_STATUSES
from app.store.models import (
    Case,
    CaseMediator,
    CaseParty,
    Mediator,
    MediatorRelation,
    Organisation,
    Party,
    Region,
    RoutingRule,
    mediator_organisations,
)


def facts_of(case: Case) -> CaseFacts:
    """What routing reads of a case."""
    return CaseFacts(case.category, case.source, case.risk, case.people_involved,
                     case.region_id)


def load_rules(session: Session) -> list[Rule]:
    """Every routing rule, active or not, by priority."""
    rows = session.execute(select(RoutingRule).order_by(RoutingRule.priority,
                                                        RoutingRule.id)).scalars()
    return [Rule(r.id, r.priority, r.category, r.source, r.risk, r.min_people, r.mediation_type,
                 r.organisation_kind, r.level, r.supervised, r.reason, r.active) for r in rows]


def load_regions(session: Session) -> dict[int, RegionRef]:
    """The whole region tree by id."""
    rows = session.execute(select(Region.id, Region.parent_id, Region.level, Region.name)).all()
    return {r.id: RegionRef(r.id, r.parent_id, r.level, r.name) for r in rows}


def load_organisations(session: Session) -> list[OrgRef]:
    """Every organisation with the mediation types and categories it handles."""
    rows = session.execute(select(Organisation).order_by(Organisation.id)).scalars()
    return [OrgRef(o.id, o.name, o.kind, o.region_id, tuple(o.mediation_types or ()),
                   tuple(o.categories or ()), o.active) for o in rows]


def open_caseloads(session: Session, mediator_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Open cases (received, assigned, in mediation) each mediator is active on."""
    query = (select(CaseMediator.mediator_id, func.count())
             .join(Case, Case.id == CaseMediator.case_id)
             .where(Case.status.in_(ACTIVE_STATUSES), CaseMediator.status == "active")
             .group_by(CaseMediator.mediator_id))
    if mediator_ids is not None:
        query = query.where(CaseMediator.mediator_id.in_(list(mediator_ids)))
    return {int(m): int(n) for m, n in session.execute(query).all()}


def load_mediators(session: Session, organisation_ids: Iterable[int]) -> list[MediatorRef]:
    """Mediators of these organisations, with all their memberships and open caseload."""
    ids = list(session.execute(
        select(mediator_organisations.c.mediator_id).distinct()
        .where(mediator_organisations.c.organisation_id.in_(list(organisation_ids)))).scalars())
    return mediator_refs(session, ids)


def mediator_refs(session: Session, mediator_ids: Iterable[int]) -> list[MediatorRef]:
    """These mediators with their memberships and open caseload."""
    ids = list(mediator_ids)
    if not ids:
        return []
    memberships: dict[int, list[int]] = {}
    for mid, oid in session.execute(select(mediator_organisations.c.mediator_id,
                                           mediator_organisations.c.organisation_id)
                                    .where(mediator_organisations.c.mediator_id.in_(ids))):
        memberships.setdefault(mid, []).append(oid)
    load = open_caseloads(session, ids)
    rows = session.execute(select(Mediator).where(Mediator.id.in_(ids))
                           .order_by(Mediator.id)).scalars()
    return [MediatorRef(m.id, m.name, tuple(m.specialties or ()), m.region_id,
                        tuple(memberships.get(m.id, ())), m.active, load.get(m.id, 0),
                        m.id_number, m.phone) for m in rows]


def case_parties(session: Session, case_id: int) -> list[PartyRef]:
    """Everyone on the case, agents included: a mediator may not be any of them."""
    rows = session.execute(select(Party.id, Party.name, Party.id_number, Party.phone)
                           .join(CaseParty, CaseParty.party_id == Party.id)
                           .where(CaseParty.case_id == case_id)).all()
    return [PartyRef(*r) for r in rows]


def ties_to(session: Session, parties: Iterable[PartyRef]) -> list[Tie]:
    """Recorded mediator relations to any of these parties."""
    ids = [p.id for p in parties]
    if not ids:
        return []
    rows = session.execute(select(MediatorRelation.mediator_id, MediatorRelation.party_id,
                                  MediatorRelation.relation)
                           .where(MediatorRelation.party_id.in_(ids))).all()
    return [Tie(*r) for r in rows]


def end_mediators(session: Session, case: Case, status: str = "ended") -> None:
    """The case leaves its mediators (reassigned, sent back, passed on)."""
    for row in session.execute(select(CaseMediator).where(
            CaseMediator.case_id == case.id, CaseMediator.status == "active")).scalars():
        row.status = status
    case.lead_mediator_id = None
