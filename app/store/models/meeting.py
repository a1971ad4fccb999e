"""村民说事: meetings, the village roster, and each matter from speaking to evaluation."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.store.models.base import Base, Versioned


class RosterMember(Versioned, Base):
    """Someone on a village's roster who may attend or raise matters."""

    __tablename__ = "roster_members"
    village_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(40))
    household_group: Mapped[str | None] = mapped_column(String(60))
    phone: Mapped[str | None] = mapped_column(String(40))
    party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Meeting(Versioned, Base):
    """One 说事 session of a village."""

    __tablename__ = "meetings"
    village_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    held_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    venue: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="regular")
    body: Mapped[str] = mapped_column(String(30), default="speak_up")
    host: Mapped[str | None] = mapped_column(String(100))
    recorder: Mapped[str | None] = mapped_column(String(100))
    members_total: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)
    attendees: Mapped[list[MeetingAttendee]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan"
    )
    items: Mapped[list[MeetingItem]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="MeetingItem.ordinal"
    )


class MeetingAttendee(Versioned, Base):
    """Who came, in what role; the sign-in sheet is printed from these rows."""

    __tablename__ = "meeting_attendees"
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    roster_member_id: Mapped[int | None] = mapped_column(ForeignKey("roster_members.id"))
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(40))
    signed: Mapped[bool] = mapped_column(Boolean, default=False)
    meeting: Mapped[Meeting] = relationship(back_populates="attendees")


class MeetingItem(Versioned, Base):
    """A matter raised (说), discussed and voted (议), handled (办) and evaluated (评)."""

    __tablename__ = "meeting_items"
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    ordinal: Mapped[int] = mapped_column(Integer, default=0)
    raised_by: Mapped[str] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(40))
    matter: Mapped[str] = mapped_column(Text)
    discussion: Mapped[str | None] = mapped_column(Text)
    votes_present: Mapped[int | None] = mapped_column(Integer)
    votes_for: Mapped[int | None] = mapped_column(Integer)
    votes_against: Mapped[int | None] = mapped_column(Integer)
    votes_abstain: Mapped[int | None] = mapped_column(Integer)
    decision: Mapped[str | None] = mapped_column(Text)
    responsible: Mapped[str | None] = mapped_column(String(100))
    deadline: Mapped[date | None] = mapped_column(Date)
    stage: Mapped[str] = mapped_column(String(20), default="raised", index=True)
    done_on: Mapped[date | None] = mapped_column(Date)
    publicised_on: Mapped[date | None] = mapped_column(Date)
    satisfied: Mapped[int | None] = mapped_column(Integer)
    basically_satisfied: Mapped[int | None] = mapped_column(Integer)
    dissatisfied: Mapped[int | None] = mapped_column(Integer)
    evaluation_notes: Mapped[str | None] = mapped_column(Text)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    meeting: Mapped[Meeting] = relationship(back_populates="items")


class MeetingItemProgress(Versioned, Base):
    """A dated progress note while a matter is being handled (办)."""

    __tablename__ = "meeting_item_progress"
    item_id: Mapped[int] = mapped_column(
        ForeignKey("meeting_items.id", ondelete="CASCADE"), index=True
    )
    on_date: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text)
