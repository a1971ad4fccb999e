"""Setting up a real office's own case base: one transaction from empty to ready.

A new install has an empty base with one password-less ``admin``.  Setup
writes the office's regions, organisations (kinds, case-number patterns),
mediators and accounts and the administrator's password together, so a
failure half-way leaves the base as empty as it was; every row is audited by
the flush listener and the setup itself by one event.  It refuses a base
that already holds anything but that first account (cases, a network, other
accounts, demo data): setup is a first start, not an import.
"""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.errors import ValidationError
from app.domain.office_setup import ADMIN_LOGIN, OfficeSetup, check_setup
from app.domain.text import _
from app.services.casebase.workspace import DEMO_KEY
from app.services.security.access import require
from app.services.security.users import UserInfo
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import (
    Case,
    CasebaseSetting,
    Mediator,
    Meeting,
    Organisation,
    Party,
    Region,
    User,
)

_hasher = PasswordHasher()
_FILLED = (Case, Party, Meeting, Region, Organisation, Mediator)
"""Tables a base set up already (or a demo) has rows in."""


@dataclass(frozen=True)
class SetupSummary:
    """What setup wrote, for the user's confirmation line."""

    regions: int
    organisations: int
    mediators: int
    accounts: int


class BaseNotEmpty(ValidationError):
    """The case base already holds data: setup would mix the office's network with it."""


def needs_setup(db: Database, actor: UserInfo) -> bool:
    """True for a new install: no region, organisation, case or demo mark yet (the wizard's cue)."""
    with db.session() as s:
        require(s, actor, "network.read")
        return _filled(s) is None


def admin_has_password(db: Database, actor: UserInfo) -> bool:
    """Whether the first account already has a password (setup then may leave it as is)."""
    with db.session() as s:
        require(s, actor, "user.admin")
        stored = s.execute(select(User.password_hash).where(User.login == ADMIN_LOGIN)).scalar()
    return stored is not None


def _filled(session: Session) -> str | None:
    """Why the base is not a fresh one (None if it is)."""
    if session.execute(select(CasebaseSetting.id).where(CasebaseSetting.key == DEMO_KEY)).first():
        return _("这是演示数据库")
    for model in _FILLED:
        if session.execute(select(model.id).limit(1)).first():
            return _("数据库中已有数据（{table}）").format(table=model.__tablename__)
    if session.scalar(select(func.count()).select_from(User).where(User.login != ADMIN_LOGIN)):
        return _("数据库中已有其他账号")
    return None


def set_up_office(db: Database, actor: UserInfo, setup: OfficeSetup) -> SetupSummary:
    """Write the office's network, accounts and the administrator's password in one transaction."""
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        require(s, actor, "user.admin")
        require(s, actor, "network.admin")
        admin = s.execute(select(User).where(User.login == ADMIN_LOGIN)).scalar_one_or_none()
        setup = check_setup(setup, need_password=admin is None or admin.password_hash is None)
        why = _filled(s)
        if why is not None:
            raise BaseNotEmpty(_("只能在新建的空数据库上设置本单位：{why}。"
                                 "请新建一个数据库文件再设置").format(why=why), "database")
        regions = _add_regions(s, setup)
        orgs = _add_organisations(s, setup, regions)
        mediators = _add_mediators(s, setup, orgs)
        for account in setup.accounts:
            s.add(User(login=account.login, display_name=account.name, role=account.role,
                       organisation_id=orgs[account.organisation] if account.organisation
                       else None,
                       mediator_id=mediators[account.mediator] if account.mediator else None,
                       password_hash=_hasher.hash(account.password) if account.password
                       else None))
        if admin is not None:
            if setup.admin_password is not None:
                admin.password_hash = _hasher.hash(setup.admin_password)
                admin.failed_logins, admin.locked_until = 0, None
            if setup.admin_name:
                admin.display_name = setup.admin_name
        summary = SetupSummary(len(regions), len(orgs), len(mediators), len(setup.accounts))
        uow.record_event("database", None, "office_setup", {
            "regions": summary.regions, "organisations": summary.organisations,
            "mediators": summary.mediators, "accounts": summary.accounts})
        uow.commit()
        return summary


def _add_regions(session: Session, setup: OfficeSetup) -> dict[str, int]:
    ids: dict[str, int] = {}
    for spec in setup.regions:
        region = Region(code=spec.code, name=spec.name, level=spec.level,
                        parent_id=ids[spec.parent] if spec.parent else None, active=True)
        session.add(region)
        session.flush()
        ids[spec.code] = region.id
    return ids


def _add_organisations(session: Session, setup: OfficeSetup,
                       regions: dict[str, int]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for spec in setup.organisations:
        org = Organisation(code=spec.code, name=spec.name, short_name=spec.short_name,
                           kind=spec.kind, region_id=regions[spec.region] if spec.region
                           else None,
                           mediation_types=list(spec.mediation_types or ("people",)),
                           categories=list(spec.categories), address=spec.address,
                           phone=spec.phone, case_number_pattern=spec.number_pattern,
                           active=True)
        session.add(org)
        session.flush()
        ids[spec.code] = org.id
    return ids


def _add_mediators(session: Session, setup: OfficeSetup,
                   orgs: dict[str, int]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for spec in setup.mediators:
        members = list(session.execute(select(Organisation).where(
            Organisation.id.in_([orgs[c] for c in spec.organisations]))).scalars())
        mediator = Mediator(name=spec.name, title=spec.title, phone=spec.phone,
                            gender=spec.gender, specialties=list(spec.specialties),
                            active=True, organisations=members)
        session.add(mediator)
        session.flush()
        ids[spec.name] = mediator.id
    return ids
