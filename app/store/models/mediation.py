"""What happens while a case is handled: referrals, investigations, sessions, appraisals."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.store.models.base import Base, Versioned


class Referral(Versioned, Base):
    """A case moving between organisations or mediation types; history is never rewritten."""

    __tablename__ = "referrals"
    __table_args__ = (Index("ix_referrals_status_to", "status", "to_organisation_id", "case_id"),)
    """Referrals pending with an organisation: what a user limited to it may also see."""
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    from_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    to_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    external_party: Mapped[str | None] = mapped_column(String(200))
    mediation_type: Mapped[str | None] = mapped_column(String(30))
    reason: Mapped[str] = mapped_column(Text)
    referred_by: Mapped[str | None] = mapped_column(String(60))
    referred_at: Mapped[datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    decided_by: Mapped[str | None] = mapped_column(String(60))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decision_reason: Mapped[str | None] = mapped_column(Text)


class Investigation(Versioned, Base):
    """调查记录: who was questioned and what they said."""

    __tablename__ = "investigations"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    held_at: Mapped[datetime] = mapped_column(DateTime)
    place: Mapped[str | None] = mapped_column(String(200))
    investigators: Mapped[str | None] = mapped_column(String(200))
    interviewee: Mapped[str] = mapped_column(String(100))
    record: Mapped[str] = mapped_column(Text)


class MediationSession(Versioned, Base):
    """调解记录: one sitting, with the procedure steps the record must show."""

    __tablename__ = "mediation_sessions"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    held_at: Mapped[datetime] = mapped_column(DateTime)
    place: Mapped[str | None] = mapped_column(String(200))
    mediators: Mapped[str | None] = mapped_column(String(300))
    recorder: Mapped[str | None] = mapped_column(String(100))
    attendees: Mapped[str | None] = mapped_column(Text)
    invited: Mapped[str | None] = mapped_column(Text)
    record: Mapped[str] = mapped_column(Text)
    proposals: Mapped[str | None] = mapped_column(Text)
    next_step: Mapped[str | None] = mapped_column(Text)
    rights_read: Mapped[bool] = mapped_column(Boolean, default=False)
    recusal_asked: Mapped[bool] = mapped_column(Boolean, default=False)
    sides_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    private_session: Mapped[bool] = mapped_column(Boolean, default=False)


class Appraisal(Versioned, Base):
    """评估鉴定 for professional mediation: expert opinion and compensation sheet."""

    __tablename__ = "appraisals"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date | None] = mapped_column(Date)
    experts: Mapped[str | None] = mapped_column(String(300))
    opinion_number: Mapped[str | None] = mapped_column(String(60))
    opinion: Mapped[str | None] = mapped_column(Text)
    liability_share: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    compensation: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)


class DeadlineExtension(Versioned, Base):
    """An extension of a case's deadline: why, who asked, who approved."""

    __tablename__ = "deadline_extensions"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    old_deadline: Mapped[date | None] = mapped_column(Date)
    new_deadline: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    requested_by: Mapped[str | None] = mapped_column(String(60))
    approved_by: Mapped[str] = mapped_column(String(100))
