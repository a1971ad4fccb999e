"""Ledger files as clerks really have them: broken quoting, misnamed spreadsheets, web pages,
folders, sheets without cases; and what an import says and undoes about them.

Every refusal is one line naming the row and column (or the file) in the user's
language, and writes nothing; found by a QA pass with real-looking files.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.domain.errors import ValidationError
from app.services.imports.batches import import_batches, undo_batch
from app.services.imports.run import import_ledger, preview_ledger
from app.services.imports.types import ImportRejected
from app.store.database import Database
from app.store.models import Case, ImportBatch, Party
from tests.services.fixtures import ADMIN, acting, seed_organisations
from tests.services.import_fixtures import (
    BAD_CHEN,
    ZHANG,
    count_rows,
    csv_ledger,
    ledger_request,
    messy_ledger,
)

CLERK = acting("clerk")


@pytest.fixture
def base(db: Database) -> Database:
    seed_organisations(db)
    return db


def _nothing_written(db: Database) -> None:
    assert (count_rows(db, Case), count_rows(db, Party), count_rows(db, ImportBatch)) == (0, 0, 0)


def test_a_stray_quote_in_a_csv_stops_at_its_cell(base: Database, tmp_path: Path) -> None:
    """An opening quote never closed would swallow the rows below it into one case's facts."""
    path = csv_ledger(tmp_path / "台账.csv", "utf-8-sig")
    text = path.read_text(encoding="utf-8-sig")
    path.write_text(text.replace("建材货款拖欠。", '"建材货款拖欠。', 1), encoding="utf-8-sig")
    for attempt in (preview_ledger, import_ledger):
        with pytest.raises(ValidationError, match=r"第5行第11列.*引号"):
            attempt(base, CLERK, ledger_request(path))
    _nothing_written(base)


def test_a_cell_past_the_csv_limit_is_one_line(base: Database, tmp_path: Path) -> None:
    path = csv_ledger(tmp_path / "台账.csv", "gb18030")
    text = path.read_text(encoding="gb18030")
    path.write_text(text.replace("排水沟堵塞。", "排" * 200_000, 1), encoding="gb18030")
    with pytest.raises(ValidationError, match="第8行：有一格超过 131,072 个字符"):
        import_ledger(base, CLERK, ledger_request(path))
    _nothing_written(base)


def test_a_multi_line_cell_is_not_taken_for_a_stray_quote(base: Database,
                                                          tmp_path: Path) -> None:
    path = csv_ledger(tmp_path / "台账.csv", "utf-8-sig")
    text = path.read_text(encoding="utf-8-sig")
    path.write_text(text.replace("建材货款拖欠。", '"建材货款拖欠。\n另：双方同意, 再议。"', 1),
                    encoding="utf-8-sig")
    result = import_ledger(base, CLERK, ledger_request(path))
    assert result.counts.cases == 6
    with base.session() as s:
        facts = s.scalar(select(Case.facts).where(Case.facts.like("建材%")))
    assert facts is not None and facts.endswith("另：双方同意, 再议。")


def test_an_xlsx_named_xls_is_read_by_its_content(base: Database, tmp_path: Path) -> None:
    """WPS and web systems hand out .xlsx files named .xls."""
    result = import_ledger(base, CLERK, ledger_request(messy_ledger(tmp_path / "台账.xls")))
    assert result.counts.cases == 6


def test_a_web_page_named_xls_says_what_it_is(base: Database, tmp_path: Path) -> None:
    path = tmp_path / "导出.xls"
    path.write_text("<html><body><table><tr><td>案号</td></tr></table></body></html>",
                    encoding="utf-8")
    with pytest.raises(ValidationError, match=r"网页（HTML）.*另存为 \.xlsx"):
        preview_ledger(base, CLERK, ledger_request(path))


def test_a_damaged_spreadsheet_is_one_line_in_the_users_language(base: Database,
                                                                  tmp_path: Path) -> None:
    path = tmp_path / "台账.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(ValidationError) as refused:
        preview_ledger(base, CLERK, ledger_request(path))
    assert "已损坏" in str(refused.value) and "Zip" not in str(refused.value)


def test_a_folder_is_refused_as_a_folder(base: Database, tmp_path: Path) -> None:
    folder = tmp_path / "台账.xlsx"
    folder.mkdir()
    with pytest.raises(ValidationError, match="这是一个文件夹"):
        preview_ledger(base, CLERK, ledger_request(folder))


def test_a_ledger_without_case_rows_is_refused(base: Database, tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "空台账.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet().write_row(0, 0, ["登记日期", "申请人", "被申请人", "纠纷类别", "调解结果"])
    book.close()
    with pytest.raises(ValidationError, match="没有可导入的案件"):
        import_ledger(base, CLERK, ledger_request(path))
    _nothing_written(base)


def test_problems_are_listed_in_row_order(base: Database, tmp_path: Path) -> None:
    """Row 5's registry conflict is found when its chunk is placed, after row 7's own check."""
    from app.services.cases.intake import register_case
    from tests.services.fixtures import intake

    register_case(base, CLERK, intake(parties=[
        {"role": "applicant", "kind": "person", "name": "张山", "id_number": ZHANG},
        {"role": "respondent", "kind": "person", "name": "某人"}]))
    with pytest.raises(ImportRejected) as rejected:
        import_ledger(base, CLERK, ledger_request(messy_ledger(tmp_path / "台账.xlsx", BAD_CHEN)))
    rows = [p.row for p in rejected.value.problems]
    assert rows == sorted(rows) and rows[0] == 5 and 7 in rows


def test_undoing_every_batch_leaves_no_party_behind(base: Database, tmp_path: Path) -> None:
    """张三丰 comes in with the first batch and again in the second: undoing the first keeps
    him for the second's case; undoing the second then takes him out too."""
    first = import_ledger(base, CLERK, ledger_request(messy_ledger(tmp_path / "一.xlsx"))).batch_id
    path = csv_ledger(tmp_path / "二.csv", "utf-8-sig")
    text = path.read_text(encoding="utf-8-sig").replace("（2023）墙人调字第3号", "")
    path.write_text(text.replace("XS-2023-015", ""), encoding="utf-8-sig")
    second = import_ledger(base, CLERK, ledger_request(path)).batch_id
    undo_batch(base, ADMIN, first)
    assert count_rows(base, Party) > 0
    undo_batch(base, ADMIN, second)
    assert (count_rows(base, Case), count_rows(base, Party)) == (0, 0)
    assert all(b.undone_at is not None for b in import_batches(base, CLERK))


def test_a_refused_undo_names_what_was_refused(base: Database, tmp_path: Path) -> None:
    from app.services.errors import PermissionDenied

    ledger = messy_ledger(tmp_path / "台账.xlsx")
    batch = import_ledger(base, CLERK, ledger_request(ledger)).batch_id
    with pytest.raises(PermissionDenied, match="撤销一批导入的台账"):
        undo_batch(base, CLERK, batch)
