"""Ledgers brought in from spreadsheets: one row per import, which the cases point back to.

The batch keeps what proves where the cases came from (the file's name and
SHA-256, the column and value mapping used) and what undoing it needs to
remove: the parties it created, as id ranges (``[[low, high], …]``, JSON), and
the case-number counters it moved (``{"organisation:year": [before, after]}``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.store.models.base import Base, Versioned


class ImportBatch(Versioned, Base):
    """One ledger file imported in one transaction, until undone."""

    __tablename__ = "import_batches"
    file_name: Mapped[str] = mapped_column(String(260))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    sheet: Mapped[str | None] = mapped_column(String(120))
    mapping: Mapped[str] = mapped_column(Text)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    imported_by: Mapped[str] = mapped_column(String(60))
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    cases: Mapped[int] = mapped_column(Integer, default=0)
    parties_created: Mapped[str] = mapped_column(Text, default="[]")
    counters: Mapped[str] = mapped_column(Text, default="{}")
    undone_at: Mapped[datetime | None] = mapped_column(DateTime)
    undone_by: Mapped[str | None] = mapped_column(String(60))
