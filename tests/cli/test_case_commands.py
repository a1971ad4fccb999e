"""``tiaojie case add/show/list`` and ``tiaojie search`` on a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.support import case_base, run
from tests.services.fixtures import intake_json, seed_organisations


@pytest.fixture
def url(tmp_path: Path) -> str:
    with case_base(tmp_path) as (db, db_url):
        seed_organisations(db)
    return db_url


def write(tmp_path: Path, data: Any) -> str:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_add_show_list_search(url: str, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "--db", url, "case", "add", write(tmp_path, intake_json()))
    assert code == 0 and "（2026）象调字第0001号" in out
    code, out, _err = run(capsys, "--db", url, "case", "show", "（2026）象调字第0001号", "--json")
    shown = json.loads(out)
    assert shown["status"] == "received" and shown["parties"][0]["name"] == "张三丰"
    code, out, _err = run(capsys, "--db", url, "case", "show", "（2026）象调字第0001号")
    assert code == 0 and "受理登记" in out and "张三丰" in out
    code, out, _err = run(capsys, "--db", url, "case", "list", "--status", "received", "--json")
    assert [c["number"] for c in json.loads(out)] == ["（2026）象调字第0001号"]
    for query in ("三丰", "zsf", "1949"):
        code, out, _err = run(capsys, "--db", url, "search", query, "--json")
        assert code == 0 and len(json.loads(out)) == 1, query
    code, out, _err = run(capsys, "--db", url, "search", "无此人", "--json")
    assert json.loads(out) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"parties": [{"role": "applicant", "kind": "person", "name": "甲",
                       "id_number": "110105194912310021"},
                      {"role": "respondent", "kind": "person", "name": "乙"}]},
         "parties[0].id_number: 身份证号码校验码错误：校验码应为 X"),
        ({"colour": "red"}, "colour: 未知字段"),
        ({"category": "quarrel"}, "category:"),
        ({"organisation": "NOPE"}, "organisation:"),
    ],
)
def test_bad_input_exits_2_naming_the_field_and_writes_nothing(
        url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        change: dict[str, Any], message: str) -> None:
    code, out, err = run(capsys, "--db", url, "case", "add",
                         write(tmp_path, intake_json(**change)))
    assert code == 2 and out == ""
    assert err.startswith(message) and len(err.strip().splitlines()) == 1
    code, out, _err = run(capsys, "--db", url, "case", "list", "--json")
    assert json.loads(out) == []


def test_credit_code_warning_needs_accept_flag(url: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    data = intake_json()
    data["parties"][1] = {"role": "respondent", "kind": "organisation", "name": "某物业公司",
                          "credit_code": "11320000MB151840XA"}
    path = write(tmp_path, data)
    code, _out, err = run(capsys, "--db", url, "case", "add", path)
    assert code == 2 and err.startswith("parties[1].credit_code:")
    code, _out, _err = run(capsys, "--db", url, "case", "add", path, "--accept-warnings")
    assert code == 0


def test_unreadable_and_invalid_files(url: str, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--db", url, "case", "add", str(tmp_path / "none.json"))[0] == 2
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    code, _out, err = run(capsys, "--db", url, "case", "add", str(bad))
    assert code == 2 and "JSON" in err


def test_unknown_case_and_bad_filters(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--db", url, "case", "show", "（2026）无字第1号")[0] == 2
    assert run(capsys, "--db", url, "case", "list", "--status", "closed")[0] == 2
    assert run(capsys, "--db", url, "case", "list", "--limit", "0")[0] == 2


def test_global_options_work_after_the_subcommand(url: str, capsys: pytest.CaptureFixture[str]
                                                  ) -> None:
    code, out, _err = run(capsys, "case", "list", "--db", url, "--json", "--lang", "en")
    assert code == 0 and json.loads(out) == []
    code, _out, err = run(capsys, "case", "list", "--db", url, "--user", "nobody")
    assert code == 2 and "nobody" in err
    code, _out, err = run(capsys, "search", "张", "--db", url, "--user", "nobody")
    assert code == 2 and "nobody" in err
