"""Mediating a case: starting, the session records (调解记录), and ending without agreement.

A case may have any number of sessions; the first one starts mediation if
nobody pressed 开始调解 before, because a session held *is* mediation begun.
Ending without agreement records the reason and the route the parties were
guided to (PML art 26); a withdrawal records the reason only.  Reaching an
agreement is the agreements service's business.  Every status change goes
through ``check_transition`` and every write through ``case_for_change``, after
``require`` has checked the user may mediate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from app.domain.closing import check_close
from app.domain.errors import ValidationError
from app.domain.prevention import check_preventions
from app.domain.text import _
from app.domain.workflow import CaseStatus, check_transition
from app.services.cases.guard import case_for_change
from app.services.mediation.preventions import store_preventions
from app.services.security.access import require
from app.services.security.users import UserInfo
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import MediationSession

_S = CaseStatus


@dataclass(frozen=True)
class SessionInput:
    """What the mediator writes down about one sitting."""

    held_at: datetime
    record: str
    place: str | None = None
    mediators: str | None = None
    recorder: str | None = None
    attendees: str | None = None
    invited: str | None = None
    proposals: str | None = None
    next_step: str | None = None
    rights_read: bool = False
    recusal_asked: bool = False
    sides_confirmed: bool = False
    private_session: bool = False


@dataclass(frozen=True)
class SessionSaved:
    """The saved session and the case's status afterwards."""

    session_id: int
    ordinal: int
    status: str


@dataclass(frozen=True)
class Closed:
    """The case after ending mediation without agreement."""

    status: str
    closed_on: date
    guidance: str | None


def start_mediation(db: Database, actor: UserInfo, case_id: int) -> str:
    """Move an assigned case into mediation (开始调解); returns the new status."""
    with UnitOfWork(db, actor) as uow:
        case = case_for_change(uow.session, require(uow.session, actor, "case.mediate"), case_id)
        check_transition(_S(case.status), _S.IN_MEDIATION)
        case.status = _S.IN_MEDIATION.value
        uow.commit()
        return case.status


def _checked(entry: SessionInput, now: datetime) -> SessionInput:
    if not entry.record.strip():
        raise ValidationError(_("请填写调解经过（各方陈述、核实的事实、调解情况）"), "record")
    if entry.held_at > now:
        raise ValidationError(_("调解时间不能晚于现在"), "held_at")
    return entry


def record_session(db: Database, actor: UserInfo, case_id: int, entry: SessionInput,
                   now: datetime | None = None) -> SessionSaved:
    """Save one 调解记录; an assigned case enters mediation with its first session."""
    _checked(entry, now or datetime.now())
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        case = case_for_change(s, require(s, actor, "case.mediate"), case_id)
        if case.status != _S.IN_MEDIATION.value:
            check_transition(_S(case.status), _S.IN_MEDIATION)
            case.status = _S.IN_MEDIATION.value
        if entry.held_at < case.received_at:
            raise ValidationError(_("调解时间不能早于受理时间"), "held_at")
        row = MediationSession(
            case_id=case.id, held_at=entry.held_at, record=entry.record.strip(),
            **{k: (getattr(entry, k) or "").strip() or None for k in (
                "place", "mediators", "recorder", "attendees", "invited", "proposals",
                "next_step")},
            rights_read=entry.rights_read, recusal_asked=entry.recusal_asked,
            sides_confirmed=entry.sides_confirmed, private_session=entry.private_session)
        s.add(row)
        s.flush()
        ordinal = s.scalar(select(func.count()).select_from(MediationSession)
                           .where(MediationSession.case_id == case.id)) or 1
        uow.commit()
        return SessionSaved(row.id, int(ordinal), case.status)


def close_without_agreement(db: Database, actor: UserInfo, case_id: int, outcome: str,
                            reason: str, guidance: str | None = None,
                            on: date | None = None,
                            preventions: Mapping[str, int] | None = None) -> Closed:
    """调解不成 (with the route the parties were guided to) or 撤回, ending the mediation.

    ``preventions`` (kind → people, app/domain/prevention.py) are what the
    mediation nevertheless prevented; they are saved with the closing.
    """
    check_close(outcome, reason, guidance)
    wanted = check_preventions(preventions or {})
    closed_on = on or date.today()
    with UnitOfWork(db, actor) as uow:
        case = case_for_change(uow.session, require(uow.session, actor, "case.mediate"), case_id)
        check_transition(_S(case.status), _S(outcome))
        if closed_on < case.received_at.date():
            raise ValidationError(_("结案日期不能早于受理日期"), "closed_on")
        case.status = outcome
        case.outcome = outcome
        case.outcome_reason = reason.strip() or None
        case.guidance = guidance
        case.closed_on = closed_on
        store_preventions(uow.session, case, wanted)
        uow.commit()
        return Closed(case.status, closed_on, guidance)

