"""The party registry: find, edit, merge, and reveal a masked number (audited).

Editing checks the same rules as intake (ID checksum, phone format) and the
optimistic-lock version the form was opened with.  Merging two records of the
same person moves every case link to the record kept; the other record stays,
marked as merged, so old audit entries still point at something.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.domain.creditcode import parse_credit_code
from app.domain.errors import ValidationError
from app.domain.idnumber import parse_id_number
from app.domain.phone import parse_phone
from app.domain.text import _
from app.domain.text_rules import TextKind, check_text
from app.services.cases.intake import initials_of
from app.services.changes import refuse_stale
from app.services.errors import NotFoundError
from app.services.parties.queries import PartyRow, case_counts, party_row
from app.services.security.access import Access, require, visible_cases, visible_parties
from app.services.security.masking import masked, plan_search
from app.services.security.users import UserInfo
from app.services.uow import UnitOfWork
from app.store import search
from app.store.database import Database
from app.store.models import Case, CaseParty, Obligation, Party, RosterMember

EDITABLE = ("name", "id_number", "gender", "birth_date", "ethnicity", "phone", "address",
            "occupation", "credit_code", "legal_representative")
IDENTITY_FIELDS = frozenset({"name", "address", "legal_representative"})
"""Fields that say who or where someone is: no bidirectional overrides (app.domain.text_rules)."""


@dataclass(frozen=True)
class PartyCase:
    """A case the party is in, and in which role."""

    case_id: int
    number: str
    role: str
    category: str
    status: str


@dataclass(frozen=True)
class PartyDetail:
    """One registry record, masked per the viewer, with its cases."""

    id: int
    version: int
    kind: str
    name: str
    id_number: str | None
    gender: str | None
    birth_date: date | None
    ethnicity: str | None
    phone: str | None
    address: str | None
    occupation: str | None
    credit_code: str | None
    legal_representative: str | None
    masked: bool
    cases: list[PartyCase]


def get_party(db: Database, actor: UserInfo, party_id: int) -> PartyDetail:
    """A party and every case of theirs the user may see."""
    with db.session() as s:
        who = require(s, actor, "party.read")
        p = _party(s, who, party_id)
        query = (select(Case.id, Case.number, CaseParty.role, Case.category, Case.status)
                 .join(CaseParty, CaseParty.case_id == Case.id)
                 .where(CaseParty.party_id == party_id).order_by(Case.received_at.desc()))
        scope = visible_cases(who)
        cases = [PartyCase(*row) for row in s.execute(
            query if scope is None else query.where(scope)).all()]
        detail = PartyDetail(p.id, p.version, p.kind, p.name, p.id_number, p.gender,
                             p.birth_date, p.ethnicity, p.phone, p.address, p.occupation,
                             p.credit_code, p.legal_representative, False, cases)
    return masked(detail, who.user)


def _party(session: Session, who: Access, party_id: int) -> Party:
    """The party if the user may see it (one of their cases is visible), else not found."""
    query = select(Party).where(Party.id == party_id)
    scope = visible_parties(who)
    party = session.execute(query if scope is None else query.where(scope)).scalar_one_or_none()
    if party is None:
        raise NotFoundError(_("当事人记录不存在"))
    return party


def search_parties(db: Database, actor: UserInfo, text: str, limit: int = 10
                   ) -> list[PartyRow]:
    """Registry records the user may see matching a name, ID or phone fragment.

    A role that sees masked numbers finds a record by a complete ID or phone
    number only, compared whole (app/services/security/masking.py).
    """
    with db.session() as s:
        who = require(s, actor, "party.read")
        plan = plan_search(text, who.user)
        if plan.refused:
            return []
        scope = visible_parties(who)
        if plan.number is not None:
            ids = list(s.scalars(select(Party.id).where(
                or_(Party.id_number == plan.number, Party.phone == plan.number),
                Party.merged_into_id.is_(None)).order_by(Party.id.desc()).limit(limit)))
        elif scope is None:
            ids = search.find(s.connection(), "party", plan.text, limit)
        else:
            matches = search.matching(s.connection().dialect.name, "party", plan.text)
            ids = [] if matches is None else list(s.scalars(
                select(Party.id).where(Party.id.in_(matches), scope)
                .order_by(Party.id.desc()).limit(limit)))
        if not ids:
            return []
        query = select(Party).where(Party.id.in_(ids))
        parties = {p.id: p for p in s.execute(
            query if scope is None else query.where(scope)).scalars()}
        counts = case_counts(s, who, ids)
    return [party_row(parties[pid], who.user, counts.get(pid, 0)) for pid in ids
            if pid in parties]


def _checked(party: Party, changes: dict[str, Any]) -> dict[str, Any]:
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(_("未知字段"), sorted(unknown)[0])
    clean = {k: (v.strip() if isinstance(v, str) else v) or None for k, v in changes.items()}
    if "name" in clean and not clean["name"]:
        raise ValidationError(_("必须填写"), "name")
    for key, value in clean.items():
        if isinstance(value, str):
            check_text(value, key, TextKind.IDENTITY if key in IDENTITY_FIELDS else TextKind.LINE)
    id_number = clean.get("id_number", party.id_number)
    if id_number:
        try:
            parsed = parse_id_number(str(id_number))
        except ValidationError as exc:
            raise ValidationError(exc.message, "id_number") from exc
        if "id_number" in clean:
            clean["id_number"] = parsed.number
            clean.setdefault("gender", parsed.gender)
            clean.setdefault("birth_date", parsed.birth_date)
        if clean.get("gender", parsed.gender) != parsed.gender:
            raise ValidationError(_("与身份证号码不符"), "gender")
        if clean.get("birth_date", parsed.birth_date) != parsed.birth_date:
            raise ValidationError(_("与身份证号码不符"), "birth_date")
    if clean.get("phone"):
        try:
            clean["phone"] = parse_phone(str(clean["phone"]))
        except ValidationError as exc:
            raise ValidationError(exc.message, "phone") from exc
    if clean.get("credit_code") and party.kind == "organisation":
        try:
            clean["credit_code"] = parse_credit_code(str(clean["credit_code"]),
                                                     verify_check=False)
        except ValidationError as exc:
            raise ValidationError(exc.message, "credit_code") from exc
    return clean


def update_party(db: Database, actor: UserInfo, party_id: int, version: int,
                 changes: dict[str, Any]) -> None:
    """Save edits made to the version the user saw; a newer version means conflict."""
    with UnitOfWork(db, actor) as uow:
        party = _party(uow.session, require(uow.session, actor, "party.edit"), party_id)
        clean = _checked(party, changes)
        refuse_stale(uow.session, "parties", party.id, party.version, version, _("当事人"))
        for key, value in clean.items():
            setattr(party, key, value)
        if "name" in clean:
            party.name_initials = initials_of(party.name)
        uow.session.flush()
        case_ids = list(uow.session.execute(
            select(CaseParty.case_id).where(CaseParty.party_id == party_id)).scalars())
        conn = uow.session.connection()
        search.reindex(conn, "party", [party_id])
        search.reindex(conn, "case", case_ids)
        uow.commit()


def merge_parties(db: Database, actor: UserInfo, keep_id: int, merge_id: int) -> int:
    """Move every link of ``merge_id`` to ``keep_id``; returns how many case links moved."""
    if keep_id == merge_id:
        raise ValidationError(_("不能把记录与它自己合并"), "merge_id")
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        who = require(s, actor, "party.merge")
        keep, gone = _party(s, who, keep_id), _party(s, who, merge_id)
        if keep.merged_into_id is not None or gone.merged_into_id is not None:
            raise ValidationError(_("已合并过的记录不能再合并，请打开保留的那条记录"), "merge_id")
        if keep.kind != gone.kind:
            raise ValidationError(_("自然人和组织不能合并"), "merge_id")
        if keep.id_number and gone.id_number and keep.id_number != gone.id_number:
            raise ValidationError(_("两条记录的身份证号码不同，不是同一人"), "merge_id")
        links = list(s.execute(select(CaseParty).where(CaseParty.party_id == merge_id))
                     .scalars())
        for link in links:
            link.party_id = keep_id
        for obligation in s.execute(select(Obligation).where(or_(
                Obligation.debtor_party_id == merge_id,
                Obligation.creditor_party_id == merge_id))).scalars():
            if obligation.debtor_party_id == merge_id:
                obligation.debtor_party_id = keep_id
            if obligation.creditor_party_id == merge_id:
                obligation.creditor_party_id = keep_id
        for member in s.execute(select(RosterMember)
                                .where(RosterMember.party_id == merge_id)).scalars():
            member.party_id = keep_id
        for key in EDITABLE:
            if getattr(keep, key) is None and getattr(gone, key) is not None:
                setattr(keep, key, getattr(gone, key))
        gone.merged_into_id = keep_id
        s.flush()
        conn = s.connection()
        search.reindex(conn, "party", [keep_id, merge_id])
        search.reindex(conn, "case", sorted({link.case_id for link in links}))
        uow.record_event("parties", keep_id, "merge",
                         {"kept": keep_id, "merged": merge_id, "case_links": len(links)})
        uow.commit()
        return len(links)


def reveal(db: Database, actor: UserInfo, party_id: int) -> tuple[str | None, str | None]:
    """The full ID number and phone; every reveal is written to the audit trail."""
    with UnitOfWork(db, actor) as uow:
        party = _party(uow.session, require(uow.session, actor, "party.reveal"), party_id)
        uow.record_event("parties", party_id, "reveal", {"fields": ["id_number", "phone"]})
        uow.commit()
        return party.id_number or party.credit_code, party.phone
