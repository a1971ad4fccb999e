"""A party's objection to a mediator (回避申请), its decision, and the replacement.

Parties may refuse a mediator they do not trust (PML arts 19, 23).  The
objection, the committee's decision and the mediator who takes over are all
kept on the case's mediator rows, so the file shows who mediated when and why
someone stepped aside.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.errors import ValidationError
from app.domain.text import _
from app.domain.workflow import CaseStatus
from app.services.assignment.recommendation import conflicts_in
from app.services.cases.guard import case_for_change, find_case
from app.services.security.access import require
from app.services.security.users import UserInfo
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import Case, CaseMediator, Mediator, Organisation, mediator_organisations

OBJECTION_STATUSES = (CaseStatus.ASSIGNED.value, CaseStatus.IN_MEDIATION.value)


@dataclass(frozen=True)
class CaseMediatorLine:
    """One mediator's part in the case."""

    id: int
    mediator_id: int
    name: str
    organisation: str | None
    is_lead: bool
    status: str
    objection: str | None
    objection_decision: str | None

    @property
    def objection_pending(self) -> bool:
        """An objection was raised and not yet decided."""
        return bool(self.objection) and not self.objection_decision


def case_mediators(db: Database, actor: UserInfo, case_key: str | int) -> list[CaseMediatorLine]:
    """Everyone who was or is a mediator on the case, lead first, current before past."""
    with db.session() as s:
        case = find_case(s, require(s, actor, "case.read"), case_key)
        rows = s.execute(
            select(CaseMediator, Mediator.name, Organisation.name)
            .join(Mediator, Mediator.id == CaseMediator.mediator_id)
            .outerjoin(Organisation, Organisation.id == CaseMediator.organisation_id)
            .where(CaseMediator.case_id == case.id)
            .order_by(CaseMediator.status != "active", CaseMediator.is_lead.desc(),
                      CaseMediator.id)).all()
        return [CaseMediatorLine(cm.id, cm.mediator_id, name, org, cm.is_lead, cm.status,
                                 cm.objection, cm.objection_decision) for cm, name, org in rows]


def _active(session: Session, case_id: int, mediator_id: int) -> CaseMediator:
    row = session.execute(select(CaseMediator).where(
        CaseMediator.case_id == case_id, CaseMediator.mediator_id == mediator_id,
        CaseMediator.status == "active")).scalar_one_or_none()
    if row is None:
        raise ValidationError(_("该调解员目前没有参与本案调解"), "mediator")
    return row


def raise_objection(db: Database, actor: UserInfo, case_key: str | int, mediator_id: int,
                    reason: str, applicant: str = "") -> None:
    """Record a party's request that a mediator step aside."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("请填写申请回避的理由"), "reason")
    with UnitOfWork(db, actor) as uow:
        case = case_for_change(uow.session, require(uow.session, actor, "case.recusal"), case_key)
        if case.status not in OBJECTION_STATUSES:
            raise ValidationError(_("只有已指派或调解中的案件才能申请回避"), "case")
        row = _active(uow.session, case.id, mediator_id)
        if row.objection and not row.objection_decision:
            raise ValidationError(_("该调解员的回避申请尚未决定"), "mediator")
        who = applicant.strip()
        row.objection = f"{who}：{reason}" if who else reason
        row.objection_decision = None
        uow.commit()


def decide_objection(db: Database, actor: UserInfo, case_key: str | int, mediator_id: int,
                     granted: bool, decision: str, replacement_id: int | None = None) -> None:
    """Grant (the mediator steps aside, a replacement takes over) or reject the objection."""
    decision = decision.strip()
    if not decision:
        raise ValidationError(_("请填写回避申请的决定理由"), "decision")
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        case = case_for_change(s, require(s, actor, "case.recusal"), case_key)
        row = _active(s, case.id, mediator_id)
        if not row.objection or row.objection_decision:
            raise ValidationError(_("该调解员没有待决定的回避申请"), "mediator")
        verdict = _("准予回避") if granted else _("驳回申请")
        row.objection_decision = f"{verdict}：{decision}"
        if granted:
            _replace(s, case, row, replacement_id)
        uow.commit()


def _replace(session: Session, case: Case, row: CaseMediator,
             replacement_id: int | None) -> None:
    if replacement_id is None:
        if row.is_lead:
            raise ValidationError(_("主办调解员回避时必须指定接替的调解员"), "replacement")
        row.status = "recused"
        return
    if replacement_id == row.mediator_id:
        raise ValidationError(_("接替的调解员不能是申请回避的调解员本人"), "replacement")
    mediator = session.get(Mediator, replacement_id)
    if mediator is None or not mediator.active:
        raise ValidationError(_("接替的调解员不存在或已停用"), "replacement")
    if session.execute(select(CaseMediator.id).where(
            CaseMediator.case_id == row.case_id, CaseMediator.mediator_id == replacement_id,
            CaseMediator.status == "active")).first():
        raise ValidationError(_("{name}已经在调解本案").format(name=mediator.name), "replacement")
    conflicts = conflicts_in(session, row.case_id, [replacement_id])
    if conflicts:
        raise ValidationError("；".join(conflicts[replacement_id]), "replacement")
    orgs = list(session.execute(select(mediator_organisations.c.organisation_id).where(
        mediator_organisations.c.mediator_id == replacement_id)).scalars())
    row.status = "recused"
    session.add(CaseMediator(case_id=row.case_id, mediator_id=replacement_id,
                             is_lead=row.is_lead, status="active",
                             organisation_id=row.organisation_id if row.organisation_id in orgs
                             else (orgs[0] if orgs else None)))
    if row.is_lead:
        case.lead_mediator_id = replacement_id
