"""All mapped classes, importable from one place (Alembic and services use this)."""

from app.store.models.agreement import Agreement, FollowUp, JudicialConfirmation, Obligation
from app.store.models.audit import AuditEntry
from app.store.models.base import Base, Versioned
from app.store.models.case import Case, CaseMediator, CaseNumberCounter, CaseParty
from app.store.models.document import Attachment, Document
from app.store.models.mediation import Appraisal, Investigation, MediationSession, Referral
from app.store.models.meeting import (
    Meeting,
    MeetingAttendee,
    MeetingItem,
    MeetingItemProgress,
    RosterMember,
)
from app.store.models.organisation import (
    Mediator,
    Organisation,
    Region,
    User,
    mediator_organisations,
)
from app.store.models.party import Party

__all__ = [
    "Agreement",
    "Appraisal",
    "Attachment",
    "AuditEntry",
    "Base",
    "Case",
    "CaseMediator",
    "CaseNumberCounter",
    "CaseParty",
    "Document",
    "FollowUp",
    "Investigation",
    "JudicialConfirmation",
    "MediationSession",
    "Mediator",
    "Meeting",
    "MeetingAttendee",
    "MeetingItem",
    "MeetingItemProgress",
    "Obligation",
    "Organisation",
    "Party",
    "Referral",
    "Region",
    "RosterMember",
    "User",
    "Versioned",
    "mediator_organisations",
]
