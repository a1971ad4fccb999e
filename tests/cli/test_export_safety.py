"""``tiaojie export`` and ``import --errors-copy`` as clerks type them, mistakes and Ctrl-C too.

Every mistake is one line and exit 2 with nothing written; Ctrl-C is one
line and exit 130, and the file that was at ``-o`` before is left as it was.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

import app.cli.cases
import app.reports.exports
from app.cli.common import INTERRUPTED
from app.services.imports.exports import case_export_pages
from tests.cli.support import case_base, run
from tests.services.fixtures import seed_organisations
from tests.services.import_fixtures import BAD_CHEN, csv_ledger, messy_ledger

OLD = b"last week's list"


@pytest.fixture
def url(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """A base holding the messy ledger's six cases."""
    with case_base(tmp_path) as (db, db_url):
        seed_organisations(db)
    ledger = str(messy_ledger(tmp_path / "台账.xlsx"))
    assert run(capsys, "--db", db_url, "import", ledger, "--org", "DC-TW")[0] == 0
    return db_url


def _refused(capsys: pytest.CaptureFixture[str], url: str, *argv: str) -> str:
    code, out, err = run(capsys, "--db", url, *argv)
    assert (code, out, len(err.splitlines())) == (2, "", 1), err
    return err


@pytest.mark.parametrize("what", ["cases", "parties"])
def test_missing_folder_or_a_folder_is_one_line(url: str, tmp_path: Path, what: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    before = sorted(tmp_path.iterdir())
    for argv in (["-o", str(tmp_path / "nodir" / "x.xlsx")],
                 ["--format", "csv", "-o", str(tmp_path / "nodir" / "x.csv")]):
        assert "文件夹不存在" in _refused(capsys, url, "export", what, *argv)
    for argv in (["-o", str(tmp_path)], ["--format", "xlsx", "-o", str(tmp_path)]):
        assert "是一个文件夹" in _refused(capsys, url, "export", what, *argv)
    assert sorted(tmp_path.iterdir()) == before


def test_format_follows_the_file_name(url: str, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    text, book = tmp_path / "清单.csv", tmp_path / "清单.XLSX"
    for target in (text, book):
        code, out, err = run(capsys, "--db", url, "export", "cases", "-o", str(target))
        assert code == 0 and "6 行" in out, err
    assert text.read_bytes().startswith("\ufeff案号,".encode())
    assert book.read_bytes().startswith(b"PK")
    assert "与导出格式 csv 不符" in _refused(capsys, url, "export", "cases", "--format", "csv",
                                           "-o", str(tmp_path / "x.xlsx"))
    for name in ("x.txt", "x"):
        assert ".xlsx / .csv" in _refused(capsys, url, "export", "parties",
                                           "-o", str(tmp_path / name))
    code, _out, err = run(capsys, "--db", url, "export", "parties", "--format", "csv",
                          "-o", str(tmp_path / "名册.txt"))
    assert code == 0 and "张三丰" in (tmp_path / "名册.txt").read_text(encoding="utf-8-sig")


def test_party_export_refuses_case_filters(url: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "名册.xlsx"
    for argv in (["--status", "agreed"], ["--category", "contract"], ["--source", "walk_in"],
                 ["--risk", "red"], ["--org", "DC-TW"], ["--from", "2023-05-01"],
                 ["--to", "2023-05-31"], ["--search", "张"], ["--overdue"], ["--attention"]):
        err = _refused(capsys, url, "export", "parties", *argv, "-o", str(target))
        assert err.startswith(argv[0] + " ") and "当事人名册" in err
    assert "--format archive" in _refused(capsys, url, "export", "cases", "--json",
                                          "-o", str(target))
    assert not target.exists()


def test_ctrl_c_during_an_export_keeps_the_previous_file(
        url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: Any, **kwargs: Any) -> Iterator[Sequence[Any]]:
        yield from case_export_pages(*args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(app.reports.exports, "case_export_pages", interrupted)
    target = tmp_path / "清单.xlsx"
    target.write_bytes(OLD)
    before = sorted(tmp_path.iterdir())
    assert run(capsys, "--db", url, "export", "cases", "-o", str(target)) == (
        INTERRUPTED, "", "已中断\n")
    assert target.read_bytes() == OLD
    assert sorted(tmp_path.iterdir()) == before


def test_ctrl_c_in_any_command_is_one_line(url: str, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    def stopped(args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(app.cli.cases, "cmd_case_list", stopped)
    assert run(capsys, "--db", url, "case", "list") == (INTERRUPTED, "", "已中断\n")


def test_errors_copy_mistakes_are_one_line_and_the_ledger_is_kept(
        url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = messy_ledger(tmp_path / "错台账.xlsx", chen_id=BAD_CHEN)
    text = csv_ledger(tmp_path / "错台账.csv", "utf-8-sig", chen_id=BAD_CHEN)
    original = sheet.read_bytes()
    for ledger, copy, message in (
            (sheet, tmp_path / "nodir" / "e.xlsx", "文件夹不存在"),
            (sheet, sheet, "不能覆盖正在导入的台账"),
            (text, tmp_path / "e.xlsx", "应以 .csv 结尾"),
            (sheet, tmp_path / "e.csv", "应以 .xlsx 结尾")):
        for dry_run in ([], ["--dry-run"]):
            code, _out, err = run(capsys, "--db", url, "import", str(ledger), "--org", "DC-TW",
                                  "--errors-copy", str(copy), *dry_run)
            assert code == 2 and message in err.splitlines()[-1], err
            assert "Traceback" not in err
    assert sheet.read_bytes() == original
    assert not (tmp_path / "e.xlsx").exists() and not (tmp_path / "e.csv").exists()
    copy = tmp_path / "错误.csv"
    code, _out, err = run(capsys, "--db", url, "import", str(text), "--org", "DC-TW",
                          "--errors-copy", str(copy))
    assert code == 2 and "已把错误写入副本" in err
    assert "校验码" in copy.read_text(encoding="utf-8-sig")


def test_a_period_that_ends_before_it_starts_is_refused(url: str, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    err = _refused(capsys, url, "export", "cases", "--from", "2023-06-01", "--to", "2023-05-01",
                   "-o", str(tmp_path / "清单.xlsx"))
    assert "不能早于" in err and not (tmp_path / "清单.xlsx").exists()
