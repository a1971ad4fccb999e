"""The one check every service that writes to a case makes first: is the file archived?

An archived dossier is evidence (PML art 27): once filed, nothing about the
case may change except through an administrator's audited reopen.  Rather
than each service remembering the rule, they load the case through
:func:`case_for_change`, which refuses an archived case with one sentence.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.errors import DomainError
from app.domain.text import _
from app.domain.workflow import CaseStatus
from app.services.errors import NotFoundError
from app.store.models import Case


class CaseArchived(DomainError):
    """The case is archived and therefore read-only."""


def find_case(session: Session, key: str | int) -> Case:
    """The case with this id or number (for reading), or NotFoundError."""
    query = select(Case).where(Case.id == key if isinstance(key, int) else Case.number == key)
    case = session.execute(query).scalar_one_or_none()
    if case is None:
        raise NotFoundError(_("没有案号为“{number}”的案件").format(number=key))
    return case


def case_for_change(session: Session, key: str | int) -> Case:
    """The case with this id or number, for a write in ``session``; refused if archived.

    Call it inside the unit of work that will change the case (or anything
    belonging to it: sessions, agreement, mediators, referrals, follow-ups).
    """
    case = find_case(session, key)
    refuse_if_archived(case)
    return case


def refuse_if_archived(case: Case) -> None:
    """Raise :class:`CaseArchived` for an archived case (for services that load it themselves)."""
    if case.status == CaseStatus.ARCHIVED.value:
        raise CaseArchived(_("案件“{number}”已归档，不能再修改：如确需更改，请系统管理员重新打开")
                           .format(number=case.number))
