"""``tiaojie case recommend/assign/accept/refer/return`` on a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.support import case_base, run
from tests.services.routing_fixtures import build_network, village_case

NUMBER = "（2026）溪口调字第0001号"


@pytest.fixture
def url(tmp_path: Path) -> str:
    with case_base(tmp_path) as (db, db_url):
        build_network(db)
        village_case(db)
    return db_url


def _show(capsys: pytest.CaptureFixture[str], url: str) -> dict[str, object]:
    code, out, _err = run(capsys, "--db", url, "case", "show", NUMBER, "--json")
    assert code == 0
    shown: dict[str, object] = json.loads(out)
    return shown


def test_recommend_assign_accept(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "--db", url, "case", "recommend", NUMBER, "--json")
    rec = json.loads(out)
    assert code == 0 and rec["organisations"][0]["name"] == "溪口村人民调解委员会"
    assert rec["mediators"][0]["name"] == "周调解" and rec["reasons"]
    assert "张三丰" in [m["name"] for m in rec["conflicted"]]
    code, out, _err = run(capsys, "--db", url, "case", "recommend", NUMBER)
    assert code == 0 and "推荐调解员" in out and "应回避" in out
    code, out, err = run(capsys, "--db", url, "--user", "villy", "case", "assign", NUMBER,
                         "--org", "DC-TW", "--mediator", "王调解", "--mediator", "陈调解",
                         "--lead", "陈调解", "--reason", "上提镇调委会")
    assert code == 0 and "待接收" in out, err
    code, _out, err = run(capsys, "--db", url, "--user", "villy", "case", "accept", NUMBER)
    assert code == 2 and "接收组织" in err
    code, out, _err = run(capsys, "--db", url, "--user", "towny", "case", "accept", NUMBER)
    assert code == 0
    shown = _show(capsys, url)
    assert shown["status"] == "assigned" and shown["mediators"] == ["陈调解", "王调解"]


def test_refer_up_and_return(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--db", url, "--user", "villy", "case", "refer", NUMBER,
                         "--to", "DC-TW", "--reason", "村级难以调处")
    assert code == 0 and "上报上级调解" in out, err
    code, _out, _err = run(capsys, "--db", url, "--user", "towny", "case", "return", NUMBER,
                           "--reason", "请村里先行调解")
    assert code == 0
    shown = _show(capsys, url)
    referrals = shown["referrals"]
    assert isinstance(referrals, list) and referrals[0]["status"] == "refused"
    assert shown["status"] == "received"


def test_refer_out_and_back(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--db", url, "case", "refer", NUMBER, "--external", "象山县公安局",
               "--kind", "police", "--reason", "涉嫌违法")[0] == 0
    assert run(capsys, "--db", url, "case", "accept", NUMBER)[0] == 0
    assert _show(capsys, url)["status"] == "referred_out"
    assert run(capsys, "--db", url, "case", "return", NUMBER, "--reason", "不构成治安案件")[0] == 0
    assert _show(capsys, url)["status"] == "received"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["case", "assign", NUMBER, "--org", "NOPE"], "--org:"),
        (["case", "assign", NUMBER, "--org", "DC-TW", "--mediator", "无名氏"], "--mediator:"),
        (["case", "assign", NUMBER, "--org", "DC-TW", "--type", "magic"], "mediation_type:"),
        (["case", "assign", NUMBER, "--org", "DC-TW", "--mediator", "张三丰"], "mediators:"),
        (["case", "refer", NUMBER, "--reason", "x"], "--to"),
        (["case", "refer", NUMBER, "--external", "法院", "--kind", "up", "--reason", "x"],
         "to:"),
        (["case", "accept", NUMBER], "case:"),
        (["case", "recommend", "（2026）无字第1号"], "没有案号"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(
        url: str, capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    code, out, err = run(capsys, "--db", url, *argv)
    assert code == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1
    shown = _show(capsys, url)
    assert shown["status"] == "received" and shown["referrals"] == []
