"""Facts about the case base itself, kept in the base so they travel with it.

Examples: whether the base holds demo data (a real office's base must not stay
without passwords, a demo may), and the base's own identity for later syncing.
"""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.store.models.base import Base, Versioned


class CasebaseSetting(Versioned, Base):
    """One named fact about this case base (``demo`` → ``"1"``, …)."""

    __tablename__ = "casebase_settings"
    key: Mapped[str] = mapped_column(String(60), unique=True)
    value: Mapped[str] = mapped_column(Text)
