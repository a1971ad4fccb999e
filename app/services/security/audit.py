"""Proving the audit trail is intact (``tiaojie audit verify``)."""

from __future__ import annotations

from dataclasses import dataclass

from app.services.security.users import UserInfo
from app.store.audit_log import verify_chain
from app.store.database import Database


@dataclass(frozen=True)
class AuditReport:
    """How many entries were proven, and the first one that is not (if any)."""

    checked: int
    broken_entry_id: int | None
    reason: str | None

    @property
    def ok(self) -> bool:
        """True when every entry links to the one before it."""
        return self.broken_entry_id is None


def verify(db: Database, actor: UserInfo) -> AuditReport:
    """Walk the chain from the first entry to the last."""
    with db.engine.connect() as conn:
        checked, broken = verify_chain(conn)
    if broken is None:
        return AuditReport(checked, None, None)
    return AuditReport(checked, broken.entry_id, broken.reason)
