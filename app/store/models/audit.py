"""The append-only audit trail and the head of each of its chains.

Entries written since schema revision 0005 belong to a *chain*: one per
origin (the case base that wrote them) and organisation of the acting user.
Each one carries its place in the chain (``seq``), the id of the key that
sealed it, and in ``hash`` an HMAC-SHA-256 over its fields and the previous
entry's ``hash`` (``prev_hash``).  Entries from before 0005 have no chain:
their ``hash`` is the plain SHA-256 of the old single chain, sealed by the
``base`` row of ``audit_heads`` (see app.store.audit_chain).

``audit_heads`` is a plain table rather than a mapped class: only the audit
writer touches it, with statements, never through a session.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, Index, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.store.models.base import Base


class AuditEntry(Base):
    """Who changed what, when, from what to what; never updated, never deleted."""

    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_entity", "entity", "entity_id"),
        Index("ux_audit_entries_chain_seq", "chain", "seq", unique=True),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    user_login: Mapped[str] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(20))
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    origin: Mapped[str | None] = mapped_column(String(36))
    """The case base that wrote the entry (its ``base`` head's origin); None before 0005."""
    chain: Mapped[str | None] = mapped_column(String(60))
    seq: Mapped[int | None] = mapped_column(Integer)
    key_id: Mapped[str | None] = mapped_column(String(16))


audit_heads = Table(
    "audit_heads",
    Base.metadata,
    Column("chain", String(60), primary_key=True),
    Column("origin", String(36), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
    Column("baseline", Text),
)
"""The last ``seq`` and ``hash`` of every chain, advanced in the transaction that appends.

The row ``base`` is written once, by migration 0005: its ``origin`` is this
case base's id, its ``seq``/``hash`` seal the entries written before keyed
chaining, and ``baseline`` names the rows that existed then (see
app.store.audit_chain.seal_hash).
"""
