"""村民名册: who may attend a village's meetings and raise matters, with their role.

Attendance is taken from this list (the minutes show present / total), and a
member linked to the party registry is reused as the applicant when a matter
they raised becomes a mediation case.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.codes import require_key
from app.domain.errors import ValidationError
from app.domain.meeting_codes import ROSTER_ROLES
from app.domain.phone import parse_phone
from app.domain.text import _
from app.services.changes import refuse_stale
from app.services.errors import NotFoundError
from app.services.meetings.records import clean_text, find_village, required_text
from app.services.meetings.types import MemberInput, RosterMemberInfo
from app.services.security.access import Access, require, visible_parties
from app.services.security.users import UserInfo
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import Party, Region, RosterMember


def _member_info(member: RosterMember, village_code: str) -> RosterMemberInfo:
    return RosterMemberInfo(member.id, member.version, village_code, member.name, member.role,
                            member.household_group, member.phone, member.party_id, member.active)


def _phone(text: str | None) -> str | None:
    if not (text and text.strip()):
        return None
    try:
        return parse_phone(text)
    except ValidationError as exc:
        raise exc.with_field("phone") from None


def _member_values(s: Session, who: Access, data: MemberInput) -> dict[str, Any]:
    if data.party_id is not None:
        scope = visible_parties(who)
        query = select(Party.id).where(Party.id == data.party_id)
        if s.scalar(query if scope is None else query.where(scope)) is None:
            raise ValidationError(_("当事人记录不存在"), "party_id")
    return {
        "name": required_text(data.name, "name", 100),
        "role": require_key(ROSTER_ROLES, data.role, "role"),
        "household_group": clean_text(data.household_group, "household_group", 60, required=False),
        "phone": _phone(data.phone),
        "party_id": data.party_id,
        "active": data.active,
    }


def add_member(db: Database, actor: UserInfo, village_code: str, data: MemberInput
               ) -> RosterMemberInfo:
    """Put someone on a village's roster."""
    with UnitOfWork(db, actor) as uow:
        who = require(uow.session, actor, "meeting.write")
        village = find_village(uow.session, who, village_code)
        member = RosterMember(village_id=village.id, **_member_values(uow.session, who, data))
        uow.session.add(member)
        uow.commit()
        return _member_info(member, village.code)


def update_member(db: Database, actor: UserInfo, member_id: int, version: int, data: MemberInput
                  ) -> RosterMemberInfo:
    """Save a roster entry edited from ``version``; a newer version means a conflict."""
    with UnitOfWork(db, actor) as uow:
        who = require(uow.session, actor, "meeting.write")
        member = uow.session.get(RosterMember, member_id)
        if member is None or (who.region_ids is not None
                              and member.village_id not in who.region_ids):
            raise NotFoundError(_("名册成员不存在"))
        refuse_stale(uow.session, "roster_members", member.id, member.version, version,
                     _("名册成员"))
        for key, value in _member_values(uow.session, who, data).items():
            setattr(member, key, value)
        village = uow.session.get(Region, member.village_id)
        assert village is not None
        uow.commit()
        return _member_info(member, village.code)


def list_members(db: Database, actor: UserInfo, village_code: str, include_inactive: bool = False
                 ) -> list[RosterMemberInfo]:
    """A village's roster, by role (committee first) and then in the order entered."""
    order = {role: n for n, role in enumerate(ROSTER_ROLES)}
    with db.session() as s:
        village = find_village(s, require(s, actor, "meeting.read"), village_code)
        query = select(RosterMember).where(RosterMember.village_id == village.id)
        if not include_inactive:
            query = query.where(RosterMember.active.is_(True))
        members = s.execute(query.order_by(RosterMember.id)).scalars().all()
        return [_member_info(m, village.code)
                for m in sorted(members, key=lambda m: order.get(m.role, len(order)))]
