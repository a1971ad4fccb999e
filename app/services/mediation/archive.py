"""Archiving a finished case (立卷归档) and a director's audited reopen.

Archiving gives the file its dossier number （年）简称人调字第N号 — numbered
per organisation and year of archiving — with its storage place, quality
grade and closing report (结案报告).  From then on every service refuses to
change the case (``case_guard``).  Reopening is the one way back: a
centre director, a reason, an explicit audit event, and the case returns to
the status it was archived from, keeping its dossier number for re-filing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.closing import (
    FILE_QUALITY,
    archive_seq,
    check_reopen,
    format_archive_number,
    reopened_status,
)
from app.domain.codes import require_key
from app.domain.errors import ValidationError
from app.domain.text import _
from app.domain.workflow import CaseStatus, check_transition
from app.services.cases.guard import case_for_change, find_case
from app.services.security.access import require
from app.services.security.users import UserInfo
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import Case, Organisation


@dataclass(frozen=True)
class Archived:
    """The filed case's dossier number and date."""

    archive_number: str
    archived_on: date


def _next_number(session: Session, org: Organisation, year: int) -> str:
    numbers = session.execute(
        select(Case.archive_number).where(
            Case.current_organisation_id == org.id, Case.archive_number.is_not(None),
            Case.archive_number.startswith(f"（{year}）"))).scalars()
    serials = [archive_seq(n or "", year, org.short_name) for n in numbers]
    return format_archive_number(year, org.short_name,
                                 max((s for s in serials if s is not None), default=0) + 1)


def archive_case(db: Database, actor: UserInfo, case_id: int, location: str, quality: str,
                 summary: str, on: date | None = None) -> Archived:
    """File a finished case: dossier number, place, grade and closing report; then read-only."""
    require_key(FILE_QUALITY, quality, "file_quality")
    if not summary.strip():
        raise ValidationError(_("请填写结案报告（案件经过和处理结果）"), "closing_summary")
    if not location.strip():
        raise ValidationError(_("请填写档案存放位置"), "archive_location")
    archived_on = on or date.today()
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        case = case_for_change(s, require(s, actor, "case.archive"), case_id)
        check_transition(CaseStatus(case.status), CaseStatus.ARCHIVED)
        org = s.get(Organisation, case.current_organisation_id or case.organisation_id)
        assert org is not None
        if case.archive_number is None:
            case.archive_number = _next_number(s, org, archived_on.year)
        case.status = CaseStatus.ARCHIVED.value
        case.archive_location = location.strip()
        case.file_quality = quality
        case.closing_summary = summary.strip()
        case.archived_on = archived_on
        case.closed_on = case.closed_on or archived_on
        uow.commit()
        return Archived(case.archive_number, archived_on)


def reopen_case(db: Database, actor: UserInfo, case_id: int, reason: str) -> str:
    """Reopen an archived case (centre directors only, with a reason); returns its new status."""
    check_reopen(reason)
    with UnitOfWork(db, actor) as uow:
        case = find_case(uow.session, require(uow.session, actor, "case.reopen"), case_id)
        if case.status != CaseStatus.ARCHIVED.value:
            raise ValidationError(_("只有已归档的案件需要重新打开"), "status")
        target = reopened_status(case.outcome, case.refusal_reason is not None)
        case.status = target.value
        case.archived_on = None
        uow.record_event("cases", case.id, "reopen",
                         {"reason": reason.strip(), "status": target.value,
                          "archive_number": case.archive_number})
        uow.commit()
        return target.value

