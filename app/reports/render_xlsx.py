"""A report as an XLSX workbook that prints as it looks on screen.

One sheet per table (the 多元调解 report's channel part gets its own):
title, scope, period and unit over a two-row header whose group labels are
merged across their columns (a group of one column is merged down instead),
the header frozen and repeated on every printed page, every figure a real
number with its number format (counts, amounts to the fen, rates as
percentages), footnotes and the 填报人 / 审核人 / 填报日期 line below, the
print area set, landscape A4 fitted to one page wide, page numbers in the
footer.  Written with xlsxwriter.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from app.domain.text import _
from app.reports.model import Column, ReportTable

NUMBER_FORMATS = {"count": "#,##0", "people": "#,##0", "money": "#,##0.00", "rate": "0.0%",
                  "days": "0.0", "score": "0.0"}
HEADER_TOP = 4
"""The first header row (after title, scope line and the 零上报 line)."""


def _width(column: Column) -> float:
    return {"money": 12.0, "rate": 7.5}.get(column.kind, 6.5 if len(column.label) <= 3 else 8.5)


def _label_width(table: ReportTable) -> float:
    longest = max((len(r.label) + r.level for r in table.rows), default=4)
    return min(40.0, max(10.0, longest * 2.0))


def _sheet(book: Any, fmt: dict[str, Any], table: ReportTable, name: str,
           filled_on: date) -> None:
    sheet = book.add_worksheet(name[:31])
    last = len(table.columns)
    sheet.set_column(0, 0, _label_width(table))
    for index, column in enumerate(table.columns, start=1):
        sheet.set_column(index, index, _width(column))
    sheet.merge_range(0, 0, 0, last, table.title, fmt["title"])
    sheet.set_row(0, 26)
    sheet.merge_range(1, 0, 1, last, "    ".join((
        _("统计范围：{scope}").format(scope=table.scope_label),
        _("统计期：{period}").format(period=table.period_label),
        _("单位：{unit}").format(unit=table.unit))), fmt["info"])
    if table.empty:
        sheet.merge_range(2, 0, 2, last, _("本期无数据（零上报）"), fmt["info"])
    top = HEADER_TOP
    sheet.merge_range(top, 0, top + 1, 0, _("项目"), fmt["header"])
    col = 1
    for group in table.groups:
        span = len(group.columns)
        if span == 1 and group.columns[0].label == group.label:
            sheet.merge_range(top, col, top + 1, col, group.label, fmt["header"])
        else:
            if span == 1:
                sheet.write_string(top, col, group.label, fmt["header"])
            else:
                sheet.merge_range(top, col, top, col + span - 1, group.label, fmt["header"])
            for offset, column in enumerate(group.columns):
                sheet.write_string(top + 1, col + offset, column.label, fmt["header"])
        col += span
    sheet.set_row(top, 30)
    sheet.set_row(top + 1, 30)
    row = top + 2
    for line in table.rows:
        bold = line.level < 2
        sheet.write_string(row, 0, line.label, fmt[f"label{min(line.level, 2)}"])
        for index, column in enumerate(table.columns, start=1):
            _number(sheet, row, index, line.cells.get(column.key),
                    fmt[("bold:" if bold else "") + column.kind])
        row += 1
    for comparison in table.comparisons:
        sheet.write_string(row, 0, _("{label}（{period}）").format(
            label=comparison.label, period=comparison.period.label), fmt["label1"])
        for index, column in enumerate(table.columns, start=1):
            _number(sheet, row, index, comparison.cells.get(column.key), fmt[column.kind])
        row += 1
    row += 1
    for note in table.footnotes:
        sheet.merge_range(row, 0, row, last, note, fmt["note"])
        sheet.set_row(row, 15 * max(1, len(note) * 2 // max(40, int(last * 9)) + 1))
        row += 1
    row += 1
    sheet.merge_range(row, 0, row, last, "        ".join((
        _("填报人：＿＿＿＿＿＿"), _("审核人：＿＿＿＿＿＿"),
        _("填报日期：{date}").format(date=filled_on.isoformat()))), fmt["info"])
    sheet.freeze_panes(top + 2, 1)
    sheet.repeat_rows(top, top + 1)
    sheet.print_area(0, 0, row, last)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.3, right=0.3, top=0.5, bottom=0.6)
    sheet.set_footer("&C" + _("第 &P 页，共 &N 页"))


def _number(sheet: Any, row: int, col: int, value: Any, style: Any) -> None:
    if value is None:
        sheet.write_blank(row, col, None, style)
    else:
        sheet.write_number(row, col, float(value), style)


def _formats(book: Any) -> dict[str, Any]:
    base = {"border": 1, "valign": "vcenter", "font_size": 10}
    out = {
        "title": book.add_format({"bold": True, "font_size": 16, "align": "center",
                                  "valign": "vcenter"}),
        "info": book.add_format({"font_size": 10}),
        "note": book.add_format({"font_size": 9, "text_wrap": True, "valign": "top"}),
        "header": book.add_format({**base, "bold": True, "align": "center", "text_wrap": True,
                                   "bg_color": "#DDE4EE"}),
        "label0": book.add_format({**base, "bold": True, "align": "center"}),
        "label1": book.add_format({**base, "bold": True}),
        "label2": book.add_format({**base, "indent": 1}),
    }
    for kind, number_format in NUMBER_FORMATS.items():
        out[kind] = book.add_format({**base, "num_format": number_format})
        out["bold:" + kind] = book.add_format({**base, "num_format": number_format,
                                               "bold": True})
    return out


def write_xlsx(table: ReportTable, path: str | Path, filled_on: date | None = None) -> None:
    """Write the report (and its parts, a sheet each) to ``path``."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    try:
        fmt = _formats(book)
        for index, part in enumerate((table, *table.parts)):
            name = _("报表") if index == 0 else _("附表{n}").format(n=index)
            _sheet(book, fmt, part, name, filled_on or date.today())
    finally:
        book.close()
