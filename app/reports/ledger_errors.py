"""The ledger handed back with its problems: a copy of the sheet with an error column added.

Whoever keeps the ledger fixes it in their own spreadsheet, not in the
program, so the problems the preview found go back into a copy of the file:
every row as it was, and one more column saying what is wrong in that row
(all its problems, by column).  A CSV ledger gets a CSV copy in the same
encoding; any spreadsheet gets an XLSX copy of the imported sheet.  The
copy's name must say that format, it is written whole or not at all, and it
is never written over the ledger it copies.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app.domain.errors import ValidationError
from app.domain.ledger_rows import RowProblem
from app.domain.ledger_values import Cell
from app.domain.text import _
from app.reports.files import replacing, writable_target
from app.services.imports.sheets import LedgerSheet, open_sheet


def error_column(problems: Iterable[RowProblem]) -> dict[int, str]:
    """Sheet row → the text of its error cell (its problems, column by column)."""
    by_row: dict[int, list[str]] = {}
    for problem in problems:
        text = f"{problem.column}：{problem.message}" if problem.column else problem.message
        by_row.setdefault(problem.row, []).append(text)
    return {row: "；".join(texts) for row, texts in by_row.items()}


def copy_suffix(sheet: LedgerSheet) -> str:
    """The suffix the copy gets: ``.csv`` for a CSV ledger, ``.xlsx`` for any spreadsheet."""
    return ".csv" if sheet.is_csv else ".xlsx"


def check_copy_target(ledger: str | Path, sheet: LedgerSheet, target: str | Path) -> Path:
    """``target`` if the error copy of ``ledger`` may be written there, else one line why not.

    Its suffix must say the copy's format (:func:`copy_suffix`), its folder
    must exist, and it must not be the ledger itself: the copy would replace
    the clerk's original.
    """
    out = writable_target(target)
    suffix = copy_suffix(sheet)
    if out.suffix.lower() != suffix:
        raise ValidationError(_("错误副本的文件名应以 {suffix} 结尾（与台账的格式一致）："
                                "{file}").format(suffix=suffix, file=out.name))
    if out.resolve() == Path(ledger).resolve() or (out.exists() and os.path.samefile(out, ledger)):
        raise ValidationError(_("错误副本不能覆盖正在导入的台账：{file}").format(file=out))
    return out


def write_error_copy(path: str | Path, sheet_name: str | None, problems: Iterable[RowProblem],
                     header_rows: tuple[int, ...], target: str | Path) -> int:
    """Write the sheet with an error column to ``target``, whole or not at all; returns the
    rows marked."""
    sheet = open_sheet(path, sheet_name)
    out = check_copy_target(path, sheet, target)
    errors = error_column(problems)
    with replacing(out) as pending:
        if sheet.is_csv:
            _write_csv_copy(sheet, errors, header_rows[0], pending.path)
        else:
            _write_xlsx_copy(sheet, errors, header_rows[0], pending.path)
    return len(errors)


def _write_csv_copy(sheet: LedgerSheet, errors: dict[int, str], header_row: int,
                    out: Path) -> None:
    with out.open("w", encoding=sheet.encoding or "utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        for number, cells in sheet.rows():
            extra = _("导入错误") if number == header_row else errors.get(number, "")
            writer.writerow([*cells, extra])


def _write_xlsx_copy(sheet: LedgerSheet, errors: dict[int, str], header_row: int,
                     out: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(out), {"constant_memory": True})
    try:
        ws = book.add_worksheet(sheet.name[:31])
        dates = book.add_format({"num_format": "yyyy-mm-dd"})
        marked = book.add_format({"font_color": "#B00020", "text_wrap": True})
        width = max((len(cells) for _n, cells in sheet.rows()), default=0)
        for number, cells in sheet.rows():
            for col, value in enumerate(cells):
                _write(ws, number - 1, col, value, dates)
            mark = _("导入错误") if number == header_row else errors.get(number)
            if mark:
                ws.write_string(number - 1, width, mark, marked)
        ws.set_column(width, width, 60)
    finally:
        book.close()


def _write(ws: Any, row: int, col: int, value: Cell, dates: Any) -> None:
    if value is None or value == "":
        return
    if isinstance(value, (datetime, date)):
        moment = value if isinstance(value, datetime) else datetime.combine(
            value, datetime.min.time())
        ws.write_datetime(row, col, moment, dates)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        ws.write_number(row, col, value)
    else:
        ws.write_string(row, col, str(value))
