"""Conflict of interest (回避) and the ranking of mediators for one case.

A mediator must not mediate a dispute in which they are a party or are tied
to a party (PML art 15 asks for fairness; parties may object, art 19/20).
So a mediator who shares an ID number or phone with a party, or has a
recorded tie (relative, employer…) to one, is never recommended, and a
manual choice of them is warned about.  The others are ranked by specialty,
locality and current caseload, each with the sentences that explain it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.domain.codes import CATEGORIES, label
from app.domain.routing import CaseFacts, OrgChoice, RegionRef, region_chain
from app.domain.text import _

SPECIALTY_SCORE = 3.0
VILLAGE_SCORE = 2.0
TOWN_SCORE = 1.0
CASELOAD_PENALTY = 0.25
"""Score lost per open case: five open cases outweigh one specialty match."""


@dataclass(frozen=True)
class PartyRef:
    """A party (or agent) of the case, as the conflict check needs it."""

    id: int
    name: str
    id_number: str | None
    phone: str | None


@dataclass(frozen=True)
class MediatorRef:
    """A mediator with what ranking and the conflict check need."""

    id: int
    name: str
    specialties: tuple[str, ...]
    region_id: int | None
    organisation_ids: tuple[int, ...]
    active: bool
    open_cases: int
    id_number: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class Tie:
    """A recorded relation between a mediator and a party."""

    mediator_id: int
    party_id: int
    relation: str


@dataclass(frozen=True)
class MediatorChoice:
    """A mediator for the case, with score, reasons and any conflict of interest."""

    id: int
    name: str
    organisation_id: int
    organisation: str
    score: float
    open_cases: int
    reasons: tuple[str, ...]
    conflicts: tuple[str, ...]


def _id(value: str | None) -> str:
    return (value or "").strip().upper()


def _phone(value: str | None) -> str:
    digits = "".join(c for c in (value or "") if c.isdigit())
    return digits[2:] if len(digits) == 13 and digits.startswith("86") else digits


def conflicts_of(mediator: MediatorRef, parties: Sequence[PartyRef],
                 ties: Sequence[Tie]) -> tuple[str, ...]:
    """Why ``mediator`` must step aside from a case with these parties (empty if no reason)."""
    found: list[str] = []
    for party in parties:
        if _id(mediator.id_number) and _id(mediator.id_number) == _id(party.id_number):
            found.append(_("{mediator}与当事人{party}身份证号相同，是本案当事人").format(
                mediator=mediator.name, party=party.name))
        elif _phone(mediator.phone) and _phone(mediator.phone) == _phone(party.phone):
            found.append(_("{mediator}与当事人{party}联系电话相同，可能是同一人或同一家庭")
                         .format(mediator=mediator.name, party=party.name))
    names = {p.id: p.name for p in parties}
    for tie in ties:
        if tie.mediator_id == mediator.id and tie.party_id in names:
            found.append(_("{mediator}与当事人{party}存在利害关系：{relation}").format(
                mediator=mediator.name, party=names[tie.party_id], relation=tie.relation))
    return tuple(found)


def _locality(mediator: MediatorRef, chain: Sequence[RegionRef],
              regions: Mapping[int, RegionRef]) -> tuple[float, str | None]:
    own = {r.id for r in region_chain(mediator.region_id, regions)}
    for node in chain:
        if node.id in own and node.level in ("village", "grid"):
            return VILLAGE_SCORE, _("熟悉纠纷发生地：同在{area}").format(area=node.name)
        if node.id in own and node.level == "town":
            return TOWN_SCORE, _("熟悉纠纷发生地：同在{area}").format(area=node.name)
    return 0.0, None


def rank_mediators(case: CaseFacts, organisations: Sequence[OrgChoice],
                   mediators: Sequence[MediatorRef], parties: Sequence[PartyRef],
                   ties: Sequence[Tie], regions: Mapping[int, RegionRef]
                   ) -> tuple[list[MediatorChoice], list[MediatorChoice]]:
    """(recommended, conflicted) mediators of the recommended organisations.

    Recommended ones are active, free of conflicts, and sorted by organisation
    rank, then score; conflicted ones are returned apart so a manual choice of
    them can be warned about.
    """
    chain = region_chain(case.region_id, regions)
    rank = {o.id: n for n, o in enumerate(organisations)}
    names = {o.id: o.name for o in organisations}
    recommended: list[tuple[int, float, str, MediatorChoice]] = []
    conflicted: list[MediatorChoice] = []
    for mediator in mediators:
        orgs = [o for o in mediator.organisation_ids if o in rank]
        if not orgs or not mediator.active:
            continue
        org_id = min(orgs, key=rank.__getitem__)
        score, reasons = 0.0, []
        if case.category in mediator.specialties:
            score += SPECIALTY_SCORE
            reasons.append(_("擅长{category}").format(category=label(CATEGORIES, case.category)))
        local, why = _locality(mediator, chain, regions)
        if why:
            score += local
            reasons.append(why)
        score -= CASELOAD_PENALTY * mediator.open_cases
        reasons.append(_("当前在办 {n} 件").format(n=mediator.open_cases))
        choice = MediatorChoice(mediator.id, mediator.name, org_id, names[org_id], score,
                                mediator.open_cases, tuple(reasons),
                                conflicts_of(mediator, parties, ties))
        if choice.conflicts:
            conflicted.append(choice)
        else:
            recommended.append((rank[org_id], -score, mediator.name, choice))
    recommended.sort(key=lambda t: (t[0], t[1], t[2]))
    return [t[3] for t in recommended], conflicted
