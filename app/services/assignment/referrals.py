"""Referrals (流转): up and down the levels, and in and out of the mediation network.

A village passes up what it cannot settle, a county centre passes down what a
town can, courts delegate cases before filing (诉前委派) or entrust them
(委托调解), police stations hand over 110 disputes (警调对接), and cases go
out to courts, police, petition offices and departments.  Each move is one
``Referral`` row with from, to, kind, reason, who and when, and the receiver's
decision; a case sent out and returned keeps all of them, so its timeline
shows the whole route.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.errors import ValidationError
from app.domain.referrals import DIRECTIONS, Direction, check_referral, internal_kind
from app.domain.text import _
from app.domain.workflow import CaseStatus, check_transition
from app.services.assignment.assign import decide_assignment, may_decide, pending_referral
from app.services.assignment.common import end_mediators
from app.services.cases.guard import case_for_change, find_case
from app.services.errors import PermissionDenied
from app.services.security.access import Access, require
from app.services.security.users import UserInfo
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import AuditEntry, Case, Organisation, Referral, Region


@dataclass(frozen=True)
class ReferralResult:
    """What the user is told after referring."""

    case_id: int
    number: str
    kind: str
    to: str
    pending: bool


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _level(org: Organisation) -> str:
    region: Region | None = org.region
    return region.level if region else "county"


def refer(db: Database, actor: UserInfo, case_key: str | int, reason: str,
          to_organisation_id: int | None = None, external: str | None = None,
          kind: str | None = None) -> ReferralResult:
    """Pass the case on (or record that an outside body passed it in)."""
    reason, external = reason.strip(), (external or "").strip() or None
    if not reason:
        raise ValidationError(_("请填写流转的理由"), "reason")
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        who = require(s, actor, "case.refer")
        case = case_for_change(s, who, case_key)
        current = s.get(Organisation, case.current_organisation_id or case.organisation_id)
        assert current is not None
        target = None
        if to_organisation_id is not None:
            target = s.get(Organisation, to_organisation_id)
            if target is None or not target.active:
                raise ValidationError(_("请选择一个在用的调解组织"), "to")
        if kind is None:
            kind = internal_kind(_level(current), _level(target)) if target else "external"
        if kind in ("assign", "return"):
            raise ValidationError(_("指派和退回请使用各自的功能"), "kind")
        check_referral(kind, target is not None, external)
        if pending_referral(s, case.id) is not None:
            raise ValidationError(_("上一次指派或流转尚待对方接收或退回"), "case")
        direction = DIRECTIONS[kind]
        if direction == Direction.INBOUND:
            return _inbound(uow, who, case, kind, external or "", target or current, reason)
        if target is not None and target.id == current.id:
            raise ValidationError(_("不能流转给本组织：请改用指派"), "to")
        check_transition(CaseStatus(case.status), CaseStatus.REFERRED_OUT)
        s.add(Referral(case_id=case.id, kind=kind, from_organisation_id=current.id,
                       to_organisation_id=target.id if target else None,
                       external_party=None if target else external,
                       mediation_type=target.mediation_types[0] if target and target.mediation_types
                       else None,
                       reason=reason, referred_by=actor.login, referred_at=_now(),
                       status="pending"))
        case.status = CaseStatus.REFERRED_OUT.value
        uow.commit()
        return ReferralResult(case.id, case.number, kind,
                              target.name if target else external or "", True)


def _inbound(uow: UnitOfWork, who: Access, case: Case, kind: str, body: str,
             target: Organisation, reason: str) -> ReferralResult:
    if case.status != CaseStatus.RECEIVED.value:
        raise ValidationError(_("外部机关移交的记录只能在受理时登记"), "kind")
    now = _now()
    uow.session.add(Referral(case_id=case.id, kind=kind, from_organisation_id=None,
                             to_organisation_id=target.id, external_party=body, reason=reason,
                             referred_by=who.user.login, referred_at=now, status="accepted",
                             decided_by=who.user.login, decided_at=now))
    case.current_organisation_id = target.id
    uow.commit()
    return ReferralResult(case.id, case.number, kind, target.name, False)


def decide(db: Database, actor: UserInfo, case_key: str | int, accept: bool,
           reason: str = "") -> None:
    """The receiver accepts or sends back (退回) whatever is pending: assignment or referral."""
    with db.session() as s:
        waiting = pending_referral(s, find_case(s, require(s, actor, "case.accept"), case_key).id)
        kind = waiting.kind if waiting else None
    if kind == "assign":
        decide_assignment(db, actor, case_key, accept, reason)
        return
    reason = reason.strip()
    if not accept and not reason:
        raise ValidationError(_("请填写退回的理由"), "reason")
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        who = require(s, actor, "case.accept")
        case = case_for_change(s, who, case_key)
        referral = pending_referral(s, case.id)
        if referral is None:
            raise ValidationError(_("本案没有待接收的指派或流转"), "case")
        if referral.to_organisation_id is not None and not may_decide(
                who, referral.to_organisation_id):
            raise PermissionDenied(_("只有接收组织的工作人员才能接收或退回"))
        referral.decided_by, referral.decided_at = actor.login, _now()
        referral.decision_reason = reason or None
        referral.status = "accepted" if accept else "refused"
        if accept and referral.to_organisation_id is None:
            case.outcome, case.outcome_reason = CaseStatus.REFERRED_OUT.value, referral.reason
            case.closed_on = _now().date()
        else:
            check_transition(CaseStatus(case.status), CaseStatus.RECEIVED)
            end_mediators(s, case)
            case.status = CaseStatus.RECEIVED.value
            if accept:
                case.current_organisation_id = referral.to_organisation_id
        uow.commit()


def withdraw(db: Database, actor: UserInfo, case_key: str | int, reason: str) -> None:
    """Take back an assignment or referral entered by mistake, before the receiver accepts it.

    The row stays (history is never rewritten) as ``withdrawn`` with who,
    when and why, and the change is audited.  A referral takes the case back
    to where it stood before it (received, assigned or in mediation, with
    its mediators); a withdrawn assignment, like a refused one, leaves the
    case received by the sender.  Whoever may refer the case (the sending
    side, by scope) may withdraw.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("请填写撤回的理由"), "reason")
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        who = require(s, actor, "case.refer")
        case = case_for_change(s, who, case_key)
        referral = pending_referral(s, case.id)
        if referral is None:
            raise ValidationError(_("本案没有待接收的指派或流转，已接收的不能撤回"), "case")
        if referral.kind == "assign":
            require(s, actor, "case.assign")
        referral.status = "withdrawn"
        referral.decided_by, referral.decided_at = actor.login, _now()
        referral.decision_reason = reason
        if referral.kind == "assign":
            check_transition(CaseStatus(case.status), CaseStatus.RECEIVED)
            end_mediators(s, case)
            case.status = CaseStatus.RECEIVED.value
            case.current_organisation_id = referral.from_organisation_id
        else:
            case.status = _status_before_referral(s, case.id).value
        uow.commit()


def _status_before_referral(session: Session, case_id: int) -> CaseStatus:
    """Where the case stood before it was referred out, from the audit trail of its row."""
    rows = session.execute(select(AuditEntry.before, AuditEntry.after).where(
        AuditEntry.entity == "cases", AuditEntry.entity_id == case_id,
        AuditEntry.action == "update").order_by(AuditEntry.id.desc())).all()
    for before, after in rows:
        if json.loads(after or "{}").get("status") == CaseStatus.REFERRED_OUT.value:
            previous = json.loads(before or "{}").get("status")
            if previous in {s.value for s in CaseStatus} and previous != CaseStatus.REFERRED_OUT:
                return CaseStatus(previous)
            break
    return CaseStatus.RECEIVED


def return_from_outside(db: Database, actor: UserInfo, case_key: str | int,
                        reason: str) -> None:
    """An outside body sent the case back: it is received again, with one history."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("请填写退回的理由"), "reason")
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        case = case_for_change(s, require(s, actor, "case.refer"), case_key)
        last = s.execute(select(Referral).where(Referral.case_id == case.id)
                         .order_by(Referral.id.desc()).limit(1)).scalar_one_or_none()
        if last is None or last.status != "accepted" or last.to_organisation_id is not None:
            raise ValidationError(_("本案没有已移送外部机关的记录"), "case")
        check_transition(CaseStatus(case.status), CaseStatus.RECEIVED)
        now = _now()
        s.add(Referral(case_id=case.id, kind="return", from_organisation_id=None,
                       to_organisation_id=last.from_organisation_id,
                       external_party=last.external_party, reason=reason,
                       referred_by=actor.login, referred_at=now, status="accepted",
                       decided_by=actor.login, decided_at=now))
        case.status = CaseStatus.RECEIVED.value
        case.current_organisation_id = last.from_organisation_id
        case.outcome = case.outcome_reason = None
        case.closed_on = None
        uow.commit()


def known_outside_bodies(db: Database, actor: UserInfo, limit: int = 30) -> list[str]:
    """Outside bodies cases were exchanged with before, and the courts organisations name."""
    with db.session() as s:
        require(s, actor, "case.refer")
        used = s.execute(select(Referral.external_party).where(
            Referral.external_party.is_not(None)).group_by(Referral.external_party)
            .order_by(func.count().desc()).limit(limit)).scalars()
        courts = s.execute(select(Organisation.court_name).where(
            Organisation.court_name.is_not(None)).distinct()).scalars()
        return list(dict.fromkeys(b for b in [*courts, *used] if b))
