"""Generated documents and uploaded attachments, kept with their SHA-256 as proof."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from app.store.models.base import Base, Versioned


class Document(Versioned, Base):
    """A generated form; regenerating adds a new version, old ones stay."""

    __tablename__ = "documents"
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    doc_version: Mapped[int] = mapped_column(Integer, default=1)
    format: Mapped[str] = mapped_column(String(10))
    author: Mapped[str | None] = mapped_column(String(60))
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)


class Attachment(Versioned, Base):
    """Material handed in (ID copies, evidence, power of attorney, signed scans)."""

    __tablename__ = "attachments"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    material_type: Mapped[str] = mapped_column(String(40))
    filename: Mapped[str] = mapped_column(String(260))
    mime_type: Mapped[str | None] = mapped_column(String(100))
    added_by: Mapped[str | None] = mapped_column(String(60))
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
