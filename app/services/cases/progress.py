"""Where one case stands in mediation, for the action bar of the case detail window.

The detail window needs to know which steps are possible now (start,
record a session, close, extend, ledger, follow-up, archive, reopen) and a
one-line summary of the outcome and the file.  This reads it in one go, so
the window asks a single question instead of one per button.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from app.domain.deadlines import DeadlineState, deadline_state
from app.domain.workflow import CaseStatus
from app.services.cases.guard import find_case
from app.services.security.access import require
from app.services.security.users import UserInfo
from app.store.database import Database
from app.store.models import Agreement, DeadlineExtension, FollowUp, MediationSession


@dataclass(frozen=True)
class CaseProgress:
    """The mediation facts of one case that decide what may be done next."""

    case_id: int
    number: str
    status: str
    received_on: date
    deadline: date | None
    deadline_state: DeadlineState
    extensions: int
    sessions: int
    outcome: str | None
    outcome_reason: str | None
    guidance: str | None
    has_agreement: bool
    performance_status: str | None
    visits_done: int
    visits_planned: int
    archive_number: str | None
    archive_location: str | None
    file_quality: str | None
    archived_on: date | None
    closing_summary: str | None


def case_progress(db: Database, actor: UserInfo, case_id: int,
                  today: date | None = None) -> CaseProgress:
    """The case's mediation facts as of ``today``."""
    today = today or date.today()
    with db.session() as s:
        case = find_case(s, require(s, actor, "case.read"), case_id)

        def count(model: type[DeadlineExtension] | type[MediationSession]) -> int:
            return int(s.scalar(select(func.count()).select_from(model)
                                .where(model.case_id == case_id)) or 0)

        performance = s.scalar(select(Agreement.performance_status)
                               .where(Agreement.case_id == case_id))
        visits = s.execute(select(FollowUp.visited_on).where(FollowUp.case_id == case_id)
                           ).scalars().all()
        return CaseProgress(
            case.id, case.number, case.status, case.received_at.date(), case.deadline,
            deadline_state(case.deadline, CaseStatus(case.status), today),
            count(DeadlineExtension), count(MediationSession), case.outcome,
            case.outcome_reason, case.guidance, performance is not None, performance,
            sum(v is not None for v in visits), sum(v is None for v in visits),
            case.archive_number, case.archive_location, case.file_quality, case.archived_on,
            case.closing_summary)


def case_id_for(db: Database, actor: UserInfo, number: str) -> int:
    """The id of the case numbered ``number`` (the CLI names cases by number)."""
    with db.session() as s:
        return find_case(s, require(s, actor, "case.read"), number).id
