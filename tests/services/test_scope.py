"""Scope: a user sees and acts on the cases of their region, and nothing else exists for them.

On the prepared base (tests/services/permission_base.py) a clerk of 墙头镇
(town A) and a clerk of 西周镇 (town B) each look for the other town's case by
id, by number, by search, in the lists, the dashboard, the statistics, the
party registry and the documents, and try to change it: every time it is
"not found", and nothing is written.  Cases referred to a user's
organisation or assigned to the user's mediator are the exceptions the
scope names; a village official sees the meetings of their own village.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.reports import statistics
from app.services.cases import detail, intake, progress, queries
from app.services.documents import records
from app.services.errors import NotFoundError, PermissionDenied
from app.services.mediation import dashboard
from app.services.meetings import proceedings
from app.services.meetings import queries as meeting_queries
from app.services.parties import queries as party_queries
from app.services.parties import registry
from app.services.security.users import SYSTEM, UserInfo, set_password
from app.store.database import Database
from app.store.models import AuditEntry
from tests.services.fixtures import intake as intake_input
from tests.services.fixtures import seed_organisations
from tests.services.permission_base import PERMISSION_BASE, VILLAGE_A, base_ids
from tests.support.templates import MIGRATED, private_copy, sqlite_templates

WITH_TEST_ACCOUNTS = False
"""The prepared base has its own accounts (tests/services/conftest.py)."""

CLERK_A, CLERK_B = UserInfo("clerk_a", "", "clerk", None, True), UserInfo(
    "clerk_b", "", "clerk", None, True)
VILLAGE_OFFICIAL = UserInfo("village_a", "", "village_official", None, True)
MEDIATOR_B = UserInfo("mediator_b", "", "mediator", None, True)
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def base(request: pytest.FixtureRequest) -> Iterator[Database]:
    database = Database(private_copy(request, PERMISSION_BASE, str(request.param)))
    yield database
    database.dispose()


def _number(db: Database, case_id: int) -> str:
    return detail.get_case(db, SYSTEM, case_id).number


def _visible(db: Database, user: UserInfo, case_id: int) -> bool:
    try:
        detail.get_case(db, user, case_id)
    except NotFoundError:
        return False
    return True


def _audit_count(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count(AuditEntry.id))) or 0)


def _not_found(call: Callable[[], object]) -> None:
    with pytest.raises(NotFoundError):
        call()


def test_a_clerk_of_town_a_cannot_see_or_change_a_case_of_town_b(base: Database) -> None:
    ids = base_ids(base)
    other, own = ids["c_town_b"], ids["c_town_a"]
    number = _number(base, other)
    assert _visible(base, CLERK_A, own) and _visible(base, CLERK_A, ids["c_village_a"])
    before = _audit_count(base)
    _not_found(lambda: detail.get_case(base, CLERK_A, other))
    _not_found(lambda: detail.get_case(base, CLERK_A, number))
    _not_found(lambda: progress.case_id_for(base, CLERK_A, number))
    _not_found(lambda: progress.case_progress(base, CLERK_A, other))
    _not_found(lambda: records.case_document_data(base, CLERK_A, other))
    _not_found(lambda: records.list_documents(base, CLERK_A, other))
    _not_found(lambda: intake.refuse_case(base, CLERK_A, other, "不属于调解范围"))
    assert _audit_count(base) == before
    for text in ("西周镇的纠纷", number):
        assert queries.count_cases(base, CLERK_A, queries.CaseFilter(text=text)) == 0
        assert queries.case_page(base, CLERK_A, queries.CaseFilter(text=text), 0, 10) == []
    listed = {r.id for r in queries.case_page(base, CLERK_A, None, 0, 100)}
    assert own in listed and other not in listed
    assert queries.count_cases(base, CLERK_A) == len(listed)
    found = queries.case_page(base, CLERK_B, queries.CaseFilter(text="西周镇的纠纷"), 0, 10)
    assert [r.id for r in found] == [other]
    _not_found(lambda: detail.get_case(base, CLERK_B, own))


def test_statistics_and_dashboard_count_only_the_users_region(base: Database) -> None:
    ids = base_ids(base)
    everything = statistics.summary(base, UserInfo("as_director", "", "", None, True), *YEAR)
    town_b = statistics.summary(base, CLERK_B, *YEAR)
    town_a = statistics.summary(base, CLERK_A, *YEAR)
    assert town_b.received == 1 and town_b.by_category == {"neighbour": 1}
    assert town_a.received == queries.count_cases(base, CLERK_A) >= 2
    assert everything.received > town_a.received + town_b.received
    board = dashboard.warning_board(base, CLERK_B, date(2027, 6, 1))
    assert {r.case_id for r in board.overdue.rows} == {ids["c_town_b"]}


def test_cases_referred_to_the_organisation_or_assigned_to_the_mediator_are_seen(
        base: Database) -> None:
    ids = base_ids(base)
    assert _visible(base, CLERK_A, ids["c_pending_refer"])
    assert not _visible(base, CLERK_B, ids["c_pending_refer"])
    assert _visible(base, MEDIATOR_B, ids["c_start"])
    assert _visible(base, MEDIATOR_B, ids["c_town_b"])
    assert not _visible(base, MEDIATOR_B, ids["c_assign"])
    assert not _visible(base, MEDIATOR_B, ids["c_town_a"])


def test_parties_are_seen_through_their_cases(base: Database) -> None:
    ids = base_ids(base)
    assert registry.get_party(base, CLERK_B, ids["p_shared"]).cases == [
        registry.PartyCase(ids["c_town_b"], _number(base, ids["c_town_b"]), "applicant",
                           "neighbour", "received")]
    _not_found(lambda: registry.get_party(base, CLERK_B, ids["p_keep"]))
    assert registry.search_parties(base, CLERK_B, "王五") == []
    assert [r.name for r in registry.search_parties(base, SYSTEM, "王五")] == ["王五", "王五"]
    names = {p.name for p in party_queries.party_page(base, CLERK_B, 0, 100)}
    assert names == {"张三丰", "张小明", "李四"}
    assert party_queries.count_parties(base, CLERK_B) == 3


def test_registering_for_another_towns_organisation_is_refused(base: Database) -> None:
    before = _audit_count(base)
    with pytest.raises(PermissionDenied, match="受理登记"):
        intake.register_case(base, CLERK_B, intake_input(organisation="DC-TW"))
    assert _audit_count(base) == before
    assert intake.register_case(base, CLERK_B, intake_input(organisation="XZ-TW")).number


def test_a_village_official_sees_the_meetings_of_their_village_only(base: Database) -> None:
    ids = base_ids(base)
    villages = meeting_queries.meeting_villages(base, VILLAGE_OFFICIAL)
    assert [v.code for v in villages] == [VILLAGE_A]
    assert {r.village_code for r in meeting_queries.meetings(base, VILLAGE_OFFICIAL)} == {
        VILLAGE_A}
    assert meeting_queries.meetings(base, CLERK_B) == []
    _not_found(lambda: proceedings.meeting_detail(base, CLERK_B, ids["meeting"]))
    _not_found(lambda: meeting_queries.item_view(base, CLERK_B, ids["i_discuss"]))
    assert _visible(base, VILLAGE_OFFICIAL, ids["c_village_a"])
    assert not _visible(base, VILLAGE_OFFICIAL, ids["c_town_a"])


def test_the_command_line_applies_the_same_scope(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    url = sqlite_templates().copy(MIGRATED, tmp_path / "cases.db")
    db = Database(url)
    try:
        seed_organisations(db)
        county = intake.register_case(db, SYSTEM, intake_input()).number
        town = intake.register_case(db, SYSTEM, intake_input(organisation="DC-TW")).number
        set_password(db, SYSTEM, "admin", "Passw0rd2026")
    finally:
        db.dispose()

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--db", url, *argv])
        out, err = capsys.readouterr()
        return code, out, err

    monkeypatch.setenv("TIAOJIE_PASSWORD", "Passw0rd2026")
    code, _out, err = run("--user", "admin", "user", "add", "townclerk", "--role", "clerk",
                          "--organisation", "DC-TW")
    assert code == 0, err
    code, out, err = run("--user", "admin", "user", "add", "boss", "--role", "admin",
                         "--case-role", "director")
    assert code == 0 and "系统管理员、中心主任" in out, err
    monkeypatch.delenv("TIAOJIE_PASSWORD")
    code, out, err = run("--user", "townclerk", "case", "list", "--json")
    assert code == 0, err
    assert [r["number"] for r in json.loads(out)] == [town]
    code, _out, err = run("--user", "townclerk", "case", "show", county)
    assert code == 2 and county in err and "没有案号" in err
    code, out, _err = run("--user", "townclerk", "search", "张三丰", "--json")
    assert [r["number"] for r in json.loads(out)] == [town]
