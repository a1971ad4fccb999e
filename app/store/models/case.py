"""A dispute (矛盾纠纷) from intake to archive, and who takes part in it."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.store.models.base import Base, Versioned
from app.store.models.organisation import Mediator, Organisation, Region
from app.store.models.party import Party


class Case(Versioned, Base):
    """One dispute, with everything the intake register and the case file need."""

    __tablename__ = "cases"
    __table_args__ = (
        UniqueConstraint("organisation_id", "year", "seq", name="uq_cases_org_year_seq"),
        Index("ix_cases_received_at", "received_at"),
        Index("ix_cases_status_received", "status", "received_at"),
        Index("ix_cases_category_received", "category", "received_at"),
        Index("ix_cases_org_received", "organisation_id", "received_at"),
        Index("ix_cases_deadline", "deadline"),
        Index("ix_cases_report_received", "received_at", "refusal_reason", "source", "category",
              "mediation_type", "current_organisation_id", "organisation_id",
              "lead_mediator_id"),
        Index("ix_cases_report_closed", "closed_on", "outcome", "refusal_reason", "category",
              "mediation_type", "current_organisation_id", "organisation_id",
              "lead_mediator_id", "deadline", "received_at", "agreement_form",
              "agreement_performance", "agreement_money", "agreement_court_applied",
              "agreement_court_confirmed", "agreement_court_rejected"),
        Index("ix_cases_supervised_status", "supervised", "status"),
        Index("ix_cases_status_deadline", "status", "deadline"),
        Index("ix_cases_risk_status", "risk", "status"),
    )
    number: Mapped[str] = mapped_column(String(60), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(40))
    facts: Mapped[str] = mapped_column(Text)
    claims: Mapped[str | None] = mapped_column(Text)
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    people_involved: Mapped[int] = mapped_column(Integer, default=2)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))
    risk: Mapped[str] = mapped_column(String(10), default="green")
    received_at: Mapped[datetime] = mapped_column(DateTime)
    deadline: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="received")
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    current_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id"), index=True
    )
    mediation_type: Mapped[str | None] = mapped_column(String(30))
    lead_mediator_id: Mapped[int | None] = mapped_column(ForeignKey("mediators.id"), index=True)
    registered_by: Mapped[str | None] = mapped_column(String(60))
    outcome: Mapped[str | None] = mapped_column(String(30))
    outcome_reason: Mapped[str | None] = mapped_column(Text)
    resolution_level: Mapped[str | None] = mapped_column(String(20))
    refusal_reason: Mapped[str | None] = mapped_column(Text)
    supervised: Mapped[bool] = mapped_column(Boolean, default=False)
    police_called: Mapped[bool] = mapped_column(Boolean, default=False)
    injuries: Mapped[bool] = mapped_column(Boolean, default=False)
    blockade: Mapped[bool] = mapped_column(Boolean, default=False)
    group_petition: Mapped[bool] = mapped_column(Boolean, default=False)
    escalated_to_police: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_on: Mapped[date | None] = mapped_column(Date)
    guidance: Mapped[str | None] = mapped_column(String(30))
    archived_on: Mapped[date | None] = mapped_column(Date)
    closing_summary: Mapped[str | None] = mapped_column(Text)
    archive_number: Mapped[str | None] = mapped_column(String(60))
    archive_location: Mapped[str | None] = mapped_column(String(200))
    file_quality: Mapped[str | None] = mapped_column(String(20))
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"),
                                                        index=True)
    number_on_import: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    """The ledger had no number for this case: the import gave it one."""
    agreement_form: Mapped[str | None] = mapped_column(String(10))
    """This and the other ``agreement_`` columns copy what the statistics read about the
    case's agreement (form, performance state, money, court flags; NULL: no agreement).
    The database keeps them (triggers on ``agreements``, migration 0012); the program
    never sets them."""
    agreement_performance: Mapped[str | None] = mapped_column(String(30))
    agreement_money: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    agreement_court_applied: Mapped[int | None] = mapped_column(SmallInteger)
    agreement_court_confirmed: Mapped[int | None] = mapped_column(SmallInteger)
    agreement_court_rejected: Mapped[int | None] = mapped_column(SmallInteger)
    organisation: Mapped[Organisation] = relationship(foreign_keys=[organisation_id])
    region: Mapped[Region | None] = relationship()
    lead_mediator: Mapped[Mediator | None] = relationship()
    parties: Mapped[list[CaseParty]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseParty.ordinal"
    )


class CasePrevention(Versioned, Base):
    """One prevention outcome recorded when the case was concluded, with the people it concerned.

    The people's-mediation statistics table counts these per kind (件/人):
    a dispute kept from turning criminal, a group petition or fight averted,
    a suicide prevented.
    """

    __tablename__ = "case_preventions"
    __table_args__ = (UniqueConstraint("case_id", "kind"),)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    people: Mapped[int] = mapped_column(Integer)


class CaseParty(Versioned, Base):
    """A party's role in one case; agents point at the party they represent."""

    __tablename__ = "case_parties"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    ordinal: Mapped[int] = mapped_column(Integer, default=0)
    represents_id: Mapped[int | None] = mapped_column(ForeignKey("case_parties.id"))
    relation: Mapped[str | None] = mapped_column(String(40))
    case: Mapped[Case] = relationship(back_populates="parties")
    party: Mapped[Party] = relationship()


class CaseMediator(Versioned, Base):
    """Joint mediation: several organisations and mediators, one of them leading."""

    __tablename__ = "case_mediators"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    mediator_id: Mapped[int] = mapped_column(ForeignKey("mediators.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    is_lead: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="active")
    objection: Mapped[str | None] = mapped_column(Text)
    objection_decision: Mapped[str | None] = mapped_column(Text)


class CaseNumberCounter(Versioned, Base):
    """Last case number handed out per organisation and year (row-locked on allocation)."""

    __tablename__ = "case_number_counters"
    __table_args__ = (UniqueConstraint("organisation_id", "year", name="uq_counter_org_year"),)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    year: Mapped[int] = mapped_column(Integer)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
