"""``tiaojie import``, ``imports`` and ``export`` through the real entry point, on a SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.cli.support import case_base, run
from tests.services.fixtures import seed_organisations
from tests.services.import_fixtures import BAD_CHEN, csv_ledger, messy_ledger


@pytest.fixture
def url(tmp_path: Path) -> str:
    with case_base(tmp_path) as (db, db_url):
        seed_organisations(db)
    return db_url


def test_import_dry_run_then_import_then_refuse_the_same_file(
        url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ledger = str(messy_ledger(tmp_path / "台账.xlsx"))
    code, out, err = run(capsys, "--db", url, "import", ledger, "--org", "DC-TW", "--dry-run")
    assert code == 0 and err == ""
    assert "6 件案件" in out and "（2023）墙人调字第4号" in out and "跳过第12行" in out
    code, out, _err = run(capsys, "--db", url, "case", "list", "--json")
    assert json.loads(out) == []
    code, out, err = run(capsys, "--db", url, "import", ledger, "--org", "DC-TW", "--json")
    assert code == 0 and json.loads(out)["cases"] == 6
    code, out, err = run(capsys, "--db", url, "import", ledger, "--org", "DC-TW")
    assert code == 2 and "已于" in err and "--yes" in err
    code, out, _err = run(capsys, "--db", url, "imports", "list", "--json")
    assert [b["cases"] for b in json.loads(out)] == [6]


def test_errors_exit_2_listed_by_row_and_column_with_nothing_written(
        url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ledger = str(messy_ledger(tmp_path / "台账.xlsx", chen_id=BAD_CHEN))
    copy = tmp_path / "errors.xlsx"
    code, out, err = run(capsys, "--db", url, "import", ledger, "--org", "DC-TW",
                         "--errors-copy", str(copy))
    assert code == 2
    assert err.splitlines()[0].startswith("第7行 申请人身份证号码：身份证号码校验码错误")
    code, out, _err = run(capsys, "--db", url, "case", "list", "--json")
    assert json.loads(out) == []
    sheet = load_workbook(copy).active
    header = [c.value for c in sheet[3]]
    assert header[-1] == "导入错误"
    assert "校验码" in str(sheet.cell(7, len(header)).value)
    assert sheet.cell(5, len(header)).value is None


def test_mapping_file_decides_unknown_values_and_is_saved_for_the_office(
        url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ledger = csv_ledger(tmp_path / "台账.csv", "gb18030")
    ledger.write_bytes(ledger.read_bytes().replace("合同纠纷".encode("gb18030"),
                                                   "货款".encode("gb18030")))
    code, _out, err = run(capsys, "--db", url, "import", str(ledger), "--org", "DC-TW")
    assert code == 2 and "货款" in err
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"values": {"category": {"货款": "contract"}}},
                                  ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "--db", url, "import", str(ledger), "--org", "DC-TW",
                         "--mapping", str(mapping))
    assert code == 0, err
    code, out, _err = run(capsys, "--db", url, "imports", "undo", "1")
    assert code == 0 and "6 件" in out
    code, out, err = run(capsys, "--db", url, "import", str(ledger), "--org", "DC-TW", "--yes")
    assert code == 0, err


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_a_mapping_saved_by_notepad_or_an_old_editor_is_read(
        url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str) -> None:
    """Windows Notepad saves UTF-8 with a byte-order mark; older editors save GB18030."""
    ledger = csv_ledger(tmp_path / "台账.csv", "gb18030")
    ledger.write_bytes(ledger.read_bytes().replace("合同纠纷".encode("gb18030"),
                                                   "货款".encode("gb18030")))
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"values": {"category": {"货款": "contract"}}},
                                  ensure_ascii=False), encoding=encoding)
    code, _out, err = run(capsys, "--db", url, "import", str(ledger), "--org", "DC-TW",
                         "--mapping", str(mapping), "--dry-run")
    assert code == 0, err
    mapping.write_text('{"values": {"category": "contract"}}', encoding=encoding)
    code, _out, err = run(capsys, "--db", url, "import", str(ledger), "--org", "DC-TW",
                          "--mapping", str(mapping), "--dry-run")
    assert code == 2 and "“category”应为" in err and "不存在" not in err
    mapping.write_text('{"values": ', encoding=encoding)
    code, _out, err = run(capsys, "--db", url, "import", str(ledger), "--org", "DC-TW",
                          "--mapping", str(mapping))
    assert code == 2 and "不是有效的 JSON：第1行" in err


def test_a_mapping_naming_a_column_the_ledger_lacks_is_refused(
        url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"columns": {"纠纷情况": "facts"}}, ensure_ascii=False),
                       encoding="utf-8")
    ledger = str(messy_ledger(tmp_path / "台账.xlsx"))
    code, _out, err = run(capsys, "--db", url, "import", ledger, "--org", "DC-TW",
                          "--mapping", str(mapping))
    assert code == 2 and "“纠纷情况”在台账的表头中找不到" in err and "纠纷简要情况" in err
    code, out, _err = run(capsys, "--db", url, "imports", "list", "--json")
    assert json.loads(out) == []


def test_bad_mapping_file_and_missing_ledger_exit_2(
        url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mapping = tmp_path / "map.json"
    mapping.write_text('{"columns": {"甲": "nonsense"}}', encoding="utf-8")
    ledger = str(messy_ledger(tmp_path / "台账.xlsx"))
    code, _out, err = run(capsys, "--db", url, "import", ledger, "--mapping", str(mapping))
    assert code == 2 and "nonsense" in err
    code, _out, err = run(capsys, "--db", url, "import", str(tmp_path / "无.xlsx"),
                          "--org", "DC-TW")
    assert code == 2 and "找不到文件" in err
    code, _out, err = run(capsys, "--db", url, "import", str(tmp_path), "--org", "DC-TW")
    assert code == 2 and "是一个文件夹" in err


def test_export_filtered_cases_and_parties(url: str, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    ledger = str(messy_ledger(tmp_path / "台账.xlsx"))
    assert run(capsys, "--db", url, "import", ledger, "--org", "DC-TW")[0] == 0
    out_file = tmp_path / "agreed.xlsx"
    code, out, err = run(capsys, "--db", url, "export", "cases", "--status", "agreed",
                         "--from", "2023-05-01", "--to", "2023-05-31", "--format", "xlsx",
                         "-o", str(out_file))
    assert code == 0, err
    assert "2 行" in out
    rows = list(load_workbook(out_file).active.iter_rows(min_row=3, values_only=True))
    assert sorted(r[0] for r in rows) == ["（2023）墙人调字第3号", "（2023）墙人调字第4号"]
    parties = tmp_path / "parties.csv"
    code, out, _err = run(capsys, "--db", url, "export", "parties", "--format", "csv",
                          "-o", str(parties))
    assert code == 0 and "张三丰" in parties.read_text(encoding="utf-8-sig")
    code, _out, err = run(capsys, "--db", url, "export", "cases", "--status", "nope",
                          "-o", str(out_file))
    assert code == 2 and "nope" in err
