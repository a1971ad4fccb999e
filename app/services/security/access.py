"""The one authorisation point: is this account allowed this action, and on which records?

Every public service calls :func:`require` first, inside the session it then
reads or writes with.  It reads the account again (a login that does not
exist, is disabled or is locked is refused, whatever the caller's
:class:`UserInfo` says), checks the permission table
(app/domain/permissions.py) and works out the account's *scope*:

- the region is the account's own region, else its organisation's region;
- cases whose handling (current) or receiving organisation lies in that
  region's subtree are visible, plus cases currently referred to the
  account's organisation and cases the account's mediator is assigned to;
- meetings of villages in that subtree are visible;
- a party is visible when one of their cases is;
- an account with neither region nor organisation sees the whole base (a
  county centre, or a one-office base).

The scope is written once, as SQL conditions (:func:`visible_cases`,
:func:`visible_meetings`, :func:`visible_parties`) that lists, search, the
dashboard, statistics and documents add to their queries; a case outside it
is "not found", so nobody learns that it exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from app.domain.permissions import ACTIONS
from app.domain.text import _
from app.services.errors import NotFoundError, PermissionDenied
from app.services.security.users import SYSTEM, UserInfo
from app.store.models import (
    Case,
    CaseMediator,
    CaseParty,
    Meeting,
    Organisation,
    Party,
    Referral,
    Region,
    User,
)


@dataclass(frozen=True)
class Access:
    """An allowed action's account as stored now, and the records it may touch.

    ``organisation_ids`` / ``region_ids`` are ``None`` when the scope covers
    every organisation / region of the base.
    """

    user: UserInfo
    organisation_ids: frozenset[int] | None
    region_ids: frozenset[int] | None
    organisation_id: int | None
    mediator_id: int | None

    def may(self, action: str) -> bool:
        """Whether the account may also take ``action`` (for what a result offers next)."""
        return self.user.may(action)


EVERYTHING = Access(SYSTEM, None, None, None, None)
"""The program itself (first account, demo data): every action on every record."""


def action_label(action: str | None) -> str:
    """The action's name as refusals show it."""
    return _(ACTIONS[action]) if action is not None else _("此操作")


def require(session: Session, actor: UserInfo, action: str | None) -> Access:
    """The acting account's access if it may take ``action`` now; else PermissionDenied.

    ``action`` None only checks that the account exists, is active and is not
    locked (changing one's own password).
    """
    if actor is SYSTEM:
        return EVERYTHING
    row = session.execute(
        select(User.display_name, User.role, User.case_role, User.organisation_id,
               User.region_id, User.mediator_id, User.active, User.locked_until)
        .where(User.login == actor.login)).one_or_none()
    if row is None or not row.active:
        raise PermissionDenied(_("账号“{login}”不存在或已停用，不能进行“{action}”").format(
            login=actor.login, action=action_label(action)))
    if row.locked_until is not None and row.locked_until > datetime.now():
        raise PermissionDenied(_("账号“{login}”已被锁定，暂时不能进行“{action}”").format(
            login=actor.login, action=action_label(action)))
    user = UserInfo(actor.login, row.display_name, row.role, row.organisation_id, True,
                    row.case_role)
    if action is not None and not user.may(action):
        raise PermissionDenied(_("您的角色（{role}）没有“{action}”的权限").format(
            role=user.role_label, action=action_label(action)))
    organisations, regions = _scope(session, row.region_id, row.organisation_id)
    return Access(user, organisations, regions, row.organisation_id, row.mediator_id)


def _scope(session: Session, region_id: int | None, organisation_id: int | None
           ) -> tuple[frozenset[int] | None, frozenset[int] | None]:
    """The organisations and regions in the account's region subtree (None: all of them)."""
    if region_id is None and organisation_id is not None:
        region_id = session.scalar(select(Organisation.region_id)
                                   .where(Organisation.id == organisation_id))
    if region_id is None:
        if organisation_id is None:
            return None, None
        return frozenset({organisation_id}), frozenset()
    tree = select(Region.id).where(Region.id == region_id).cte("scope_tree", recursive=True)
    tree = tree.union(select(Region.id).where(Region.parent_id == tree.c.id))
    regions = frozenset(session.scalars(select(tree.c.id)))
    organisations = frozenset(session.scalars(
        select(Organisation.id).where(Organisation.region_id.in_(select(tree.c.id)))))
    if organisation_id is not None:
        organisations |= {organisation_id}
    all_regions = session.scalar(select(func.count(Region.id))) or 0
    all_organisations = session.scalar(select(func.count(Organisation.id))) or 0
    return (None if len(organisations) >= all_organisations else organisations,
            None if len(regions) >= all_regions else regions)


def visible_cases(access: Access) -> ColumnElement[bool] | None:
    """The condition on ``Case`` rows the account may see; None when it sees every case."""
    if access.organisation_ids is None:
        return None
    orgs = sorted(access.organisation_ids)
    conditions: list[ColumnElement[bool]] = [Case.current_organisation_id.in_(orgs),
                                             Case.organisation_id.in_(orgs)]
    if access.organisation_id is not None:
        conditions.append(Case.id.in_(select(Referral.case_id).where(
            Referral.status == "pending",
            Referral.to_organisation_id == access.organisation_id)))
    if access.mediator_id is not None:
        conditions.append(Case.id.in_(select(CaseMediator.case_id).where(
            CaseMediator.mediator_id == access.mediator_id, CaseMediator.status == "active")))
    return or_(*conditions)


def visible_parties(access: Access) -> ColumnElement[bool] | None:
    """The condition on ``Party`` rows: a party is visible when one of their cases is."""
    cases = visible_cases(access)
    if cases is None:
        return None
    return Party.id.in_(select(CaseParty.party_id).join(Case, Case.id == CaseParty.case_id)
                        .where(cases))


def visible_regions(access: Access) -> ColumnElement[bool] | None:
    """The condition on ``Region`` rows (villages and towns) the account's meetings lie in."""
    if access.region_ids is None:
        return None
    return Region.id.in_(sorted(access.region_ids))


def visible_meetings(access: Access) -> ColumnElement[bool] | None:
    """The condition on ``Meeting`` rows: meetings of villages in the account's region."""
    if access.region_ids is None:
        return None
    return Meeting.village_id.in_(sorted(access.region_ids))


def check_region(access: Access, region: Region) -> Region:
    """``region`` if the account's meetings may lie there, else "unknown region"."""
    if access.region_ids is not None and region.id not in access.region_ids:
        raise NotFoundError(_("未知的行政区划代码“{code}”").format(code=region.code))
    return region


def not_found(key: str | int) -> NotFoundError:
    """The error for a case that does not exist or lies outside the account's scope."""
    if isinstance(key, int):
        return NotFoundError(_("案件不存在"))
    return NotFoundError(_("没有案号为“{number}”的案件").format(number=key))
