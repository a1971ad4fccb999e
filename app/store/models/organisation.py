"""Where mediation happens and who does it: regions, organisations, mediators, users."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, Column, DateTime, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.store.models.base import Base, Versioned

mediator_organisations = Table(
    "mediator_organisations",
    Base.metadata,
    Column("mediator_id", ForeignKey("mediators.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True),
)


class Region(Versioned, Base):
    """Administrative tree: city → county → town/street → village/community → grid."""

    __tablename__ = "regions"
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    parent: Mapped[Region | None] = relationship(remote_side="Region.id")
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    """False once an administrator set the region aside (entered by mistake)."""


class Organisation(Versioned, Base):
    """A mediation organisation (调解组织) and the work it takes on."""

    __tablename__ = "organisations"
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(40))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    mediation_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    address: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(40))
    court_name: Mapped[str | None] = mapped_column(String(200))
    case_number_pattern: Mapped[str | None] = mapped_column(String(100))
    print_seal: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    region: Mapped[Region | None] = relationship()


class Mediator(Versioned, Base):
    """A people's mediator; may serve several organisations."""

    __tablename__ = "mediators"
    name: Mapped[str] = mapped_column(String(100), index=True)
    gender: Mapped[str | None] = mapped_column(String(10))
    id_number: Mapped[str | None] = mapped_column(String(18), index=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str | None] = mapped_column(String(100))
    specialties: Mapped[list[str]] = mapped_column(JSON, default=list)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))
    relations: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    organisations: Mapped[list[Organisation]] = relationship(secondary=mediator_organisations)


class MediatorRelation(Versioned, Base):
    """A mediator's known tie to a party (relative, employer…): grounds for recusal."""

    __tablename__ = "mediator_relations"
    mediator_id: Mapped[int] = mapped_column(
        ForeignKey("mediators.id", ondelete="CASCADE"), index=True
    )
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id", ondelete="CASCADE"), index=True)
    relation: Mapped[str] = mapped_column(String(60))


class User(Versioned, Base):
    """Someone who logs in; role and scope decide what they may see and do."""

    __tablename__ = "users"
    login: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(30))
    case_role: Mapped[str | None] = mapped_column(String(30))
    """A second, case-work role for an administrator who also works cases (one-person offices)."""
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))
    mediator_id: Mapped[int | None] = mapped_column(ForeignKey("mediators.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    """Set after too many wrong passwords; sign-in is refused until then."""
