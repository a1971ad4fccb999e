"""Finding the case a service works on: within the user's scope, and not archived for writes.

Every service loads its case through :func:`find_case` (to read) or
:func:`case_for_change` (to write), with the access :func:`require` granted.
A case outside the user's scope is "not found", exactly like a case that
does not exist, so nobody learns what lies outside their region.

An archived dossier is evidence (PML art 27): once filed, nothing about the
case may change except through a director's audited reopen.  Rather than
each service remembering the rule, :func:`case_for_change` refuses an
archived case with one sentence.

A screen that shows a case remembers the version it showed; the actions
taken from it pass the case as a :class:`SeenCase`, and
:func:`case_for_change` refuses to act on a case someone else has changed
since, telling who changed what (from the audit trail).  Callers without a
screen (scripts, the CLI) pass a plain id or number and act on the case as
it is.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.errors import DomainError
from app.domain.text import _
from app.domain.workflow import CaseStatus
from app.services.changes import changes_since, stale_message
from app.services.errors import ConflictError
from app.services.security.access import Access, not_found, visible_cases
from app.store.models import Case


class CaseArchived(DomainError):
    """The case is archived and therefore read-only."""


class SeenCase(int):
    """A case id that remembers the version of the case the user was looking at.

    It is an ``int`` so that every service taking a case id or number takes
    it unchanged; only :func:`case_for_change` looks at the version.
    """

    version: int

    def __new__(cls, case_id: int, version: int) -> SeenCase:
        seen = super().__new__(cls, case_id)
        seen.version = version
        return seen


def find_case(session: Session, access: Access, key: str | int) -> Case:
    """The case with this id or number if ``access`` may see it, else NotFoundError.

    A :class:`SeenCase` (only actions pass one) is refused when someone else
    has changed the case since the user's screen showed it.
    """
    query = select(Case).where(Case.id == key if isinstance(key, int) else Case.number == key)
    condition = visible_cases(access)
    if condition is not None:
        query = query.where(condition)
    case = session.execute(query).scalar_one_or_none()
    if case is None:
        raise not_found(key)
    if isinstance(key, SeenCase) and case.version != key.version:
        changes = changes_since(session, "cases", case.id, key.version,
                                except_login=access.user.login)
        if changes is not None:
            raise ConflictError(stale_message(_("案件"), changes))
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
