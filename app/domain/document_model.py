"""The plain data every form is filled from.

Renderers take these frozen dataclasses, never ORM rows: a document can then
be produced from the database, from a test fixture or from a benchmark loop
alike, and rendering can run on a worker thread with no session open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True)
class OrgHeader:
    """An organisation as its letterhead shows it, and what kind of body it is."""

    name: str
    short_name: str = ""
    address: str | None = None
    phone: str | None = None
    court_name: str | None = None
    kind: str = ""
    """The organisation kind (``app.domain.codes.ORG_KINDS``): only a committee issues
    people's-mediation papers in its own name."""


@dataclass(frozen=True)
class PartyData:
    """One party (or an agent: ``represents`` names the party acted for)."""

    role: str
    kind: str
    name: str
    id_number: str | None = None
    credit_code: str | None = None
    gender: str | None = None
    birth_date: date | None = None
    ethnicity: str | None = None
    phone: str | None = None
    address: str | None = None
    occupation: str | None = None
    legal_representative: str | None = None
    represents: str | None = None
    relation: str | None = None

    @property
    def is_agent(self) -> bool:
        """Agents sign beside the party they act for but are not parties themselves."""
        return self.represents is not None


@dataclass(frozen=True)
class ObligationData:
    """One numbered term: who owes what to whom, by when and how."""

    debtor: str
    creditor: str
    kind: str
    description: str
    amount: Decimal | None = None
    due_date: date | None = None
    manner: str | None = None


@dataclass(frozen=True)
class AgreementData:
    """The written or oral agreement with the elements PML art. 29 names."""

    form: str
    number: str | None
    facts: str | None
    disputed_matters: str | None
    responsibilities: str | None
    terms: str | None
    copies: int | None
    signed_on: date | None
    effective_on: date | None
    obligations: tuple[ObligationData, ...] = ()


@dataclass(frozen=True)
class ConfirmationData:
    """The application to court and, once known, its ruling."""

    court: str
    applied_on: date | None = None
    result: str | None = None
    ruling_number: str | None = None
    decided_on: date | None = None


@dataclass(frozen=True)
class SessionData:
    """One mediation sitting as the 调解记录 prints it."""

    held_at: datetime
    place: str | None
    mediators: str | None
    recorder: str | None
    attendees: str | None
    invited: str | None
    record: str
    rights_read: bool = False


@dataclass(frozen=True)
class FollowUpData:
    """One 回访 visit."""

    visited_on: date | None
    visitor: str | None
    method: str | None
    performance: str | None
    notes: str | None
    satisfaction: str | None = None


@dataclass(frozen=True)
class CaseData:
    """A case with everything any of its forms prints."""

    number: str
    org: OrgHeader
    category: str
    source: str
    facts: str
    claims: str | None
    amount: Decimal | None
    received_at: datetime
    registered_by: str | None
    parties: tuple[PartyData, ...]
    mediators: tuple[str, ...] = ()
    recorder: str | None = None
    outcome: str | None = None
    outcome_reason: str | None = None
    closed_on: date | None = None
    archive_number: str | None = None
    archived_on: date | None = None
    sessions: tuple[SessionData, ...] = ()
    agreement: AgreementData | None = None
    confirmation: ConfirmationData | None = None
    followups: tuple[FollowUpData, ...] = ()
    today: date = field(default_factory=date.today)
    case_id: int | None = None
    mediation_type: str | None = None
    """``app.domain.codes.MEDIATION_TYPES``: people's, administrative, police, judicial…"""
    committee: OrgHeader | None = None
    """The people's mediation committee the handling organisation belongs to (itself if it
    is one; else the nearest committee up its 上级组织), or None."""

    @property
    def principals(self) -> tuple[PartyData, ...]:
        """The parties proper (applicants, respondents, third parties), agents left out."""
        return tuple(p for p in self.parties if not p.is_agent)

    def agents_of(self, name: str) -> tuple[PartyData, ...]:
        """The agents acting for the party called ``name``."""
        return tuple(p for p in self.parties if p.represents == name)


@dataclass(frozen=True)
class MeetingItemData:
    """One matter as the meeting that raised it dealt with it (说、议 and who does 办)."""

    ordinal: int
    raised_by: str
    matter: str
    discussion: str | None
    vote: str | None
    decision: str | None
    responsible: str | None
    deadline: date | None
    category: str = "other"
    """The 说事清单 category (``app.domain.meeting_codes.ITEM_CATEGORIES``)."""
    became_case: bool = False
    """The matter went on as a mediation case."""

    @property
    def private_dispute(self) -> bool:
        """A dispute between villagers: its parties are not named on a public notice."""
        return self.became_case or self.category == "neighbourhood_dispute"


@dataclass(frozen=True)
class MeetingData:
    """A 村民说事 meeting as its minutes and public notice print it."""

    village: str
    kind: str
    held_at: datetime
    venue: str | None
    host: str | None
    recorder: str | None
    present: int
    members_total: int | None
    attendees: tuple[str, ...]
    items: tuple[MeetingItemData, ...]
    org: OrgHeader
    attendee_roles: tuple[str, ...] = ()
    body: str = "speak_up"
    """Who voted (``app.domain.votes.VotingBody``): decisions reserved to the villagers'
    assembly are only recommendations of any other body."""
    posted_on: date | None = None
    """The day the decisions were first posted (公示), if recorded."""
