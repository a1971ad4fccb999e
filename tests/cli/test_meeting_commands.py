"""``tiaojie meeting list`` on a real SQLite file: text, JSON, one village or a whole town."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from app.services.meetings import proceedings as m
from tests.cli.support import case_base, run
from tests.services.fixtures import acting, seed_organisations

VILLAGE, TOWN = "330225103201", "330225103000"


@pytest.fixture
def url(tmp_path: Path) -> str:
    with case_base(tmp_path) as (db, db_url):
        seed_organisations(db)
        for day in (1, 15):
            info = m.open_meeting(db, acting("clerk"), m.MeetingInput(
                VILLAGE, datetime(2026, 9, day, 19), venue="村民说事室", host="王书记"))
            item = m.raise_item(db, acting("clerk"), info.id, "张大伯", "public_works", "路灯损坏")
            if day == 1:
                m.record_discussion(db, acting("clerk"), item.id, "同意维修", decision="村委会维修")
    return db_url


def test_meeting_list_text_and_json(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--db", url, "meeting", "list", "--village", VILLAGE, "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert [(r["held_at"], r["village"], r["items"], r["open_items"]) for r in rows] == [
        ("2026-09-15T19:00", "溪口村", 1, 1), ("2026-09-01T19:00", "溪口村", 1, 1)]
    assert rows[0]["village_code"] == VILLAGE and rows[0]["host"] == "王书记"
    code, out, _err = run(capsys, "--db", url, "meeting", "list", "--village", TOWN, "--json")
    assert code == 0 and len(json.loads(out)) == 2
    code, out, _err = run(capsys, "--db", url, "meeting", "list")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    assert "溪口村" in lines[0] and "例行说事" in lines[0] and "未办结 1 件" in lines[0]


def test_meeting_list_refuses_an_unknown_village(url: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--db", url, "meeting", "list", "--village", "999")
    assert code == 2 and out == ""
    assert err.strip() == "village: 未知的行政区划代码“999”"
    code, _out, err = run(capsys, "--db", url, "meeting", "list", "--village", "330225")
    assert code == 2 and "请选择村（社区）或乡镇（街道）" in err
