"""Files the user names are written whole or not at all, in the format their name says.

An export, a report or a ledger's error copy goes to a temporary file beside
the target and replaces it only when complete: Cancel, an error or Ctrl-C
leaves the file that was there before untouched and nothing beside it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.domain.errors import ValidationError
from app.domain.ledger_rows import RowProblem
from app.reports.exports import ExportColumn, export_format, write_table
from app.reports.files import replacing
from app.reports.ledger_errors import write_error_copy
from tests.services.import_fixtures import csv_ledger, messy_ledger

Row = tuple[str, int]
COLUMNS: list[ExportColumn[Row]] = [ExportColumn("姓名", 10, "text", lambda row: row[0]),
           ExportColumn("金额", 10, "amount", lambda row: row[1])]
PAGES: list[list[Row]] = [[("张三", 100), ("李四", 250)], [("王五", 3)]]
OLD = b"the clerk's previous export"


def _previous(path: Path) -> Path:
    path.write_bytes(OLD)
    return path


def _only(folder: Path, *names: str) -> None:
    """Nothing else in ``folder``: no temporary file left behind."""
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)


def _stopped_pages(stop: BaseException) -> Iterator[Sequence[Row]]:
    yield PAGES[0]
    raise stop


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_ctrl_c_failure_and_cancel_leave_the_previous_file(tmp_path: Path, fmt: str) -> None:
    target = _previous(tmp_path / f"list.{fmt}")
    with pytest.raises(KeyboardInterrupt):
        write_table(target, fmt, "清单", COLUMNS, _stopped_pages(KeyboardInterrupt()))
    assert target.read_bytes() == OLD
    with pytest.raises(RuntimeError):
        write_table(target, fmt, "清单", COLUMNS, _stopped_pages(RuntimeError("connection lost")))
    assert target.read_bytes() == OLD
    assert write_table(target, fmt, "清单", COLUMNS, PAGES,
                       progress=lambda done, total: False) == 2
    assert target.read_bytes() == OLD
    _only(tmp_path, target.name)


def test_a_complete_export_replaces_the_file_keeping_its_permissions(tmp_path: Path) -> None:
    target = _previous(tmp_path / "list.xlsx")
    target.chmod(0o640)
    assert write_table(target, "xlsx", "清单", COLUMNS, PAGES, total=3) == 3
    rows = list(load_workbook(target).active.iter_rows(min_row=3, values_only=True))
    assert rows == [("张三", 100), ("李四", 250), ("王五", 3)]
    assert target.stat().st_mode & 0o777 == 0o640
    fresh = tmp_path / "new.csv"
    write_table(fresh, "csv", "清单", COLUMNS, PAGES)
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask
    _only(tmp_path, target.name, fresh.name)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_missing_folder_and_folder_as_file_are_one_line(tmp_path: Path, fmt: str) -> None:
    with pytest.raises(ValidationError, match=r"^文件夹不存在：.*nodir$"):
        write_table(tmp_path / "nodir" / f"x.{fmt}", fmt, "清单", COLUMNS, PAGES)
    with pytest.raises(ValidationError, match="是一个文件夹"):
        write_table(tmp_path, fmt, "清单", COLUMNS, PAGES)
    _only(tmp_path)


def test_a_file_the_system_will_not_replace_is_one_line_and_leaves_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = _previous(tmp_path / "list.csv")

    def locked(source: object, destination: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with (pytest.raises(ValidationError, match=r"^无法写入文件 .*list\.csv：Permission denied$"),
          replacing(target) as pending):
        pending.path.write_text("new")
    assert target.read_bytes() == OLD
    _only(tmp_path, target.name)


@pytest.mark.parametrize(("name", "fmt", "expected"), [
    ("list.csv", None, "csv"), ("list.CSV", None, "csv"), ("清单.xlsx", None, "xlsx"),
    ("list.Xlsx", None, "xlsx"), ("list.csv", "csv", "csv"), ("list.txt", "csv", "csv"),
    ("list", "xlsx", "xlsx"),
])
def test_the_format_follows_the_name(tmp_path: Path, name: str, fmt: str | None,
                                     expected: str) -> None:
    assert export_format(tmp_path / name, fmt) == expected


@pytest.mark.parametrize(("name", "fmt", "message"), [
    ("list.txt", None, "应以 .xlsx / .csv 结尾"), ("list", None, "应以 .xlsx / .csv 结尾"),
    ("list.xlsx", "csv", "是 .xlsx 文件，与导出格式 csv 不符"),
    ("list.CSV", "xlsx", "是 .csv 文件，与导出格式 xlsx 不符"),
])
def test_a_name_saying_another_format_is_refused(tmp_path: Path, name: str, fmt: str | None,
                                                 message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        export_format(tmp_path / name, fmt)
    with pytest.raises(ValidationError, match="与导出格式"):
        write_table(tmp_path / "x.xlsx", "csv", "清单", COLUMNS, PAGES)
    _only(tmp_path)


PROBLEMS = [RowProblem(7, "申请人身份证号码", "校验码错误")]


def test_error_copy_never_overwrites_the_ledger(tmp_path: Path) -> None:
    ledger = messy_ledger(tmp_path / "台账.xlsx")
    original = ledger.read_bytes()
    with pytest.raises(ValidationError, match="不能覆盖正在导入的台账"):
        write_error_copy(ledger, None, PROBLEMS, (3, 4), ledger)
    link = tmp_path / "link.xlsx"
    os.link(ledger, link)
    with pytest.raises(ValidationError, match="不能覆盖正在导入的台账"):
        write_error_copy(ledger, None, PROBLEMS, (3, 4), link)
    assert ledger.read_bytes() == original


def test_error_copy_suffix_must_say_its_format(tmp_path: Path) -> None:
    sheet = messy_ledger(tmp_path / "台账.xlsx")
    text = csv_ledger(tmp_path / "台账.csv", "gb18030")
    with pytest.raises(ValidationError, match=r"应以 \.xlsx 结尾"):
        write_error_copy(sheet, None, PROBLEMS, (3, 4), tmp_path / "错误.csv")
    with pytest.raises(ValidationError, match=r"应以 \.csv 结尾"):
        write_error_copy(text, None, PROBLEMS, (2,), tmp_path / "错误.xlsx")
    with pytest.raises(ValidationError, match="文件夹不存在"):
        write_error_copy(text, None, PROBLEMS, (2,), tmp_path / "nodir" / "错误.csv")
    _only(tmp_path, sheet.name, text.name)
    copy = _previous(tmp_path / "错误.CSV")
    assert write_error_copy(text, None, PROBLEMS, (2,), copy) == 1
    lines = copy.read_text(encoding="gb18030").splitlines()
    assert lines[1].endswith("导入错误") and lines[6].endswith("申请人身份证号码：校验码错误")
    _only(tmp_path, sheet.name, text.name, copy.name)
