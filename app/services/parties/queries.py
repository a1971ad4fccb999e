"""Reading the party registry page by page, with ID and phone masked by role.

Masking happens here, not in the GUI, so a full ID number never leaves the
service layer for a user whose role may not see it (PIPL art. 51).  A user
sees the parties of the cases they may see (app/services/security/access.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app.services.paging import window
from app.services.security.access import Access, require, visible_cases, visible_parties
from app.services.security.masking import masked
from app.services.security.users import UserInfo
from app.store.database import Database
from app.store.models import Case, CaseParty, Party

Q = TypeVar("Q", bound=Select[*tuple[Any, ...]])


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


def _visible(query: Q, who: Access) -> Q:
    scope = visible_parties(who)
    return query if scope is None else query.where(scope)


def case_counts(session: Session, who: Access, party_ids: list[int]) -> dict[int, int]:
    """How many of the cases ``who`` may see each of these parties is in."""
    if not party_ids:
        return {}
    query = (select(CaseParty.party_id, func.count(CaseParty.id))
             .where(CaseParty.party_id.in_(party_ids)).group_by(CaseParty.party_id))
    scope = visible_cases(who)
    if scope is not None:
        query = query.join(Case, Case.id == CaseParty.case_id).where(scope)
    return {int(pid): int(n) for pid, n in session.execute(query).all()}


def count_parties(db: Database, actor: UserInfo) -> int:
    """Registry size as the user sees it (merged duplicates excluded)."""
    with db.session() as s:
        query = _visible(select(func.count(Party.id)).where(Party.merged_into_id.is_(None)),
                         require(s, actor, "party.read"))
        return int(s.scalar(query) or 0)


def party_page(
    db: Database, actor: UserInfo, offset: int, limit: int, total: int | None = None
) -> list[PartyRow]:
    """Rows of the registry in id order, newest first."""
    w = window(offset, limit, total)
    offset, limit, reverse = w.offset, w.limit, w.reverse
    order = Party.id.asc() if reverse else Party.id.desc()
    with db.session() as s:
        who = require(s, actor, "party.read")
        parties = s.execute(_visible(
            select(Party).where(Party.merged_into_id.is_(None)), who)
            .order_by(order).offset(offset).limit(limit)
        ).scalars().all()
        counts = case_counts(s, who, [p.id for p in parties])
    rows = [party_row(p, who.user, counts.get(p.id, 0)) for p in parties]
    if reverse:
        rows.reverse()
    return rows

