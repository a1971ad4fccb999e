"""``tiaojie report KIND`` and the prevention options of ``case close`` / ``case prevented``.

The report files are checked for what a clerk relies on: the XLSX opened
with openpyxl has the two-row header merged as designed, real numbers, and
totals equal to the JSON; the PDF's text holds every category and the
totals.  Bad input exits 2 with one line and writes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.domain.codes import CATEGORIES
from app.services.security.users import ensure_admin
from tests.cli.support import case_base, run
from tests.reports.hand_base import TOWN_A, build
from tests.services.fixtures import add_accounts, seed_organisations
from tests.services.mediation_fixtures import case_in

OCTOBER = ("--from", "2026-10-01", "--to", "2026-10-31")


@pytest.fixture
def url(tmp_path: Path) -> str:
    with case_base(tmp_path) as (db, db_url):
        add_accounts(db)
        build(db)
        ensure_admin(db)
    return db_url


def _json(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> dict[str, object]:
    code, out, err = run(capsys, "--db", url, "report", *args, "--format", "json")
    assert (code, err) == (0, ""), err
    return json.loads(out)  # type: ignore[no-any-return]


def _total(report: dict[str, object]) -> dict[str, object]:
    rows = report["rows"]
    assert isinstance(rows, list)
    return rows[0]["cells"]  # type: ignore[no-any-return]


def test_json_prints_every_cell(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    report = _json(capsys, url, "mediation", *OCTOBER)
    assert report["scope"] == "象山县" and report["period"]["label"] == "2026年10月"  # type: ignore[index]
    assert _total(report)["received"] == 6 and _total(report)["amount"] == "3500.00"
    town = _json(capsys, url, "mediation", *OCTOBER, "--region", TOWN_A)
    assert town["scope"] == "墙头镇" and _total(town)["received"] == 4
    org = _json(capsys, url, "by-organisation", *OCTOBER, "--org", "V-A1")
    rows = org["rows"]
    assert isinstance(rows, list)
    assert [r["key"] for r in rows] == ["total", "level:village", "org:V-A1"]
    empty = _json(capsys, url, "meetings", "--from", "2024-01-01", "--to", "2024-01-31")
    assert empty["empty"] is True


def test_xlsx_is_merged_numeric_and_agrees_with_json(
        url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    code, printed, err = run(capsys, "--db", url, "report", "mediation", *OCTOBER,
                             "--format", "xlsx", "-o", str(out))
    assert (code, err) == (0, "") and "人民调解案件统计表" in printed
    report = _json(capsys, url, "mediation", *OCTOBER)
    sheet = load_workbook(out).active
    assert sheet is not None
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert "A5:A6" in merged  # 项目 over both header rows
    assert "B5:E5" in merged  # 受理 over 合计, 主动调解, 依申请, 接受委托移送
    assert sheet["B5"].value == "受理" and sheet["C6"].value == "主动调解"
    assert sheet["A7"].value == "合计"
    columns = report["columns"]
    assert isinstance(columns, list)
    for index, column in enumerate(columns, start=2):
        cell = sheet.cell(row=7, column=index)
        want = _total(report)[column["key"]]
        if want is None:
            assert cell.value is None
            continue
        assert isinstance(cell.value, (int, float)), column["key"]
        assert abs(float(cell.value) - float(str(want))) < 1e-9, column["key"]
    assert sheet.freeze_panes == "B7"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$5:$6"
    assert sheet.print_area


def test_pdf_holds_every_category_and_the_totals(
        url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    code, _printed, err = run(capsys, "--db", url, "report", "mediation", *OCTOBER,
                              "--format", "pdf", "-o", str(out))
    assert (code, err) == (0, "")
    reader = PdfReader(out)
    text = "".join(page.extract_text() for page in reader.pages).replace(" ", "")
    for name in CATEGORIES.values():
        assert name in text, name
    for figure in ("人民调解案件统计表", "象山县", "2026年10月", "填报人", "审核人", "3,500.00",
                   "66.7%", "第1页共"):
        assert figure in text, figure
    csv_out = tmp_path / "report.csv"
    assert run(capsys, "--db", url, "report", "multi-source", *OCTOBER, "--format", "csv",
               "-o", str(csv_out))[0] == 0
    assert "诉调对接" in csv_out.read_text(encoding="utf-8-sig")


def test_the_format_follows_the_file_name(url: str, capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    """-o 报表.pdf without --format is a PDF; a name saying another format is refused."""
    out = tmp_path / "报表.pdf"
    code, _printed, err = run(capsys, "--db", url, "report", "mediation", *OCTOBER,
                              "-o", str(out))
    assert (code, err) == (0, "") and out.read_bytes()[:5] == b"%PDF-"
    for argv in (("--format", "json", "-o", str(tmp_path / "r.pdf")),
                 ("-o", str(tmp_path / "r.txt"))):
        code, printed, err = run(capsys, "--db", url, "report", "mediation", *OCTOBER, *argv)
        assert code == 2 and printed == "" and len(err.splitlines()) == 1, err
    assert not (tmp_path / "r.pdf").exists() and not (tmp_path / "r.txt").exists()


@pytest.mark.parametrize("args", [
    ("bogus", *OCTOBER),
    ("mediation", "--from", "2026-13-01", "--to", "2026-10-31"),
    ("mediation", "--from", "2026-10-31", "--to", "2026-10-01"),
    ("mediation", *OCTOBER, "--org", "NOPE"),
    ("mediation", *OCTOBER, "--region", "999"),
    ("mediation", *OCTOBER, "--org", "V-A1", "--region", TOWN_A),
    ("mediation", *OCTOBER, "--format", "pdf"),
])
def test_bad_input_is_one_line_and_exit_2(url: str, capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path, args: tuple[str, ...]) -> None:
    code, out, err = run(capsys, "--db", url, "report", *args)
    assert code == 2 and out == "", err
    if args[0] != "bogus":  # argparse prints its usage above the one line
        assert len(err.strip().splitlines()) == 1, err
    assert list(tmp_path.glob("*.pdf")) == []


def test_a_town_clerk_gets_only_the_town(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--db", url, "--user", "clerk_town_a", "report", "mediation",
                         *OCTOBER)
    assert code == 0, err
    report = json.loads(out)
    assert report["scope"] == "墙头镇" and _total(report)["received"] == 4
    code, _out, err = run(capsys, "--db", url, "--user", "clerk_town_a", "report",
                          "mediation", *OCTOBER, "--org", "XZ-TW")
    assert code == 2 and "XZ-TW" in err


def test_case_close_and_prevented_record_outcomes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with case_base(tmp_path, "close.db") as (db, db_url):
        seed_organisations(db)
        ensure_admin(db)
        case_in(db, "in_mediation")
        case_in(db, "agreed", agreement=True)
    first, second = "（2026）象调字第0001号", "（2026）象调字第0002号"
    code, _out, err = run(capsys, "--db", db_url, "case", "close", first, "--outcome",
                          "withdrawn", "--reason", "已和解", "--on", "2026-11-28",
                          "--prevented", "criminal:0")
    assert code == 2 and "至少为 1" in err and len(err.strip().splitlines()) == 1
    code, out, err = run(capsys, "--db", db_url, "case", "close", first, "--outcome",
                         "withdrawn", "--reason", "已和解", "--on", "2026-11-28",
                         "--prevented", "criminal:2", "--prevented", "suicide:1")
    assert (code, err) == (0, "") and "已撤回" in out
    code, out, err = run(capsys, "--db", db_url, "case", "prevented", second, "--prevented",
                         "group_petition:40")
    assert (code, err) == (0, "") and "防止群体性上访 40 人" in out
    code, _out, err = run(capsys, "--db", db_url, "case", "prevented", second)
    assert code == 2 and "--none" in err
    report = _json(capsys, db_url, "mediation", "--from", "2026-11-01", "--to", "2026-11-30")
    total = _total(report)
    assert (total["prevent_criminal"], total["prevent_criminal_people"]) == (1, 2)
    assert (total["prevent_suicide"], total["prevent_suicide_people"]) == (1, 1)
