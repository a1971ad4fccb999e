"""The region tree and the organisations working in it, for the admin pages and the pickers.

Regions and organisations an administrator deactivated (entered by mistake)
are left out unless ``include_inactive``: the pickers never offer them,
while the admin page shows them so they can be taken back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from app.services.cases.queries import ACTIVE_STATUSES
from app.services.security.access import require
from app.services.security.users import UserInfo
from app.store.database import Database
from app.store.models import Case, Mediator, Organisation, Region, mediator_organisations


@dataclass(frozen=True)
class RegionNode:
    """One node of the administrative tree."""

    id: int
    code: str
    name: str
    level: str
    parent_id: int | None
    active: bool = True


@dataclass(frozen=True)
class OrganisationRow:
    """An organisation with the numbers an administrator looks at first."""

    id: int
    code: str
    name: str
    kind: str
    region: str
    mediators: int
    open_cases: int
    active: bool = True
    short_name: str = ""
    region_code: str = ""


def region_tree(db: Database, actor: UserInfo,
                include_inactive: bool = False) -> list[RegionNode]:
    """Every (active) region, parents before children (ordered by code)."""
    query = (select(Region.id, Region.code, Region.name, Region.level, Region.parent_id,
                    Region.active).order_by(Region.code))
    if not include_inactive:
        query = query.where(Region.active.is_(True))
    with db.session() as s:
        require(s, actor, "network.read")
        rows = s.execute(query).all()
    return [RegionNode(*r) for r in rows]


def organisations(db: Database, actor: UserInfo, region_id: int | None = None,
                  include_inactive: bool = False) -> list[OrganisationRow]:
    """(Active) organisations, optionally of one region, with mediator count and open caseload."""
    mediators = (
        select(mediator_organisations.c.organisation_id, func.count().label("n"))
        .group_by(mediator_organisations.c.organisation_id).subquery()
    )
    open_cases = (
        select(Case.current_organisation_id.label("org_id"), func.count().label("n"))
        .where(Case.status.in_(ACTIVE_STATUSES))
        .group_by(Case.current_organisation_id).subquery()
    )
    query = (
        select(
            Organisation.id, Organisation.code, Organisation.name, Organisation.kind,
            func.coalesce(Region.name, "").label("region"),
            func.coalesce(mediators.c.n, 0), func.coalesce(open_cases.c.n, 0),
            Organisation.active, Organisation.short_name,
            func.coalesce(Region.code, "").label("region_code"),
        )
        .outerjoin(Region, Region.id == Organisation.region_id)
        .outerjoin(mediators, mediators.c.organisation_id == Organisation.id)
        .outerjoin(open_cases, open_cases.c.org_id == Organisation.id)
        .order_by(Organisation.kind, Organisation.code)
    )
    if region_id is not None:
        query = query.where(Organisation.region_id == region_id)
    if not include_inactive:
        query = query.where(Organisation.active.is_(True))
    with db.session() as s:
        require(s, actor, "network.read")
        return [OrganisationRow(*r) for r in s.execute(query).all()]


@dataclass(frozen=True)
class MediatorRow:
    """A mediator for pickers and filters."""

    id: int
    name: str
    active: bool


def mediators(db: Database, actor: UserInfo) -> list[MediatorRow]:
    """All mediators by name (active first)."""
    with db.session() as s:
        require(s, actor, "network.read")
        rows = s.execute(select(Mediator.id, Mediator.name, Mediator.active)
                         .order_by(Mediator.active.desc(), Mediator.name)).all()
    return [MediatorRow(*r) for r in rows]


def organisation_id_for_code(db: Database, actor: UserInfo, code: str) -> int | None:
    """The id of the organisation with ``code``, or None: scripts name organisations by code.

    An exact code wins; otherwise a full name or short name that only one
    organisation has is taken too, since that is what people type.
    """
    key = code.strip()
    with db.session() as s:
        require(s, actor, "network.read")
        found = s.execute(select(Organisation.id).where(Organisation.code == key)).scalar()
        if found is None:
            named = list(s.execute(select(Organisation.id).where(
                (Organisation.name == key) | (Organisation.short_name == key)).limit(2)).scalars())
            found = named[0] if len(named) == 1 else None
    return None if found is None else int(found)


def organisation_codes(db: Database, actor: UserInfo, ids: Sequence[int]) -> dict[int, str]:
    """Organisation id → code, for showing the codes commands accept."""
    with db.session() as s:
        require(s, actor, "network.read")
        return {int(i): c for i, c in s.execute(select(Organisation.id, Organisation.code)
                                                .where(Organisation.id.in_(list(ids)))).all()}


def active_mediator_ids(db: Database, actor: UserInfo, name: str) -> list[int]:
    """Ids of the active mediators called ``name``: more than one means the name is ambiguous."""
    with db.session() as s:
        require(s, actor, "network.read")
        return list(s.execute(select(Mediator.id).where(Mediator.name == name,
                                                        Mediator.active)
                              .order_by(Mediator.id)).scalars())
