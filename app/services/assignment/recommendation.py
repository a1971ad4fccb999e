"""The assignment recommendation for one case, and conflict checks for a manual choice.

Reads the rule table, the network and the candidates' caseloads in one
session and hands them to the pure routing and ranking rules, so the GUI,
the CLI and the tests all see the same recommendation with the same reasons.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.conflicts import MediatorChoice, conflicts_of, rank_mediators
from app.domain.routing import OrgChoice, route
from app.services.assignment.common import (
    case_parties,
    facts_of,
    load_mediators,
    load_organisations,
    load_regions,
    load_rules,
    mediator_refs,
    ties_to,
)
from app.services.cases.guard import find_case
from app.services.security.access import require
from app.services.security.users import UserInfo
from app.store.database import Database
from app.store.models import Organisation

MAX_ORGANISATIONS = 5
"""Recommended organisations whose mediators are ranked too."""


@dataclass(frozen=True)
class Recommendation:
    """Where the case should go and who should mediate it, with the reasons."""

    case_id: int
    number: str
    status: str
    rule_id: int | None
    mediation_type: str
    supervised: bool
    reasons: tuple[str, ...]
    organisations: tuple[OrgChoice, ...]
    mediators: tuple[MediatorChoice, ...]
    conflicted: tuple[MediatorChoice, ...]


def recommend(db: Database, actor: UserInfo, case_key: str | int) -> Recommendation:
    """Recommended mediation type, organisations and mediators for the case."""
    with db.session() as s:
        case = find_case(s, require(s, actor, "case.assign"), case_key)
        facts = facts_of(case)
        regions = load_regions(s)
        routing = route(facts, load_rules(s), regions, load_organisations(s))
        top = routing.organisations[:MAX_ORGANISATIONS]
        parties = case_parties(s, case.id)
        recommended, conflicted = rank_mediators(
            facts, top, load_mediators(s, [o.id for o in top]), parties, ties_to(s, parties),
            regions)
        return Recommendation(case.id, case.number, case.status, routing.rule_id,
                              routing.mediation_type, routing.supervised, routing.reasons,
                              routing.organisations, tuple(recommended), tuple(conflicted))


def mediators_of(db: Database, actor: UserInfo, case_key: str | int,
                 organisation_ids: Sequence[int]) -> list[MediatorChoice]:
    """Every active mediator of these organisations for a manual choice, conflicts marked."""
    with db.session() as s:
        case = find_case(s, require(s, actor, "case.assign"), case_key)
        facts = facts_of(case)
        names = dict(s.execute(select(Organisation.id, Organisation.name)
                               .where(Organisation.id.in_(list(organisation_ids)))).all())
        orgs = [OrgChoice(i, names[i], "", ()) for i in organisation_ids if i in names]
        parties = case_parties(s, case.id)
        recommended, conflicted = rank_mediators(
            facts, orgs, load_mediators(s, [o.id for o in orgs]), parties,
            ties_to(s, parties), load_regions(s))
        return recommended + conflicted


def conflicts_for(db: Database, actor: UserInfo, case_key: str | int,
                  mediator_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    """Mediator id → why they should step aside from this case (only those with a reason)."""
    with db.session() as s:
        case = find_case(s, require(s, actor, "case.assign"), case_key)
        return conflicts_in(s, case.id, mediator_ids)


def conflicts_in(session: Session, case_id: int,
                 mediator_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    """:func:`conflicts_for` inside an open session (used while assigning)."""
    parties = case_parties(session, case_id)
    ties = ties_to(session, parties)
    found = {m.id: conflicts_of(m, parties, ties) for m in mediator_refs(session, mediator_ids)}
    return {mid: reasons for mid, reasons in found.items() if reasons}
