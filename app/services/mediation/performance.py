"""The performance ledger (履行台账): what was paid or done against each obligation.

Recording a line recomputes the obligation's status and the agreement's
performance code from the whole ledger (app.domain.performance), in the same
transaction, so the stored codes the lists and statistics read can never
drift from the lines.  The first line recorded on an agreed case moves it to
履行中.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import performance as rules
from app.domain.text import _
from app.domain.workflow import CaseStatus, check_transition
from app.services.cases.guard import case_for_change, find_case
from app.services.errors import NotFoundError
from app.services.security.access import require
from app.services.security.names import display_names
from app.services.security.users import UserInfo
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import (
    Agreement,
    Case,
    FollowUp,
    JudicialConfirmation,
    Obligation,
    PerformanceRecord,
)

_UNDER_PERFORMANCE = frozenset({CaseStatus.PERFORMING.value, CaseStatus.FOLLOWED_UP.value})
"""Statuses in which a payment is recorded without moving the case."""


@dataclass(frozen=True)
class LineInfo:
    """One ledger line."""

    on_date: date
    amount: Decimal | None
    note: str | None
    recorded_by: str | None


@dataclass(frozen=True)
class ObligationLedger:
    """One obligation with its ledger and its standing today."""

    id: int
    description: str
    kind: str
    amount: Decimal | None
    due_date: date | None
    manner: str | None
    status: str
    performed_amount: Decimal | None
    outstanding: Decimal | None
    overdue: bool
    lines: tuple[LineInfo, ...]


@dataclass(frozen=True)
class Ledger:
    """The agreement's performance: code, court confirmation, obligations."""

    case_id: int
    case_status: str
    agreement_number: str | None
    effective_on: date | None
    code: str
    confirmed: bool
    obligations: tuple[ObligationLedger, ...]


def latest_finding(session: Session, case_id: int) -> str | None:
    """What the most recent follow-up visit found (performed, partial, unperformed, sued)."""
    return session.scalar(
        select(FollowUp.performance).where(FollowUp.case_id == case_id,
                                           FollowUp.visited_on.is_not(None))
        .order_by(FollowUp.visited_on.desc(), FollowUp.id.desc()).limit(1))


def _confirmation(session: Session, agreement_id: int) -> JudicialConfirmation | None:
    return session.execute(select(JudicialConfirmation)
                           .where(JudicialConfirmation.agreement_id == agreement_id)
                           .order_by(JudicialConfirmation.id.desc()).limit(1)).scalar_one_or_none()


def refresh(session: Session, agreement: Agreement, today: date) -> Ledger:
    """Recompute every obligation and the agreement's code; the ledger as it now stands."""
    items = []
    for o in agreement.obligations:
        lines = [rules.LedgerLine(p.on_date, p.amount) for p in o.performances]
        if not lines and o.performed_on is not None:
            # Performed before the ledger existed: the obligation's own record is its one line.
            lines = [rules.LedgerLine(o.performed_on, o.performed_amount)]
        got = rules.progress(o.kind, o.amount, o.due_date, lines, today)
        o.status, o.performed_amount, o.performed_on = (
            got.status, got.performed_amount, got.performed_on)
        items.append((o, got))
    confirmation = _confirmation(session, agreement.id)
    code = rules.agreement_code([g for _o, g in items],
                                confirmation_applied=confirmation is not None,
                                latest_finding=latest_finding(session, agreement.case_id))
    agreement.performance_status = code
    case = session.get(Case, agreement.case_id)
    assert case is not None
    names = display_names(session, (p.recorded_by for o, _g in items for p in o.performances))
    return Ledger(
        agreement.case_id, case.status, agreement.number, agreement.effective_on, code,
        confirmation is not None and confirmation.result == "confirmed",
        tuple(ObligationLedger(
            o.id, o.description, o.kind, o.amount, o.due_date, o.manner, g.status,
            g.performed_amount, g.outstanding, g.overdue,
            tuple(LineInfo(p.on_date, p.amount, p.note, names.get(p.recorded_by or "",
                                                                   p.recorded_by))
                  for p in o.performances))
            for o, g in items))


def agreement_of(session: Session, case_id: int) -> Agreement:
    """The case's agreement; a case without one has no ledger."""
    agreement = session.execute(select(Agreement).where(Agreement.case_id == case_id)
                                ).scalar_one_or_none()
    if agreement is None:
        raise NotFoundError(_("该案件还没有调解协议，没有履行台账"))
    return agreement


def ledger(db: Database, actor: UserInfo, case_id: int, today: date | None = None) -> Ledger:
    """The case's ledger as of ``today`` (read only: nothing is saved)."""
    with db.session() as s:
        find_case(s, require(s, actor, "case.read"), case_id)
        ledger_now = refresh(s, agreement_of(s, case_id), today or date.today())
        s.rollback()
        return ledger_now


def record_performance(db: Database, actor: UserInfo, obligation_id: int, on_date: date,
                       amount: Decimal | None = None, note: str | None = None,
                       today: date | None = None) -> Ledger:
    """Add a ledger line (a payment or an act) and recompute; agreed cases become 履行中."""
    today = today or date.today()
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        who = require(s, actor, "case.followup")
        obligation = s.get(Obligation, obligation_id)
        if obligation is None:
            raise NotFoundError(_("履行事项不存在"))
        agreement = obligation.agreement
        case = case_for_change(s, who, agreement.case_id)
        paid = sum((p.amount or Decimal(0) for p in obligation.performances), Decimal(0))
        owed = None if obligation.amount is None else obligation.amount - paid
        rules.check_line(obligation.kind, owed, on_date, amount,
                         agreement.effective_on or agreement.signed_on, today)
        obligation.performances.append(PerformanceRecord(
            on_date=on_date, amount=amount if obligation.kind == "money" else None,
            note=(note or "").strip() or None, recorded_by=actor.login))
        s.flush()
        if case.status not in _UNDER_PERFORMANCE:
            check_transition(CaseStatus(case.status), CaseStatus.PERFORMING)
            case.status = CaseStatus.PERFORMING.value
        result = refresh(s, agreement, today)
        uow.commit()
        return result
