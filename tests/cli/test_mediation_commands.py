"""``tiaojie case session|close|extend|archive|reopen`` and ``tiaojie overdue`` on SQLite."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.services.security.users import ensure_admin
from app.store.database import Database
from tests.cli.support import case_base, run
from tests.services.fixtures import seed_organisations
from tests.services.mediation_fixtures import case_in, status_of


@pytest.fixture
def url(tmp_path: Path) -> str:
    with case_base(tmp_path) as (db, db_url):
        seed_organisations(db)
        ensure_admin(db)
        case_in(db, "assigned")
        case_in(db, "in_mediation")
    return db_url


FIRST, SECOND = "（2026）象调字第0001号", "（2026）象调字第0002号"


def _status(url: str, case_id: int) -> str:
    db = Database(url)
    try:
        return status_of(db, case_id)
    finally:
        db.dispose()


def test_session_close_archive_reopen(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--db", url, "case", "session", FIRST, "--record",
                         "双方陈述意见，分歧较大", "--at", "2026-11-26T09:30", "--place", "调解室",
                         "--rights-read")
    assert (code, err) == (0, "") and "第 1 次调解" in out
    assert _status(url, 1) == "in_mediation"
    code, out, _err = run(capsys, "--db", url, "case", "close", FIRST, "--outcome",
                          "not_agreed", "--reason", "赔偿数额分歧过大", "--guidance", "litigation",
                          "--on", "2026-11-28")
    assert code == 0 and "调解不成" in out
    code, out, _err = run(capsys, "--db", url, "case", "archive", FIRST, "--location",
                          "档案室A柜", "--quality", "good", "--on", "2026-12-01")
    assert code == 0 and "（2026）象人调字第1号" in out
    code, out, _err = run(capsys, "--db", url, "case", "show", FIRST, "--json")
    shown = json.loads(out)
    assert shown["status"] == "archived"
    assert shown["closing"]["guidance"] == "litigation"
    assert shown["closing"]["archive_number"] == "（2026）象人调字第1号"
    assert shown["sessions"][0]["place"] == "调解室"
    code, _out, err = run(capsys, "--db", url, "case", "session", FIRST, "--record", "补记")
    assert code == 2 and "已归档" in err and len(err.splitlines()) == 1
    code, out, _err = run(capsys, "--db", url, "case", "reopen", FIRST, "--reason", "补充材料")
    assert code == 0 and "调解不成" in out


@pytest.mark.parametrize("argv", [
    ("case", "close", FIRST, "--outcome", "not_agreed", "--reason", "分歧"),
    ("case", "close", FIRST, "--outcome", "agreed"),
    ("case", "close", SECOND, "--outcome", "not_agreed", "--reason", "分歧",
     "--guidance", "court"),
    ("case", "close", "（2026）象调字第9999号", "--outcome", "withdrawn"),
    ("case", "session", SECOND, "--record", "x", "--at", "yesterday"),
    ("case", "session", SECOND, "--record", " "),
    ("case", "extend", SECOND, "--to", "2026-12-01", "--reason", "同意", "--approver", "李"),
    ("case", "extend", SECOND, "--to", "soon", "--reason", "同意", "--approver", "李"),
    ("case", "archive", SECOND),
    ("case", "archive", FIRST, "--quality", "perfect"),
    ("case", "reopen", SECOND, "--reason", "x"),
    ("overdue", "--today", "tomorrow"),
])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(
        url: str, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]) -> None:
    code, out, err = run(capsys, "--db", url, *argv)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1, err
    assert (_status(url, 1), _status(url, 2)) == ("assigned", "in_mediation")


def test_extend_and_overdue(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "--db", url, "overdue", "--today", "2026-12-28", "--json")
    listed = json.loads(out)
    assert code == 0 and [r["number"] for r in listed] == [FIRST, SECOND]
    assert listed[0]["days_overdue"] == 5 and listed[0]["deadline"] == "2026-12-23"
    code, out, _err = run(capsys, "--db", url, "case", "extend", SECOND, "--to", "2027-01-22",
                          "--reason", "双方同意延长", "--approver", "李主任")
    assert code == 0 and "2027" in out
    code, out, _err = run(capsys, "--db", url, "case", "show", SECOND, "--json")
    [extension] = json.loads(out)["extensions"]
    assert extension["new_deadline"] == "2027-01-22" and extension["approved_by"] == "李主任"
    code, out, _err = run(capsys, "--db", url, "overdue", "--today", "2026-12-28")
    assert FIRST in out and SECOND not in out and "共 1 件超期" in out
