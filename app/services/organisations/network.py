"""Administering the mediation network: regions, organisations, mediators and their ties.

Only administrators change it, because recommendations, numbering and
statistics all depend on it.  Mediators are listed with their current open
caseload, so an administrator sees at once who is overloaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from app.domain.codes import CATEGORIES, MEDIATION_TYPES, ORG_KINDS, require_key
from app.domain.divisions import check_code
from app.domain.errors import ValidationError
from app.domain.phone import parse_phone
from app.domain.text import _
from app.services.assignment.common import open_caseloads
from app.services.errors import NotFoundError
from app.services.security.access import require
from app.services.security.masking import masked, plan_search
from app.services.security.users import UserInfo
from app.services.uow import UnitOfWork
from app.store import search
from app.store.database import Database
from app.store.models import (
    Mediator,
    MediatorRelation,
    Organisation,
    Party,
    Region,
    mediator_organisations,
)

REGION_LEVELS = ("city", "county", "town", "village", "grid")


@dataclass(frozen=True)
class OrganisationInput:
    """An organisation as the editor gives it."""

    code: str
    name: str
    short_name: str
    kind: str
    region_id: int | None
    mediation_types: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    parent_id: int | None = None
    address: str | None = None
    phone: str | None = None
    court_name: str | None = None
    active: bool = True


@dataclass(frozen=True)
class MediatorInput:
    """A mediator as the editor gives it."""

    name: str
    organisation_ids: tuple[int, ...]
    specialties: tuple[str, ...] = ()
    region_id: int | None = None
    gender: str | None = None
    id_number: str | None = None
    phone: str | None = None
    title: str | None = None
    active: bool = True


@dataclass(frozen=True)
class RelationLine:
    """A recorded tie between a mediator and a party."""

    id: int
    party_id: int
    party_name: str
    relation: str


@dataclass(frozen=True)
class MediatorLine:
    """A mediator for the admin page, with current open caseload."""

    id: int
    name: str
    title: str | None
    phone: str | None
    id_number: str | None
    gender: str | None
    region_id: int | None
    specialties: tuple[str, ...]
    organisation_ids: tuple[int, ...]
    active: bool
    open_cases: int
    relations: tuple[RelationLine, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class PartyHit:
    """A party found by name for recording a tie."""

    id: int
    name: str
    id_number: str | None


def organisation_detail(db: Database, actor: UserInfo, organisation_id: int) -> OrganisationInput:
    """One organisation's editable fields."""
    with db.session() as s:
        require(s, actor, "network.read")
        o = s.get(Organisation, organisation_id)
        if o is None:
            raise NotFoundError(_("调解组织不存在"))
        return OrganisationInput(o.code, o.name, o.short_name, o.kind, o.region_id,
                                 tuple(o.mediation_types or ()), tuple(o.categories or ()),
                                 o.parent_id, o.address, o.phone, o.court_name, o.active)


def find_parties(db: Database, actor: UserInfo, text: str, limit: int = 20) -> list[PartyHit]:
    """Parties whose name, ID or phone contains ``text`` (for the relation editor).

    ID numbers are masked, and searched, as the administrator's roles allow.
    """
    with db.session() as s:
        who = require(s, actor, "network.admin")
        plan = plan_search(text, who.user)
        if plan.refused:
            return []
        if plan.number is not None:
            ids = list(s.scalars(select(Party.id).where(
                (Party.id_number == plan.number) | (Party.phone == plan.number)).limit(limit)))
        else:
            ids = search.find(s.connection(), "party", plan.text, limit)
        if not ids:
            return []
        rows = s.execute(select(Party.id, Party.name, Party.id_number)
                         .where(Party.id.in_(ids)).order_by(Party.name)).all()
    return [masked(PartyHit(*r), who.user) for r in rows]


def save_region(db: Database, actor: UserInfo, code: str, name: str, level: str,
                parent_id: int | None, region_id: int | None = None) -> int:
    """Add or rename a node of the region tree; codes are unique and fit their level.

    Counties take their GB/T 2260 code, towns and villages the 12-digit
    statistical code under their parent's (app/domain/divisions.py); grids
    a code of the office's own under their village.
    """
    code, name = code.strip(), name.strip()
    if not code or not name:
        raise ValidationError(_("区划代码和名称都不能为空"), "code" if not code else "name")
    if level not in REGION_LEVELS:
        raise ValidationError(_("层级只能是 city、county、town、village 或 grid"), "level")
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        require(s, actor, "network.admin")
        above = s.get(Region, parent_id) if parent_id is not None else None
        code = check_code(code, level, above.code if above is not None else None)
        clash = s.execute(select(Region.id).where(Region.code == code)).scalar()
        if clash is not None and clash != region_id:
            raise ValidationError(_("区划代码“{code}”已存在").format(code=code), "code")
        if parent_id is not None and (parent_id == region_id or s.get(Region, parent_id) is None):
            raise ValidationError(_("上级区划无效"), "parent")
        region = Region() if region_id is None else s.get(Region, region_id)
        if region is None:
            raise NotFoundError(_("行政区划不存在"))
        region.code, region.name, region.level, region.parent_id = code, name, level, parent_id
        s.add(region)
        uow.commit()
        return region.id


def save_organisation(db: Database, actor: UserInfo, data: OrganisationInput,
                      organisation_id: int | None = None) -> int:
    """Add or change an organisation and what it handles."""
    require_key(ORG_KINDS, data.kind, "kind")
    for t in data.mediation_types:
        require_key(MEDIATION_TYPES, t, "mediation_types")
    for c in data.categories:
        require_key(CATEGORIES, c, "categories")
    if not data.code.strip() or not data.name.strip() or not data.short_name.strip():
        raise ValidationError(_("组织代码、名称和简称都不能为空"), "name")
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        require(s, actor, "network.admin")
        clash = s.execute(select(Organisation.id).where(
            Organisation.code == data.code.strip())).scalar()
        if clash is not None and clash != organisation_id:
            raise ValidationError(_("组织代码“{code}”已存在").format(code=data.code), "code")
        if data.parent_id is not None and data.parent_id == organisation_id:
            raise ValidationError(_("上级组织不能是本组织"), "parent")
        org = Organisation() if organisation_id is None else s.get(Organisation, organisation_id)
        if org is None:
            raise NotFoundError(_("调解组织不存在"))
        for key, value in data.__dict__.items():
            setattr(org, key, list(value) if isinstance(value, tuple) else
                    (value.strip() or None) if isinstance(value, str) and key in
                    ("address", "phone", "court_name") else
                    value.strip() if isinstance(value, str) else value)
        s.add(org)
        uow.commit()
        return org.id


def mediators(db: Database, actor: UserInfo,
              organisation_id: int | None = None) -> list[MediatorLine]:
    """Mediators (optionally of one organisation) with open caseload and recorded ties.

    Their ID numbers and phones are masked except for administrators and
    the roles that see full numbers.
    """
    with db.session() as s:
        who = require(s, actor, "network.read")
        query = select(Mediator).order_by(Mediator.active.desc(), Mediator.name, Mediator.id)
        if organisation_id is not None:
            query = query.where(Mediator.organisations.any(Organisation.id == organisation_id))
        rows = list(s.execute(query).scalars())
        ids = None if organisation_id is None else [m.id for m in rows]
        load = open_caseloads(s, ids)
        memberships: dict[int, list[int]] = {}
        links = select(mediator_organisations.c.mediator_id,
                       mediator_organisations.c.organisation_id)
        ties: dict[int, list[RelationLine]] = {}
        relations = (select(MediatorRelation, Party.name)
                     .join(Party, Party.id == MediatorRelation.party_id))
        if ids is not None:
            links = links.where(mediator_organisations.c.mediator_id.in_(ids))
            relations = relations.where(MediatorRelation.mediator_id.in_(ids))
        for mid, oid in s.execute(links):
            memberships.setdefault(mid, []).append(oid)
        for rel, party in s.execute(relations):
            ties.setdefault(rel.mediator_id, []).append(
                RelationLine(rel.id, rel.party_id, party, rel.relation))
        lines = [MediatorLine(m.id, m.name, m.title, m.phone, m.id_number, m.gender, m.region_id,
                              tuple(m.specialties or ()), tuple(memberships.get(m.id, ())),
                              m.active, load.get(m.id, 0), tuple(ties.get(m.id, ())))
                 for m in rows]
    if who.may("network.admin"):
        return lines
    return [masked(line, who.user) for line in lines]


def save_mediator(db: Database, actor: UserInfo, data: MediatorInput,
                  mediator_id: int | None = None) -> int:
    """Add or change a mediator, their organisations and specialties."""
    if not data.name.strip():
        raise ValidationError(_("调解员姓名不能为空"), "name")
    if not data.organisation_ids:
        raise ValidationError(_("调解员至少要属于一个调解组织"), "organisations")
    for c in data.specialties:
        require_key(CATEGORIES, c, "specialties")
    try:
        phone = parse_phone(data.phone) if data.phone and data.phone.strip() else None
    except ValidationError as exc:
        raise exc.with_field("phone") from exc
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        require(s, actor, "network.admin")
        mediator = Mediator() if mediator_id is None else s.get(Mediator, mediator_id)
        if mediator is None:
            raise NotFoundError(_("调解员不存在"))
        orgs = list(s.execute(select(Organisation).where(
            Organisation.id.in_(list(data.organisation_ids)))).scalars())
        if len(orgs) != len(set(data.organisation_ids)):
            raise ValidationError(_("所选调解组织不存在"), "organisations")
        mediator.name, mediator.title = data.name.strip(), (data.title or "").strip() or None
        mediator.specialties = list(data.specialties)
        mediator.region_id, mediator.gender, mediator.active = (data.region_id, data.gender,
                                                                data.active)
        mediator.id_number = (data.id_number or "").strip().upper() or None
        mediator.phone = phone
        mediator.organisations = orgs
        s.add(mediator)
        uow.commit()
        return mediator.id


def add_relation(db: Database, actor: UserInfo, mediator_id: int, party_id: int,
                 relation: str) -> int:
    """Record that a mediator is tied to a party (grounds for stepping aside)."""
    if not relation.strip():
        raise ValidationError(_("请写明与当事人的关系"), "relation")
    with UnitOfWork(db, actor) as uow:
        require(uow.session, actor, "network.admin")
        if uow.session.get(Mediator, mediator_id) is None or uow.session.get(
                Party, party_id) is None:
            raise NotFoundError(_("调解员或当事人不存在"))
        row = MediatorRelation(mediator_id=mediator_id, party_id=party_id,
                               relation=relation.strip())
        uow.session.add(row)
        uow.commit()
        return row.id


def remove_relations(db: Database, actor: UserInfo, relation_ids: Sequence[int]) -> None:
    """Delete recorded ties (the deletion is audited)."""
    with UnitOfWork(db, actor) as uow:
        require(uow.session, actor, "network.admin")
        for rid in relation_ids:
            row = uow.session.get(MediatorRelation, rid)
            if row is not None:
                uow.session.delete(row)
        uow.commit()
