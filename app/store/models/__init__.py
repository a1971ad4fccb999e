"""All mapped classes, importable from one place (Alembic and services use this)."""

from app.store.models.agreement import (
    Agreement,
    FollowUp,
    JudicialConfirmation,
    Obligation,
    PerformanceRecord,
)
from app.store.models.audit import AuditEntry
from app.store.models.base import Base, Versioned
from app.store.models.case import (
    Case,
    CaseMediator,
    CaseNumberCounter,
    CaseParty,
    CasePrevention,
)
from app.store.models.document import Attachment, Document
from app.store.models.imports import ImportBatch
from app.store.models.mediation import (
    Appraisal,
    DeadlineExtension,
    Investigation,
    MediationSession,
    Referral,
)
from app.store.models.meeting import (
    Meeting,
    MeetingAttendee,
    MeetingItem,
    MeetingItemProgress,
    RosterMember,
)
from app.store.models.organisation import (
    Mediator,
    MediatorRelation,
    Organisation,
    Region,
    User,
    mediator_organisations,
)
from app.store.models.party import Party
from app.store.models.report_cache import ReportMonthCache, ReportMonthVersion
from app.store.models.routing import DeadlineRule, RoutingRule
from app.store.models.settings import CasebaseSetting

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
    "CasePrevention",
    "CasebaseSetting",
    "DeadlineExtension",
    "DeadlineRule",
    "Document",
    "FollowUp",
    "ImportBatch",
    "Investigation",
    "JudicialConfirmation",
    "MediationSession",
    "Mediator",
    "MediatorRelation",
    "Meeting",
    "MeetingAttendee",
    "MeetingItem",
    "MeetingItemProgress",
    "Obligation",
    "Organisation",
    "Party",
    "PerformanceRecord",
    "Referral",
    "Region",
    "ReportMonthCache",
    "ReportMonthVersion",
    "RosterMember",
    "RoutingRule",
    "User",
    "Versioned",
    "mediator_organisations",
]
