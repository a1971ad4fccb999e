"""Administrator-editable rules: where a case goes and how long it may take.

Routing and deadlines are local policy that changes with each county's
arrangements, so they are rows an administrator edits, not code.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.store.models.base import Base, Versioned


class RoutingRule(Versioned, Base):
    """One routing rule: cases that match go to this kind of mediation and organisation.

    Empty match fields mean "any".  Rules are tried by ``priority`` (lowest
    first); the first that matches decides the recommendation.
    """

    __tablename__ = "routing_rules"
    priority: Mapped[int] = mapped_column(Integer, default=100)
    category: Mapped[str | None] = mapped_column(String(40))
    source: Mapped[str | None] = mapped_column(String(40))
    risk: Mapped[str | None] = mapped_column(String(10))
    min_people: Mapped[int | None] = mapped_column(Integer)
    mediation_type: Mapped[str] = mapped_column(String(30))
    organisation_kind: Mapped[str | None] = mapped_column(String(40))
    level: Mapped[str | None] = mapped_column(String(20))
    supervised: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class DeadlineRule(Versioned, Base):
    """How many days mediation may take for cases from one source.

    Sources: 人民调解工作若干规定 art 33; 特邀调解规定 art 27.
    """

    __tablename__ = "deadline_rules"
    source: Mapped[str] = mapped_column(String(40), unique=True)
    days: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
