"""An archived case is read-only for every service; only an admin reopens it, audited."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from sqlalchemy import select

from app.domain.errors import DomainError
from app.services.agreements.agreement import record_application
from app.services.agreements.scans import attach_signed_scan
from app.services.assignment.assign import assign
from app.services.assignment.objections import raise_objection
from app.services.assignment.referrals import refer
from app.services.cases.detail import get_case
from app.services.cases.guard import CaseArchived
from app.services.errors import PermissionDenied
from app.services.mediation.archive import archive_case, reopen_case
from app.services.mediation.deadlines import extend_deadline
from app.services.mediation.followups import FollowUpInput, record_followup
from app.services.mediation.performance import ledger, record_performance
from app.services.mediation.sessions import SessionInput, close_without_agreement, record_session
from app.services.security.users import UserInfo
from app.store.database import Database
from app.store.models import AuditEntry
from tests.services.fixtures import acting, seed_organisations
from tests.services.mediation_fixtures import case_in, status_of

ADMIN = UserInfo("admin", "系统管理员", "admin", None, True)
MEDIATOR = UserInfo("wang", "王调解", "mediator", None, True)
TODAY = date(2026, 12, 10)
CLERK = acting("clerk")
M = acting("m")


def test_archived_case_refuses_every_write_until_an_admin_reopens(db: Database) -> None:
    seed_organisations(db)
    case_id = case_in(db, "followed_up", agreement=True, paid=True)
    obligation = ledger(db, ADMIN, case_id, TODAY).obligations[0].id
    archived = archive_case(db, CLERK, case_id, "档案室B柜", "good", "协议已履行完毕", TODAY)
    writes = [
        lambda: record_session(db, M, case_id, SessionInput(datetime(2026, 12, 1), "补记")),
        lambda: close_without_agreement(db, M, case_id, "withdrawn", "撤回", None, TODAY),
        lambda: extend_deadline(db, ADMIN, case_id, date(2027, 2, 1), "双方同意", "李主任"),
        lambda: record_performance(db, M, obligation, TODAY, None, today=TODAY),
        lambda: record_followup(db, M, case_id, FollowUpInput(TODAY, "王", "phone",
                                                                "performed"), TODAY),
        lambda: archive_case(db, CLERK, case_id, "C", "good", "再归档", TODAY),
        lambda: record_application(db, M, case_id, "象山县人民法院", TODAY),
        lambda: assign(db, ADMIN, case_id, 1),
        lambda: refer(db, ADMIN, case_id, "移交法院", external="象山县人民法院", kind="court"),
        lambda: raise_objection(db, ADMIN, case_id, 1, "调解员是申请人亲属"),
        lambda: attach_signed_scan(db, M, case_id, "签署件.pdf", b"%PDF-1.4 signed"),
    ]
    for write in writes:
        with pytest.raises(CaseArchived):
            write()
    with pytest.raises(PermissionDenied):
        reopen_case(db, MEDIATOR, case_id, "补充材料")
    with pytest.raises(DomainError):
        reopen_case(db, ADMIN, case_id, " ")
    assert status_of(db, case_id) == "archived"

    assert reopen_case(db, ADMIN, case_id, "当事人补交履行凭证") == "followed_up"
    with db.session() as s:
        entry = s.execute(select(AuditEntry).where(AuditEntry.action == "reopen")).scalar_one()
        assert entry.user_login == "admin" and entry.entity_id == case_id
        assert json.loads(entry.after or "{}")["reason"] == "当事人补交履行凭证"
    texts = [e.text for e in get_case(db, ADMIN, case_id).timeline]
    assert "重新打开已归档案件：当事人补交履行凭证" in texts
    again = archive_case(db, CLERK, case_id, "档案室B柜", "good", "补充后重新归档", TODAY)
    assert again.archive_number == archived.archive_number


def test_reopen_only_archived(db: Database) -> None:
    seed_organisations(db)
    case_id = case_in(db, "not_agreed")
    with pytest.raises(DomainError):
        reopen_case(db, ADMIN, case_id, "理由")
    archive_case(db, CLERK, case_id, "A", "qualified", "终止调解", TODAY)
    assert reopen_case(db, ADMIN, case_id, "理由") == "not_agreed"


@pytest.mark.parametrize(("location", "quality", "summary"), [
    ("", "good", "x"), ("A", "perfect", "x"), ("A", "good", " ")])
def test_archive_needs_location_grade_and_report(sqlite_db: Database, location: str,
                                                 quality: str, summary: str) -> None:
    seed_organisations(sqlite_db)
    case_id = case_in(sqlite_db, "withdrawn")
    with pytest.raises(DomainError):
        archive_case(sqlite_db, acting("c"), case_id, location, quality, summary, TODAY)
    assert status_of(sqlite_db, case_id) == "withdrawn"
