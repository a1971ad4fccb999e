"""Where a case stands in assignment and referral, and the route it took so far.

The case window offers 指派, 流转, 接收/退回 and 回避申请 only when they make
sense for this case and this user; one read gives it everything it needs.
The case timeline must show the whole route in words a party understands
(“上报上级调解：溪口村人民调解委员会 → 墙头镇人民调解委员会”) and who joined,
left or was objected to; those sentences come from the referral rows and the
audit trail of the case's mediator rows.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.referrals import kind_label
from app.domain.text import _
from app.domain.workflow import CaseStatus, allowed_targets
from app.services.assignment.assign import may_decide, pending_referral
from app.services.assignment.objections import CaseMediatorLine, case_mediators
from app.services.cases.guard import find_case
from app.services.security.access import require
from app.services.security.users import UserInfo
from app.store.database import Database
from app.store.models import AuditEntry, CaseMediator, Mediator, Organisation, Referral


@dataclass(frozen=True)
class ReferralLine:
    """One assignment or referral as a user reads it."""

    id: int
    kind: str
    source: str
    target: str
    reason: str
    referred_by: str | None
    referred_at: datetime
    status: str
    decision_reason: str | None


@dataclass(frozen=True)
class CaseRouting:
    """What may be done next with the case's assignment and referrals."""

    case_id: int
    number: str
    status: str
    current_organisation_id: int | None
    pending: ReferralLine | None
    may_decide: bool
    may_assign: bool
    may_refer: bool
    may_return_from_outside: bool
    mediators: tuple[CaseMediatorLine, ...]
    referrals: tuple[ReferralLine, ...]


def case_routing(db: Database, actor: UserInfo, case_key: str | int) -> CaseRouting:
    """The case's assignment state and route so far, as this user may act on it."""
    with db.session() as s:
        who = require(s, actor, "case.read")
        case = find_case(s, who, case_key)
        rows = s.execute(select(Referral).where(Referral.case_id == case.id)
                         .order_by(Referral.id)).scalars().all()
        ids = {r.from_organisation_id for r in rows} | {r.to_organisation_id for r in rows}
        names = dict(s.execute(select(Organisation.id, Organisation.name)
                               .where(Organisation.id.in_([i for i in ids if i]))).all())
        lines = tuple(ReferralLine(
            r.id, r.kind, names.get(r.from_organisation_id or 0) or r.external_party or "",
            names.get(r.to_organisation_id or 0) or r.external_party or "", r.reason,
            r.referred_by, r.referred_at, r.status, r.decision_reason) for r in rows)
        waiting = pending_referral(s, case.id)
        pending = next((line for line in lines if waiting and line.id == waiting.id), None)
        status = CaseStatus(case.status)
        last = rows[-1] if rows else None
        outside = (status == CaseStatus.REFERRED_OUT and last is not None
                   and last.status == "accepted" and last.to_organisation_id is None)
        result = CaseRouting(
            case.id, case.number, case.status, case.current_organisation_id, pending,
            waiting is not None and who.may("case.accept") and (
                waiting.to_organisation_id is None or may_decide(who, waiting.to_organisation_id)),
            who.may("case.assign") and waiting is None
            and CaseStatus.ASSIGNED in allowed_targets(status),
            who.may("case.refer") and waiting is None
            and CaseStatus.REFERRED_OUT in allowed_targets(status),
            who.may("case.refer") and outside, (), lines)
    return replace(result, mediators=tuple(case_mediators(db, actor, case.id)))


Event = tuple[datetime, str, str]


def referral_events(r: Referral, names: Mapping[int, str]) -> list[Event]:
    """The referral itself, and the receiver's decision once made."""
    source = names.get(r.from_organisation_id or 0) or r.external_party or ""
    target = names.get(r.to_organisation_id or 0) or r.external_party or ""
    text = (_("{kind}：{target}（{reason}）") if source == target
            else _("{kind}：{source} → {target}（{reason}）"))
    events = [(r.referred_at, r.referred_by or "", text.format(
        kind=kind_label(r.kind), source=source, target=target, reason=r.reason.rstrip("。")))]
    if r.decided_at is not None and r.status == "accepted" and r.kind not in ("return",):
        if r.decided_at != r.referred_at or r.decided_by != r.referred_by:
            events.append((r.decided_at, r.decided_by or "", _("{target} 接收").format(
                target=target)))
    elif r.decided_at is not None and r.status == "refused":
        events.append((r.decided_at, r.decided_by or "", _("{target} 退回：{reason}").format(
            target=target, reason=r.decision_reason or "")))
    elif r.decided_at is not None and r.status == "withdrawn":
        events.append((r.decided_at, r.decided_by or "", _("撤回{kind}：{reason}").format(
            kind=kind_label(r.kind), reason=r.decision_reason or "")))
    return events


def mediator_events(session: Session, case_id: int) -> list[Event]:
    """Mediators joining and leaving the case, objections and their decisions."""
    rows = {cm.id: name for cm, name in session.execute(
        select(CaseMediator, Mediator.name).join(Mediator, Mediator.id == CaseMediator.mediator_id)
        .where(CaseMediator.case_id == case_id)).all()}
    if not rows:
        return []
    entries = session.execute(
        select(AuditEntry).where(AuditEntry.entity == "case_mediators",
                                 AuditEntry.entity_id.in_(list(rows)))
        .order_by(AuditEntry.id)).scalars()
    events: list[Event] = []
    for e in entries:
        name = rows[e.entity_id or 0]
        after = json.loads(e.after or "{}")
        if e.action == "insert":
            role = _("主办") if after.get("is_lead") else _("协办")
            events.append((e.at, e.user_login, _("调解员：{name}（{role}）").format(
                name=name, role=role)))
        elif after.get("objection_decision"):
            events.append((e.at, e.user_login, _("回避申请决定（{name}）：{decision}").format(
                name=name, decision=after["objection_decision"])))
        elif after.get("objection"):
            events.append((e.at, e.user_login, _("当事人申请{name}回避：{reason}").format(
                name=name, reason=after["objection"])))
        if after.get("status") == "recused":
            events.append((e.at, e.user_login,
                           _("{name} 回避，不再参与本案调解").format(name=name)))
    return events
