"""The rows of an export: a case list exactly as filtered on screen, or the party registry.

The case list is read page by page through the same query as the list
itself (app/services/cases/queries.py), so an export holds what the user
sees, in the order they see it, and nothing outside their scope.  Each
page is completed with what a ledger needs beyond the list's columns
(each side's names, ID numbers and phones, the agreed amount, the closing
date) and masked for roles that see masked ID numbers and phones, as
every list is (PIPL art. 51).  Pages are yielded one at a time, so an
export of a hundred thousand cases never holds them all.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select

from app.services.cases.queries import CaseFilter, case_page, count_cases
from app.services.parties.queries import PartyRow, count_parties, party_page
from app.services.security.access import require
from app.services.security.masking import masked
from app.services.security.users import UserInfo
from app.store.database import Database
from app.store.models import Agreement, Case, CaseParty, Obligation, Party

PAGE = 2000


@dataclass(frozen=True)
class _PartyCell:
    """One party of one side, masked on its own before the side's cells are joined."""

    name: str
    id_number: str | None
    credit_code: str | None
    phone: str | None


@dataclass(frozen=True)
class CaseExportRow:
    """One case as an exported ledger line (codes, not labels: the writer translates)."""

    number: str
    received_at: datetime
    applicants: str
    applicant_ids: str
    applicant_phones: str
    respondents: str
    respondent_ids: str
    respondent_phones: str
    category: str
    source: str
    status: str
    risk: str
    people_involved: int
    amount: Decimal | None
    agreement_amount: Decimal | None
    organisation: str
    mediator: str | None
    deadline: date | None
    closed_on: date | None


def _joined(cells: list[_PartyCell]) -> tuple[str, str, str]:
    return ("、".join(c.name for c in cells),
            "、".join(c.id_number or c.credit_code or "" for c in cells).strip("、"),
            "、".join(c.phone or "" for c in cells).strip("、"))


def _details(db: Database, actor: UserInfo, case_ids: list[int]
             ) -> tuple[dict[int, dict[str, list[_PartyCell]]], dict[int, Decimal],
                        dict[int, date | None]]:
    """Each case's parties by side, agreed amount and closing date, masked for ``actor``."""
    sides: dict[int, dict[str, list[_PartyCell]]] = {}
    with db.session() as s:
        who = require(s, actor, "case.read")
        for case_id, role, name, number, code, phone in s.execute(
                select(CaseParty.case_id, CaseParty.role, Party.name, Party.id_number,
                       Party.credit_code, Party.phone)
                .join(Party, Party.id == CaseParty.party_id)
                .where(CaseParty.case_id.in_(case_ids),
                       CaseParty.role.in_(("applicant", "respondent")))
                .order_by(CaseParty.case_id, CaseParty.ordinal)).all():
            cell = masked(_PartyCell(name, number, code, phone), who.user)
            sides.setdefault(case_id, {}).setdefault(role, []).append(cell)
        agreed = {int(k): Decimal(str(v)) for k, v in s.execute(
            select(Agreement.case_id, func.sum(Obligation.amount))
            .join(Obligation, Obligation.agreement_id == Agreement.id)
            .where(Agreement.case_id.in_(case_ids), Obligation.kind == "money")
            .group_by(Agreement.case_id)).all() if v is not None}
        closed = {int(k): v for k, v in s.execute(
            select(Case.id, Case.closed_on).where(Case.id.in_(case_ids))).all()}
    return sides, agreed, closed


def case_export_pages(db: Database, actor: UserInfo, f: CaseFilter | None = None, *,
                      sort: str = "received_at", descending: bool = True,
                      page: int = PAGE) -> Iterator[list[CaseExportRow]]:
    """The filtered case list, ``page`` rows at a time, as ledger lines."""
    f = f or CaseFilter()
    total = count_cases(db, actor, f)
    for offset in range(0, total, page):
        rows = case_page(db, actor, f, offset, page, sort=sort, descending=descending,
                         total=total)
        if not rows:
            return
        sides, agreed, closed = _details(db, actor, [r.id for r in rows])
        lines = []
        for r in rows:
            applicants = _joined(sides.get(r.id, {}).get("applicant", []))
            respondents = _joined(sides.get(r.id, {}).get("respondent", []))
            lines.append(CaseExportRow(r.number, r.received_at, *applicants, *respondents,
                                       r.category, r.source, r.status, r.risk,
                                       r.people_involved, r.amount, agreed.get(r.id),
                                       r.organisation, r.mediator, r.deadline,
                                       closed.get(r.id)))
        yield lines


def party_export_pages(db: Database, actor: UserInfo, *, page: int = PAGE
                       ) -> Iterator[list[PartyRow]]:
    """The party registry as the user may see it (masked by role), newest first."""
    total = count_parties(db, actor)
    for offset in range(0, total, page):
        rows = party_page(db, actor, offset, page, total=total)
        if not rows:
            return
        yield rows
