"""Setting aside a region or organisation entered by mistake, and taking it back.

Nothing of the network is ever deleted, because old cases, numbers and
statistics point at it: an administrator deactivates instead.  A deactivated
region or organisation leaves the pickers and routing, while cases that
already name it keep showing it.  A region still holding active regions or
organisations is refused, so nothing active hangs under an inactive place;
an organisation with open cases is refused too, since nobody could take
them on.  Each change is one audited row update.
"""

from __future__ import annotations

from sqlalchemy import func, select

from app.domain.errors import ValidationError
from app.domain.text import _
from app.services.cases.queries import ACTIVE_STATUSES
from app.services.errors import NotFoundError
from app.services.security.access import require
from app.services.security.users import UserInfo
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import Case, Organisation, Region


def set_region_active(db: Database, actor: UserInfo, code: str, active: bool) -> str:
    """Deactivate (or reactivate) the region with ``code``; returns its name."""
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        require(s, actor, "network.admin")
        region = s.execute(select(Region).where(Region.code == code.strip())).scalar_one_or_none()
        if region is None:
            raise NotFoundError(_("没有代码为“{code}”的行政区划").format(code=code))
        if not active:
            children = s.scalar(select(func.count()).select_from(Region).where(
                Region.parent_id == region.id, Region.active.is_(True)))
            orgs = s.scalar(select(func.count()).select_from(Organisation).where(
                Organisation.region_id == region.id, Organisation.active.is_(True)))
            if children or orgs:
                raise ValidationError(_("{name}下还有 {regions} 个在用的下级区划、"
                                        "{orgs} 个在用的调解组织：请先停用它们").format(
                    name=region.name, regions=children, orgs=orgs), "code")
        elif region.parent is not None and not region.parent.active:
            raise ValidationError(_("上级区划{name}已停用：请先启用上级区划").format(
                name=region.parent.name), "code")
        region.active = active
        uow.commit()
        return region.name


def set_organisation_active(db: Database, actor: UserInfo, code: str, active: bool) -> str:
    """Deactivate (or reactivate) the organisation with ``code``; returns its name."""
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        require(s, actor, "network.admin")
        org = s.execute(select(Organisation).where(
            Organisation.code == code.strip())).scalar_one_or_none()
        if org is None:
            raise NotFoundError(_("未知的调解组织代码“{code}”").format(code=code))
        if not active:
            open_cases = s.scalar(select(func.count()).select_from(Case).where(
                Case.current_organisation_id == org.id, Case.status.in_(ACTIVE_STATUSES)))
            if open_cases:
                raise ValidationError(_("{name}还有 {n} 件在办案件："
                                        "请先指派或流转给其他组织").format(
                    name=org.name, n=open_cases), "code")
        elif org.region is not None and not org.region.active:
            raise ValidationError(_("所在区划{name}已停用：请先启用该区划").format(
                name=org.region.name), "code")
        org.active = active
        uow.commit()
        return org.name
