"""Time limits: the administrator's rules per source, and extensions of one case's deadline.

The rules live in ``deadline_rules`` (seeded with the statutory defaults by migration
0003) and :func:`rule_days` hands them to the pure calculation in
``app.domain.deadlines``, so intake and any later recalculation use the
same table.  An extension is a record of its own — old and new date, reason,
who asked, who approved — and the case's deadline follows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.codes import SOURCES, require_key
from app.domain.deadlines import check_extension, check_rule_days
from app.domain.errors import ValidationError
from app.domain.text import _
from app.domain.workflow import CaseStatus
from app.services.cases.guard import case_for_change, find_case
from app.services.security.access import require
from app.services.security.users import UserInfo
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import DeadlineExtension, DeadlineRule

EXTENDABLE = frozenset({CaseStatus.RECEIVED, CaseStatus.ASSIGNED, CaseStatus.IN_MEDIATION})


@dataclass(frozen=True)
class RuleInfo:
    """One deadline rule as the rules editor shows it."""

    source: str
    days: int
    note: str | None


@dataclass(frozen=True)
class ExtensionInfo:
    """One granted extension."""

    id: int
    old_deadline: date | None
    new_deadline: date
    reason: str
    requested_by: str | None
    approved_by: str
    granted_at: datetime


def rule_days(session: Session) -> dict[str, int]:
    """The rules as ``{source: days}`` for :func:`app.domain.deadlines.default_deadline`."""
    return {source: days for source, days in session.execute(
        select(DeadlineRule.source, DeadlineRule.days))}


def deadline_rules(db: Database, actor: UserInfo) -> list[RuleInfo]:
    """Every rule, in source order."""
    with db.session() as s:
        require(s, actor, "network.read")
        rows = s.execute(select(DeadlineRule).order_by(DeadlineRule.source)).scalars()
        return [RuleInfo(r.source, r.days, r.note) for r in rows]


def set_deadline_rule(db: Database, actor: UserInfo, source: str, days: int,
                      note: str | None = None) -> RuleInfo:
    """Create or change the rule for ``source`` (administrators only); later intakes use it."""
    require_key(SOURCES, source, "source")
    check_rule_days(days)
    with UnitOfWork(db, actor) as uow:
        require(uow.session, actor, "rules.admin")
        rule = uow.session.execute(
            select(DeadlineRule).where(DeadlineRule.source == source)).scalar_one_or_none()
        if rule is None:
            rule = DeadlineRule(source=source, days=days)
            uow.session.add(rule)
        rule.days = days
        rule.note = (note or "").strip() or rule.note
        uow.commit()
        return RuleInfo(rule.source, rule.days, rule.note)


def extend_deadline(db: Database, actor: UserInfo, case_id: int, new_deadline: date, reason: str,
                    approved_by: str, requested_by: str | None = None) -> ExtensionInfo:
    """Move a running case's deadline later, recording why and who approved it."""
    with UnitOfWork(db, actor) as uow:
        case = case_for_change(uow.session, require(uow.session, actor, "case.extend"), case_id)
        if CaseStatus(case.status) not in EXTENDABLE:
            raise ValidationError(_("只有尚在办理中的案件才能延长期限：调解结果已经记录"),
                                  "new_deadline")
        check_extension(case.deadline, new_deadline, case.received_at.date(), reason,
                        approved_by)
        extension = DeadlineExtension(
            case_id=case.id, old_deadline=case.deadline, new_deadline=new_deadline,
            reason=reason.strip(), requested_by=(requested_by or "").strip() or None,
            approved_by=approved_by.strip())
        uow.session.add(extension)
        case.deadline = new_deadline
        uow.commit()
        return _info(extension)


def extensions(db: Database, actor: UserInfo, case_id: int) -> list[ExtensionInfo]:
    """The case's extensions, oldest first."""
    with db.session() as s:
        find_case(s, require(s, actor, "case.read"), case_id)
        rows = s.execute(select(DeadlineExtension).where(DeadlineExtension.case_id == case_id)
                         .order_by(DeadlineExtension.id)).scalars()
        return [_info(e) for e in rows]


def _info(e: DeadlineExtension) -> ExtensionInfo:
    return ExtensionInfo(e.id, e.old_deadline, e.new_deadline, e.reason, e.requested_by,
                         e.approved_by, e.created_at)
