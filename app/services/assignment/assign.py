"""Assignment (分流指派): a case goes to an organisation and its mediators.

The sending organisation assigns; the receiving one accepts, or refuses with
a reason and the case returns to the sender as received.  Several mediators,
possibly of several organisations, may share a case (联合调解) with exactly
one leading.  A mediator with a conflict of interest is only assigned when
the user has seen the warning and confirmed, and that confirmation is
audited.  Every status change goes through the workflow state machine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.codes import MEDIATION_TYPES, label, require_key
from app.domain.errors import ValidationError
from app.domain.text import _
from app.domain.workflow import CaseStatus, check_transition
from app.services.assignment.common import end_mediators
from app.services.assignment.recommendation import conflicts_in
from app.services.cases.guard import case_for_change
from app.services.errors import PermissionDenied
from app.services.security.access import Access, require
from app.services.security.users import UserInfo
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import (
    Case,
    CaseMediator,
    Mediator,
    Organisation,
    Referral,
    mediator_organisations,
)


@dataclass(frozen=True)
class AssignmentResult:
    """What the user is told after assigning."""

    case_id: int
    number: str
    organisation: str
    pending: bool
    mediators: tuple[str, ...]


def pending_referral(session: Session, case_id: int) -> Referral | None:
    """The referral or assignment still waiting for the receiver's decision."""
    return session.execute(select(Referral).where(Referral.case_id == case_id,
                                                  Referral.status == "pending")
                           .order_by(Referral.id.desc()).limit(1)).scalar_one_or_none()


def may_decide(who: Access, receiver_id: int | None) -> bool:
    """Staff of the receiving organisation decide; so may county-wide staff (no organisation)."""
    return who.may("case.accept") and who.organisation_id in (None, receiver_id)


def _organisation(session: Session, organisation_id: int) -> Organisation:
    org = session.get(Organisation, organisation_id)
    if org is None or not org.active:
        raise ValidationError(_("请选择一个在用的调解组织"), "organisation")
    return org


def set_mediators(session: Session, case: Case, org: Organisation, mediator_ids: Sequence[int],
                  lead_id: int | None, accept_conflicts: bool) -> list[str]:
    """Replace the case's active mediators; the lead must belong to ``org``."""
    ids = list(dict.fromkeys(mediator_ids))
    if len(ids) != len(mediator_ids):
        raise ValidationError(_("同一名调解员不能重复选择"), "mediators")
    if not ids:
        end_mediators(session, case)
        return []
    lead_id = ids[0] if lead_id is None else lead_id
    if lead_id not in ids:
        raise ValidationError(_("主办调解员必须是所选调解员之一"), "lead")
    found = {m.id: m for m in session.execute(select(Mediator)
                                              .where(Mediator.id.in_(ids))).scalars()}
    memberships: dict[int, list[int]] = {}
    for mid, oid in session.execute(select(mediator_organisations.c.mediator_id,
                                           mediator_organisations.c.organisation_id)
                                    .where(mediator_organisations.c.mediator_id.in_(ids))):
        memberships.setdefault(mid, []).append(oid)
    for mid in ids:
        if mid not in found or not found[mid].active:
            raise ValidationError(_("调解员不存在或已停用"), "mediators")
    if org.id not in memberships.get(lead_id, []):
        raise ValidationError(_("主办调解员{name}不是{org}的调解员").format(
            name=found[lead_id].name, org=org.name), "lead")
    conflicts = conflicts_in(session, case.id, ids)
    if conflicts and not accept_conflicts:
        raise ValidationError(_("存在应当回避的情形：{reasons}。如仍要指派，请确认后再保存").format(
            reasons="；".join(r for reasons in conflicts.values() for r in reasons)), "mediators")
    end_mediators(session, case)
    for mid in ids:
        own = memberships.get(mid, [])
        session.add(CaseMediator(case_id=case.id, mediator_id=mid, is_lead=mid == lead_id,
                                 organisation_id=org.id if org.id in own else
                                 (own[0] if own else None), status="active"))
    case.lead_mediator_id = lead_id
    return [found[mid].name for mid in ids]


def _audit_conflicts(uow: UnitOfWork, case: Case, mediator_ids: Sequence[int]) -> None:
    conflicts = conflicts_in(uow.session, case.id, mediator_ids)
    if conflicts:
        uow.record_event("cases", case.id, "conflict_confirmed",
                         {"mediators": sorted(conflicts), "reasons": list(conflicts.values())})


def assign(db: Database, actor: UserInfo, case_key: str | int, organisation_id: int,
           mediator_ids: Sequence[int] = (), lead_id: int | None = None,
           mediation_type: str | None = None, reason: str = "", supervised: bool = False,
           accept_conflicts: bool = False) -> AssignmentResult:
    """Assign (or reassign) the case; pending until the receiving organisation accepts."""
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        who = require(s, actor, "case.assign")
        case = case_for_change(s, who, case_key)
        check_transition(CaseStatus(case.status), CaseStatus.ASSIGNED)
        waiting = pending_referral(s, case.id)
        if waiting is not None:
            raise ValidationError(_("上一次指派或流转尚待对方接收或退回，不能再次指派"),
                                  "organisation")
        org = _organisation(s, organisation_id)
        mediation_type = mediation_type or (org.mediation_types or ["people"])[0]
        require_key(MEDIATION_TYPES, mediation_type, "mediation_type")
        if org.mediation_types and mediation_type not in org.mediation_types:
            raise ValidationError(_("{org}不开展{type}").format(
                org=org.name, type=label(MEDIATION_TYPES, mediation_type)), "mediation_type")
        sender = case.current_organisation_id or case.organisation_id
        names = set_mediators(s, case, org, mediator_ids, lead_id, accept_conflicts)
        if accept_conflicts:
            _audit_conflicts(uow, case, mediator_ids)
        now = datetime.now().replace(microsecond=0)
        at_once = org.id == sender or who.organisation_id == org.id
        s.add(Referral(case_id=case.id, kind="assign", from_organisation_id=sender,
                       to_organisation_id=org.id, mediation_type=mediation_type,
                       reason=reason.strip() or _("分流指派"), referred_by=actor.login,
                       referred_at=now, status="accepted" if at_once else "pending",
                       decided_by=actor.login if at_once else None,
                       decided_at=now if at_once else None))
        case.status = CaseStatus.ASSIGNED.value
        case.current_organisation_id = org.id
        case.mediation_type = mediation_type
        case.supervised = case.supervised or supervised
        uow.commit()
        return AssignmentResult(case.id, case.number, org.name, not at_once, tuple(names))


def decide_assignment(db: Database, actor: UserInfo, case_key: str | int, accept: bool,
                      reason: str = "", mediator_ids: Sequence[int] = (),
                      lead_id: int | None = None, accept_conflicts: bool = False) -> None:
    """The receiving organisation accepts (optionally naming its mediators) or refuses."""
    reason = reason.strip()
    if not accept and not reason:
        raise ValidationError(_("请填写退回的理由"), "reason")
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        who = require(s, actor, "case.accept")
        case = case_for_change(s, who, case_key)
        referral = pending_referral(s, case.id)
        if referral is None or referral.kind != "assign":
            raise ValidationError(_("本案没有待接收的指派"), "case")
        if not may_decide(who, referral.to_organisation_id):
            raise PermissionDenied(_("只有接收组织的工作人员才能接收或退回指派"))
        referral.decided_by, referral.decided_at = actor.login, datetime.now().replace(
            microsecond=0)
        referral.decision_reason = reason or None
        if accept:
            referral.status = "accepted"
            if mediator_ids:
                org = _organisation(s, referral.to_organisation_id or 0)
                set_mediators(s, case, org, mediator_ids, lead_id, accept_conflicts)
                if accept_conflicts:
                    _audit_conflicts(uow, case, mediator_ids)
        else:
            check_transition(CaseStatus(case.status), CaseStatus.RECEIVED)
            referral.status = "refused"
            end_mediators(s, case)
            case.status = CaseStatus.RECEIVED.value
            case.current_organisation_id = referral.from_organisation_id
        uow.commit()
