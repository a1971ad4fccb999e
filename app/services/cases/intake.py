"""Registering a dispute (受理登记) and refusing one (不予受理).

One intake is one transaction: the case number is taken, parties are found
in the registry or created, agents linked, the search index updated — or
nothing at all is written.  Before saving, the form asks for *repeat
disputes*: the same people in other open or recent cases are an early sign
of escalation the clerk should see.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.domain.case_number import DEFAULT_PATTERN, format_case_number
from app.domain.deadlines import default_deadline
from app.domain.errors import ValidationError
from app.domain.intake import AgentInput, IntakeInput, PartyInput
from app.domain.search_terms import initials_variants
from app.domain.text import _
from app.domain.workflow import CaseStatus, check_transition
from app.services.cases.guard import find_case
from app.services.cases.queries import ACTIVE_STATUSES
from app.services.errors import PermissionDenied
from app.services.mediation.deadlines import rule_days
from app.services.security.access import Access, action_label, require, visible_cases
from app.services.security.users import UserInfo
from app.services.uow import UnitOfWork
from app.store import search
from app.store.database import Database
from app.store.models import Case, CaseParty, Organisation, Party, Region
from app.store.numbering import next_case_seq

REPEAT_WINDOW_DAYS = 365
LATEST_WINS = frozenset({"phone", "address", "occupation"})


@dataclass(frozen=True)
class RelatedCase:
    """Another case one of the parties is in (for the repeat-dispute warning)."""

    id: int
    number: str
    category: str
    status: str
    received_at: datetime
    party_name: str


@dataclass(frozen=True)
class IntakeResult:
    """What the clerk is told after saving."""

    case_id: int
    number: str
    needs_attention: bool


def initials_of(name: str) -> str:
    """Stored pinyin initials (all readings), used by the search index."""
    return " ".join(initials_variants(name))[:200]


def _match_conditions(parties: Sequence[PartyInput]) -> list[object]:
    conditions: list[object] = []
    for p in parties:
        if p.party_id is not None:
            conditions.append(Party.id == p.party_id)
        if p.id_number:
            conditions.append(Party.id_number == p.id_number)
        if p.credit_code:
            conditions.append(Party.credit_code == p.credit_code)
        if p.phone and p.kind == "person":
            conditions.append(Party.phone == p.phone)
    return conditions


def find_repeat_cases(db: Database, actor: UserInfo, parties: Sequence[PartyInput],
                      now: datetime | None = None, exclude_case_id: int | None = None
                      ) -> list[RelatedCase]:
    """Open cases the user may see, or such cases from the last year, of these parties."""
    conditions = _match_conditions(parties)
    if not conditions:
        return []
    since = (now or datetime.now()) - timedelta(days=REPEAT_WINDOW_DAYS)
    query = (
        select(Case.id, Case.number, Case.category, Case.status, Case.received_at, Party.name)
        .join(CaseParty, CaseParty.case_id == Case.id)
        .join(Party, Party.id == CaseParty.party_id)
        .where(or_(*conditions))  # type: ignore[arg-type]
        .where(or_(Case.status.in_(ACTIVE_STATUSES), Case.received_at >= since))
        .order_by(Case.received_at.desc())
        .limit(50)
    )
    if exclude_case_id is not None:
        query = query.where(Case.id != exclude_case_id)
    with db.session() as s:
        scope = visible_cases(require(s, actor, "case.register"))
        rows = s.execute(query if scope is None else query.where(scope)).all()
    seen: set[int] = set()
    related = []
    for row in rows:
        if row.id not in seen:
            seen.add(row.id)
            related.append(RelatedCase(*row))
    return related


def _organisation(session: Session, code: str | None, fallback_id: int | None) -> Organisation:
    if code:
        org = session.execute(
            select(Organisation).where(Organisation.code == code)).scalar_one_or_none()
        if org is None:
            raise ValidationError(_("未知的调解组织代码“{code}”").format(code=code),
                                  "organisation")
        if not org.active:
            raise ValidationError(_("调解组织“{name}”已停用，不能受理新案件").format(
                name=org.name), "organisation")
        return org
    if fallback_id is not None:
        found = session.get(Organisation, fallback_id)
        if found is not None:
            return found
    raise ValidationError(_("必须选择受理的调解组织"), "organisation")


def _region_id(session: Session, code: str | None) -> int | None:
    if not code:
        return None
    region = session.execute(select(Region.id, Region.name, Region.active)
                             .where(Region.code == code)).one_or_none()
    if region is None:
        raise ValidationError(_("未知的行政区划代码“{code}”").format(code=code), "region")
    if not region.active:
        raise ValidationError(_("行政区划“{name}”已停用，请选择其他发生地点").format(
            name=region.name), "region")
    return int(region.id)


def _existing_party(session: Session, p: PartyInput, index: int) -> Party | None:
    if p.party_id is not None:
        party = session.get(Party, p.party_id)
        if party is None:
            raise ValidationError(_("当事人记录不存在"), f"parties[{index}].party_id")
        if party.merged_into_id is not None:
            return session.get(Party, party.merged_into_id) or party
        return party
    key = Party.id_number if p.kind == "person" else Party.credit_code
    value = p.id_number if p.kind == "person" else p.credit_code
    if not value:
        return None
    return session.execute(
        select(Party).where(key == value, Party.merged_into_id.is_(None)).limit(1)
    ).scalar_one_or_none()


def _save_party(session: Session, p: PartyInput, index: int) -> Party:
    party = _existing_party(session, p, index)
    values = {
        "kind": p.kind, "name": p.name, "id_number": p.id_number, "gender": p.gender,
        "birth_date": p.birth_date, "ethnicity": p.ethnicity, "phone": p.phone,
        "address": p.address, "occupation": p.occupation, "credit_code": p.credit_code,
        "legal_representative": p.legal_representative,
    }
    if party is None:
        party = Party(**values, id_type="resident_id" if p.id_number else None,
                      name_initials=initials_of(p.name))
        session.add(party)
        return party
    for key, value in values.items():
        if value is not None and (key in LATEST_WINS or getattr(party, key) is None):
            setattr(party, key, value)
    return party


def _save_agent(session: Session, agent: AgentInput) -> Party:
    if agent.id_number:
        found = session.execute(
            select(Party).where(Party.id_number == agent.id_number,
                                Party.merged_into_id.is_(None)).limit(1)
        ).scalar_one_or_none()
        if found is not None:
            return found
    party = Party(kind="person", name=agent.name, id_number=agent.id_number, phone=agent.phone,
                  name_initials=initials_of(agent.name))
    session.add(party)
    return party


def _one_role(holders: dict[int, int], party: Party, index: int) -> None:
    """Two entries that resolve to one registry record are one party holding two roles."""
    first = holders.setdefault(id(party), index)
    if first != index:
        raise ValidationError(_("与 parties[{other}] 是登记簿中的同一当事人：同一案件中一人只能有"
                                "一个身份").format(other=first), f"parties[{index}]")


def _refuse_outside(who: Access, org: Organisation) -> None:
    """A case is registered with an organisation of the user's own scope, or not at all."""
    if who.organisation_ids is not None and org.id not in who.organisation_ids:
        raise PermissionDenied(_("{org}不在您的辖区内，不能为它进行“{action}”").format(
            org=org.name, action=action_label("case.register")))


def register_case(db: Database, actor: UserInfo, intake: IntakeInput,
                  default_organisation_id: int | None = None) -> IntakeResult:
    """Save a checked intake as a new case with its number; all or nothing."""
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        who = require(s, actor, "case.register")
        org = _organisation(s, intake.organisation, default_organisation_id)
        _refuse_outside(who, org)
        region_id = _region_id(s, intake.region)
        year = intake.received_at.year
        seq = next_case_seq(s.connection(), org.id, year)
        number = format_case_number(org.case_number_pattern or DEFAULT_PATTERN, year,
                                    org.short_name, seq)
        if s.execute(select(Case.id).where(Case.number == number)).first() is not None:
            raise ValidationError(
                _("案号“{number}”已被其他组织使用：请管理员检查该组织的简称或编号格式")
                .format(number=number), "organisation")
        case = Case(
            number=number, year=year, seq=seq, source=intake.source, category=intake.category,
            facts=intake.facts, claims=intake.claims, amount=intake.amount,
            people_involved=intake.people_involved, region_id=region_id, risk=intake.risk,
            received_at=intake.received_at, status=CaseStatus.RECEIVED.value,
            deadline=default_deadline(intake.source, intake.received_at.date(), rule_days(s)),
            organisation_id=org.id, current_organisation_id=org.id, registered_by=actor.login,
        )
        s.add(case)
        touched: list[Party] = []
        holders: dict[int, int] = {}
        for index, p in enumerate(intake.parties):
            party = _save_party(s, p, index)
            _one_role(holders, party, index)
            touched.append(party)
            link = CaseParty(case=case, party=party, role=p.role, ordinal=index)
            s.add(link)
            if p.agent is not None:
                agent = _save_agent(s, p.agent)
                touched.append(agent)
                s.flush()
                s.add(CaseParty(case=case, party=agent, role="agent", ordinal=index,
                                represents_id=link.id, relation=p.agent.relation))
        s.flush()
        conn = s.connection()
        search.reindex(conn, "case", [case.id])
        search.reindex(conn, "party", sorted({p.id for p in touched}))
        uow.commit()
        return IntakeResult(case.id, case.number, intake.needs_attention)


def refuse_case(db: Database, actor: UserInfo, case_id: int, reason: str) -> None:
    """Record 不予受理 with its reason (only before the case is assigned)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("请填写不予受理的理由"), "reason")
    with UnitOfWork(db, actor) as uow:
        case = find_case(uow.session, require(uow.session, actor, "case.refuse"), case_id)
        check_transition(CaseStatus(case.status), CaseStatus.REFUSED)
        case.status = CaseStatus.REFUSED.value
        case.refusal_reason = reason
        case.closed_on = datetime.now().date()
        uow.commit()
