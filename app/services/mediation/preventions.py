"""Prevention outcomes (防止民间纠纷转化为刑事案件, 防止群体性上访…) of a concluded case.

The statistics table counts them per kind in cases and people, so they are
recorded when mediation ends: with 调解不成 / 撤回 in the close action, and —
for a case that ended in an agreement — through "record prevention
outcomes" on the concluded case, any time before it is archived (archived
files are read-only).  Recording replaces the case's whole set in one
transaction; each row change is audited by the flush listener.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.errors import ValidationError
from app.domain.prevention import check_preventions
from app.domain.text import _
from app.domain.workflow import CaseStatus
from app.services.cases.guard import case_for_change, find_case
from app.services.security.access import require
from app.services.security.users import UserInfo
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import Case, CasePrevention

CONCLUDED = frozenset({CaseStatus.AGREED, CaseStatus.PERFORMING, CaseStatus.FOLLOWED_UP,
                       CaseStatus.NOT_AGREED, CaseStatus.WITHDRAWN})
"""Statuses in which mediation is over but the file is not yet archived."""


def store_preventions(session: Session, case: Case, preventions: Mapping[str, int]) -> None:
    """Make ``preventions`` the case's whole set (validated; unchanged kinds keep their row)."""
    wanted = check_preventions(preventions)
    current = {row.kind: row for row in session.scalars(
        select(CasePrevention).where(CasePrevention.case_id == case.id))}
    for kind, stale in current.items():
        if kind not in wanted:
            session.delete(stale)
    for kind, people in wanted.items():
        row = current.get(kind)
        if row is None:
            session.add(CasePrevention(case_id=case.id, kind=kind, people=people))
        elif row.people != people:
            row.people = people


def record_preventions(db: Database, actor: UserInfo, case_id: int,
                       preventions: Mapping[str, int]) -> dict[str, int]:
    """Record what the concluded mediation prevented (kind → people); returns the stored set."""
    wanted = check_preventions(preventions)
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        case = case_for_change(s, require(s, actor, "case.mediate"), case_id)
        if CaseStatus(case.status) not in CONCLUDED:
            raise ValidationError(
                _("调解结束后才能登记防止结果（达成协议、调解不成或撤回的案件）"), "preventions")
        store_preventions(s, case, wanted)
        uow.commit()
        return wanted


def case_preventions(db: Database, actor: UserInfo, case_id: int) -> dict[str, int]:
    """The prevention outcomes recorded for a case the user may see (kind → people)."""
    with db.session() as s:
        case = find_case(s, require(s, actor, "case.read"), case_id)
        rows = s.execute(select(CasePrevention.kind, CasePrevention.people)
                         .where(CasePrevention.case_id == case.id)).all()
    return check_preventions({kind: people for kind, people in rows})

