"""Follow-up visits (回访): planned from the agreement, recorded, and what they move.

The plan comes from ``app.domain.performance.followup_plan`` (a visit three
days after each due date, or fifteen days after an agreement performed on
the spot).  A recorded visit fills the next planned slot, or is added when
none is open.  A visit may only find the agreement performed when the
ledger says so — what was paid is recorded there first, so the two never
disagree.  A visit that finds the agreement performed moves the case to
已回访, ready for archiving (so does one that finds a party has sued); one
that finds it not (fully) performed keeps — or puts — the case in 履行中, so
it stays on the warning panel.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.domain import performance as rules
from app.domain.codes import require_key
from app.domain.errors import ValidationError
from app.domain.text import N_, _
from app.domain.workflow import CaseStatus, check_transition
from app.services.cases.guard import case_for_change, find_case
from app.services.mediation.performance import agreement_of, refresh
from app.services.security.access import require
from app.services.security.users import UserInfo
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import FollowUp

METHODS = {"visit": N_("上门回访"), "phone": N_("电话回访"), "online": N_("网上回访"),
           "meeting": N_("约见回访")}
_S = CaseStatus


@dataclass(frozen=True)
class FollowUpInput:
    """What the visitor writes on the 回访记录."""

    visited_on: date
    visitor: str
    method: str
    performance: str
    notes: str = ""
    fairness: int | None = None
    attitude: int | None = None
    result: int | None = None


@dataclass(frozen=True)
class FollowUpInfo:
    """One planned or recorded visit."""

    id: int
    scheduled_on: date | None
    visited_on: date | None
    visitor: str | None
    method: str | None
    performance: str | None
    notes: str | None


def schedule_followups(db: Database, actor: UserInfo, case_id: int) -> list[FollowUpInfo]:
    """Add the planned visits the agreement calls for that are not yet on the list.

    Call after an agreement is saved or its obligations change; calling it
    again adds nothing already planned.
    """
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        case = case_for_change(s, require(s, actor, "case.followup"), case_id)
        agreement = agreement_of(s, case.id)
        effective = agreement.effective_on or agreement.signed_on or case.received_at.date()
        planned = set(s.execute(select(FollowUp.scheduled_on)
                                .where(FollowUp.case_id == case.id)).scalars())
        for day in rules.followup_plan(effective, [o.due_date for o in agreement.obligations
                                                   if o.due_date is not None]):
            if day not in planned:
                s.add(FollowUp(case_id=case.id, scheduled_on=day))
        uow.commit()
    return followups(db, actor, case_id)


def _checked(entry: FollowUpInput, today: date) -> None:
    require_key(METHODS, entry.method, "method")
    require_key(rules.FOLLOWUP_FINDINGS, entry.performance, "performance")
    if not entry.visitor.strip():
        raise ValidationError(_("请填写回访人"), "visitor")
    if entry.visited_on > today:
        raise ValidationError(_("回访日期不能晚于今天"), "visited_on")
    for field in ("fairness", "attitude", "result"):
        rules.check_satisfaction(getattr(entry, field), field)


def record_followup(db: Database, actor: UserInfo, case_id: int, entry: FollowUpInput,
                    today: date | None = None) -> str:
    """Record a visit; returns the case's status afterwards (已回访 or 履行中)."""
    today = today or date.today()
    _checked(entry, today)
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        case = case_for_change(s, require(s, actor, "case.followup"), case_id)
        agreement = agreement_of(s, case.id)
        if agreement.signed_on and entry.visited_on < agreement.signed_on:
            raise ValidationError(_("回访日期不能早于协议签订日期"), "visited_on")
        # A lawsuit takes the dispute out of the committee's hands: nothing left to urge.
        done = entry.performance in ("performed", "sued")
        target = _S.FOLLOWED_UP if done else _S.PERFORMING
        if case.status != target.value:
            check_transition(_S(case.status), target)
            case.status = target.value
        visit = s.execute(select(FollowUp).where(FollowUp.case_id == case.id,
                                                 FollowUp.visited_on.is_(None))
                          .order_by(FollowUp.scheduled_on).limit(1)).scalar_one_or_none()
        if visit is None:
            visit = FollowUp(case_id=case.id, scheduled_on=entry.visited_on)
            s.add(visit)
        visit.visited_on, visit.visitor, visit.method = (
            entry.visited_on, entry.visitor.strip(), entry.method)
        visit.performance, visit.notes = entry.performance, entry.notes.strip() or None
        visit.satisfaction_fairness = entry.fairness
        visit.satisfaction_attitude = entry.attitude
        visit.satisfaction_result = entry.result
        s.flush()
        book = refresh(s, agreement, today)
        if entry.performance == "performed" and book.code != "performed":
            raise ValidationError(
                _("履行台账显示还有未履行的事项：请先在履行台账中记录履行情况，或选择“部分履行”"),
                "performance")
        uow.commit()
        return case.status


def followups(db: Database, actor: UserInfo, case_id: int) -> list[FollowUpInfo]:
    """The case's visits, planned and done, in date order."""
    with db.session() as s:
        find_case(s, require(s, actor, "case.read"), case_id)
        rows = s.execute(select(FollowUp).where(FollowUp.case_id == case_id)
                         .order_by(FollowUp.scheduled_on, FollowUp.id)).scalars()
        return [FollowUpInfo(f.id, f.scheduled_on, f.visited_on, f.visitor, f.method,
                             f.performance, f.notes) for f in rows]
