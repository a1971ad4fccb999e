"""Finding the case a service works on: within the user's scope, and not archived for writes.

Every service loads its case through :func:`find_case` (to read) or
:func:`case_for_change` (to write), with the access :func:`require` granted.
A case outside the user's scope is "not found", exactly like a case that
does not exist, so nobody learns what lies outside their region.

An archived dossier is evidence (PML art 27): once filed, nothing about the
case may change except through a director's audited reopen.  Rather than
each service remembering the rule, :func:`case_for_change` refuses an
archived case with one sentence.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.errors import DomainError
from app.domain.text import _
from app.domain.workflow import CaseStatus
from app.services.security.access import Access, not_found, visible_cases
from app.store.models import Case


class CaseArchived(DomainError):
    """The case is archived and therefore read-only."""


def find_case(session: Session, access: Access, key: str | int) -> Case:
    """The case with this id or number if ``access`` may see it, else NotFoundError."""
    query = select(Case).where(Case.id == key if isinstance(key, int) else Case.number == key)
    condition = visible_cases(access)
    if condition is not None:
        query = query.where(condition)
    case = session.execute(query).scalar_one_or_none()
    if case is None:
        raise not_found(key)
    return case


def case_for_change(session: Session, access: Access, key: str | int) -> Case:
    """The case with this id or number, for a write in ``session``; refused if archived.

    Call it inside the unit of work that will change the case (or anything
    belonging to it: sessions, agreement, mediators, referrals, follow-ups).
    """
    case = find_case(session, access, key)
    refuse_if_archived(case)
    return case


def refuse_if_archived(case: Case) -> None:
    """Raise :class:`CaseArchived` for an archived case (for services that load it themselves)."""
    if case.status == CaseStatus.ARCHIVED.value:
        raise CaseArchived(_("案件“{number}”已归档，不能再修改：如确需更改，请中心主任重新打开")
                           .format(number=case.number))
