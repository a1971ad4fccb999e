"""The settlement and what follows it: obligations, court confirmation, follow-up visits."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, Integer, Numeric, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.store.models.base import Base, Versioned


class Agreement(Versioned, Base):
    """人民调解协议 (written or oral) with the elements PML art. 29 asks for."""

    __tablename__ = "agreements"
    __table_args__ = (Index("ix_agreements_report", "case_id", "form", "performance_status",
                            "money_total", "court_applied", "court_confirmed",
                            "court_rejected"),)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), unique=True
    )
    form: Mapped[str] = mapped_column(String(10), default="written")
    number: Mapped[str | None] = mapped_column(String(60))
    facts: Mapped[str | None] = mapped_column(Text)
    disputed_matters: Mapped[str | None] = mapped_column(Text)
    responsibilities: Mapped[str | None] = mapped_column(Text)
    terms: Mapped[str | None] = mapped_column(Text)
    copies: Mapped[int | None] = mapped_column(Integer)
    signed_on: Mapped[date | None] = mapped_column(Date)
    effective_on: Mapped[date | None] = mapped_column(Date)
    performance_status: Mapped[str] = mapped_column(String(30), default="pending")
    money_total: Mapped[Decimal] = mapped_column(Numeric(16, 2), default=Decimal(0),
                                                 server_default="0")
    """The sum of the money obligations.  This and the three ``court_`` flags (taken to
    court, confirmed valid, rejected: 0/1) are for the statistics and are kept by the
    database (triggers on ``obligations`` and ``judicial_confirmations``, migration
    0011); the program never sets them."""
    court_applied: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    court_confirmed: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    court_rejected: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    obligations: Mapped[list[Obligation]] = relationship(
        back_populates="agreement", cascade="all, delete-orphan", order_by="Obligation.ordinal"
    )


class Obligation(Versioned, Base):
    """Who owes what to whom, by when and how; also the performance ledger line."""

    __tablename__ = "obligations"
    __table_args__ = (
        Index("ix_obligations_status_due", "status", "due_date", "agreement_id"),
        Index("ix_obligations_owed", "owed_due", "agreement_id", "id"),
    )
    """``ix_obligations_owed`` is partial (``WHERE owed_due IS NOT NULL``: owed obligations
    only) in the database, as migration 0014 makes it; the condition is not repeated here,
    where it would load the PostgreSQL dialect on every SQLite start."""
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    ordinal: Mapped[int] = mapped_column(Integer, default=0)
    debtor_party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"))
    creditor_party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"))
    kind: Mapped[str] = mapped_column(String(20), default="money")
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    description: Mapped[str] = mapped_column(Text)
    due_date: Mapped[date | None] = mapped_column(Date)
    manner: Mapped[str | None] = mapped_column(String(200))
    performed_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    performed_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    owed_due: Mapped[date | None] = mapped_column(Date)
    """The due date while the obligation is owed (not performed) and its case is being
    performed (达成协议, 履行中, 已回访); NULL otherwise.  The warning panel's missed
    instalments are ``owed_due < today``, one range of ``ix_obligations_owed``.  Kept by
    the database (triggers on ``obligations``, ``agreements`` and ``cases``, migration
    0014); the program never sets it."""
    agreement: Mapped[Agreement] = relationship(back_populates="obligations")
    performances: Mapped[list[PerformanceRecord]] = relationship(
        back_populates="obligation", cascade="all, delete-orphan",
        order_by="PerformanceRecord.on_date",
    )


class PerformanceRecord(Versioned, Base):
    """履行台账 line: what was actually paid or done against one obligation, and when."""

    __tablename__ = "performance_records"
    obligation_id: Mapped[int] = mapped_column(
        ForeignKey("obligations.id", ondelete="CASCADE"), index=True
    )
    on_date: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str | None] = mapped_column(String(60))
    obligation: Mapped[Obligation] = relationship(back_populates="performances")


class JudicialConfirmation(Versioned, Base):
    """司法确认: the joint application to the court and the court's ruling."""

    __tablename__ = "judicial_confirmations"
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    court: Mapped[str] = mapped_column(String(200))
    applied_on: Mapped[date | None] = mapped_column(Date)
    result: Mapped[str | None] = mapped_column(String(20))
    ruling_number: Mapped[str | None] = mapped_column(String(80))
    decided_on: Mapped[date | None] = mapped_column(Date)


class FollowUp(Versioned, Base):
    """回访: checking that the agreement is performed and the parties are satisfied."""

    __tablename__ = "followups"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    scheduled_on: Mapped[date | None] = mapped_column(Date)
    visited_on: Mapped[date | None] = mapped_column(Date)
    visitor: Mapped[str | None] = mapped_column(String(100))
    method: Mapped[str | None] = mapped_column(String(20))
    performance: Mapped[str | None] = mapped_column(String(30))
    satisfaction_fairness: Mapped[int | None] = mapped_column(Integer)
    satisfaction_attitude: Mapped[int | None] = mapped_column(Integer)
    satisfaction_result: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)
