"""Reading the party registry page by page, with ID and phone masked by role.

Masking happens here, not in the GUI, so a full ID number never leaves the
service layer for a user whose role may not see it (PIPL art. 51).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.services.paging import window
from app.services.security.masking import masked
from app.services.security.users import UserInfo
from app.store.database import Database
from app.store.models import CaseParty, Party


@dataclass(frozen=True)
class PartyRow:
    """One line of the party registry."""

    id: int
    kind: str
    name: str
    id_number: str | None
    credit_code: str | None
    phone: str | None
    address: str
    case_count: int

    @property
    def identifier(self) -> str:
        """ID number for people, credit code for organisations."""
        return self.id_number or self.credit_code or ""


def party_row(p: Party, viewer: UserInfo, case_count: int) -> PartyRow:
    """One registry line, masked for ``viewer``."""
    return masked(PartyRow(p.id, p.kind, p.name, p.id_number, p.credit_code, p.phone,
                           p.address or "", case_count), viewer)


def count_parties(db: Database, actor: UserInfo) -> int:
    """Registry size (merged duplicates excluded)."""
    with db.session() as s:
        query = select(func.count(Party.id)).where(Party.merged_into_id.is_(None))
        return int(s.scalar(query) or 0)


def party_page(
    db: Database, actor: UserInfo, offset: int, limit: int, total: int | None = None
) -> list[PartyRow]:
    """Rows of the registry in id order, newest first."""
    w = window(offset, limit, total)
    offset, limit, reverse = w.offset, w.limit, w.reverse
    order = Party.id.asc() if reverse else Party.id.desc()
    with db.session() as s:
        parties = s.execute(
            select(Party).where(Party.merged_into_id.is_(None))
            .order_by(order).offset(offset).limit(limit)
        ).scalars().all()
        ids = [p.id for p in parties]
        counts = dict(
            s.execute(
                select(CaseParty.party_id, func.count(CaseParty.id))
                .where(CaseParty.party_id.in_(ids)).group_by(CaseParty.party_id)
            ).all()
        ) if ids else {}
    rows = [party_row(p, actor, counts.get(p.id, 0)) for p in parties]
    if reverse:
        rows.reverse()
    return rows

