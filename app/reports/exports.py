"""Writing lists out: a case list or the party registry as XLSX ready to print, or as CSV.

The XLSX is written with xlsxwriter in constant-memory mode (rows go to disk
as they come, so a hundred thousand cases fit in a few megabytes): a title
row over the header, the header frozen and repeated on every printed page,
column widths, dates as real dates and amounts as numbers (so the office can
sum and filter them), landscape A4 fitted to the page width with page
numbers.  The CSV is UTF-8 with a BOM, which Excel and WPS open correctly.
The format follows the file's name (a ``.csv`` never holds XLSX bytes), and
the file is written whole or not at all (app/reports/files.py): Cancel or a
failure leaves the file that was there before untouched.

An exported case list goes back in through the ledger import unchanged:
its headers and values are ones the import's synonym tables know.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Generic, TypeVar

from app.domain.codes import CATEGORIES, RISKS, SOURCES, label
from app.domain.errors import ValidationError
from app.domain.text import _
from app.domain.workflow import STATUS_LABELS, CaseStatus
from app.reports.files import named_format, replacing, writable_target
from app.services.cases.queries import CaseFilter
from app.services.imports.exports import CaseExportRow, case_export_pages, party_export_pages
from app.services.parties.queries import PartyRow
from app.services.security.users import UserInfo
from app.store.database import Database

T = TypeVar("T")
FORMATS = ("xlsx", "csv")
LINE_HEIGHT = 15
"""Points per line of a row whose text wraps (the writer sets it: readers do not refit rows)."""
Progress = Callable[[int, int], bool]


@dataclass(frozen=True)
class ExportColumn(Generic[T]):
    """One column: its header, width in characters, kind (text, date, datetime, amount, count)."""

    title: str
    width: float
    kind: str
    value: Callable[[T], Any]


def _status(code: str) -> str:
    try:
        return _(STATUS_LABELS[CaseStatus(code)])
    except ValueError:
        return code


def case_columns() -> list[ExportColumn[CaseExportRow]]:
    """The columns of an exported case list, in the ledger's usual order."""
    return [
        ExportColumn(_("案号"), 21, "text", lambda r: r.number),
        ExportColumn(_("受理日期"), 10.5, "date", lambda r: r.received_at.date()),
        ExportColumn(_("申请人"), 10, "text", lambda r: r.applicants),
        ExportColumn(_("申请人证件号码"), 19.5, "text", lambda r: r.applicant_ids),
        ExportColumn(_("申请人电话"), 12.5, "text", lambda r: r.applicant_phones),
        ExportColumn(_("被申请人"), 12, "text", lambda r: r.respondents),
        ExportColumn(_("被申请人证件号码"), 19.5, "text", lambda r: r.respondent_ids),
        ExportColumn(_("被申请人电话"), 12.5, "text", lambda r: r.respondent_phones),
        ExportColumn(_("纠纷类型"), 10, "text", lambda r: label(CATEGORIES, r.category)),
        ExportColumn(_("纠纷来源"), 10, "text", lambda r: label(SOURCES, r.source)),
        ExportColumn(_("调解结果"), 9, "text", lambda r: _status(r.status)),
        ExportColumn(_("风险等级"), 11, "text", lambda r: label(RISKS, r.risk)),
        ExportColumn(_("涉及人数"), 6, "count", lambda r: r.people_involved),
        ExportColumn(_("涉及金额"), 11, "amount", lambda r: r.amount),
        ExportColumn(_("协议金额"), 11, "amount", lambda r: r.agreement_amount),
        ExportColumn(_("调解组织"), 16, "text", lambda r: r.organisation),
        ExportColumn(_("调解员"), 8, "text", lambda r: r.mediator),
        ExportColumn(_("办理期限"), 10.5, "date", lambda r: r.deadline),
        ExportColumn(_("结案日期"), 10.5, "date", lambda r: r.closed_on),
    ]


def party_columns() -> list[ExportColumn[PartyRow]]:
    """The columns of an exported party registry."""
    return [
        ExportColumn(_("姓名或名称"), 24, "text", lambda r: r.name),
        ExportColumn(_("类别"), 10, "text",
                     lambda r: _("单位") if r.kind == "organisation" else _("个人")),
        ExportColumn(_("证件号码"), 21, "text", lambda r: r.identifier),
        ExportColumn(_("电话"), 15, "text", lambda r: r.phone),
        ExportColumn(_("住址"), 36, "text", lambda r: r.address),
        ExportColumn(_("案件数"), 8, "count", lambda r: r.case_count),
    ]


def _csv_value(kind: str, value: Any) -> Any:
    if value is None:
        return ""
    if kind in ("date", "datetime"):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    if kind == "amount":
        return f"{Decimal(value):.2f}"
    return value


def _write_csv(path: Path, columns: Sequence[ExportColumn[T]],
               pages: Iterable[Sequence[T]], progress: Callable[[int], bool]) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow([c.title for c in columns])
        for page in pages:
            writer.writerows([[_csv_value(c.kind, c.value(row)) for c in columns]
                              for row in page])
            count += len(page)
            if not progress(count):
                break
    return count


def _write_xlsx(path: Path, title: str, columns: Sequence[ExportColumn[T]],
                pages: Iterable[Sequence[T]], progress: Callable[[int], bool]) -> int:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True,
                                           "default_date_format": "yyyy-mm-dd"})
    try:
        sheet = book.add_worksheet(title[:31])
        heading = book.add_format({"bold": True, "font_size": 14, "align": "center",
                                   "valign": "vcenter"})
        header = book.add_format({"bold": True, "bg_color": "#DDE4EE", "border": 1,
                                  "align": "center", "valign": "vcenter", "text_wrap": True})
        cell = {"text": book.add_format({"border": 1, "valign": "top", "text_wrap": True}),
                "date": book.add_format({"border": 1, "num_format": "yyyy-mm-dd",
                                         "valign": "top"}),
                "datetime": book.add_format({"border": 1, "num_format": "yyyy-mm-dd hh:mm",
                                             "valign": "top"}),
                "amount": book.add_format({"border": 1, "num_format": "#,##0.00",
                                           "valign": "top"}),
                "count": book.add_format({"border": 1, "num_format": "0", "valign": "top"})}
        for index, column in enumerate(columns):
            sheet.set_column(index, index, column.width)
        sheet.merge_range(0, 0, 0, len(columns) - 1, title, heading)
        sheet.set_row(0, 24)
        sheet.write_row(1, 0, [c.title for c in columns], header)
        sheet.freeze_panes(2, 0)
        sheet.repeat_rows(1)
        sheet.set_landscape()
        sheet.set_paper(9)
        sheet.fit_to_pages(1, 0)
        sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        sheet.set_footer("&C" + _("第 &P 页，共 &N 页"))
        row = 2
        for page in pages:
            for item in page:
                values = [column.value(item) for column in columns]
                lines = max(_lines(c, v) for c, v in zip(columns, values, strict=True))
                if lines > 1:
                    sheet.set_row(row, LINE_HEIGHT * lines)
                for index, (column, value) in enumerate(zip(columns, values, strict=True)):
                    _write_cell(sheet, row, index, column.kind, value, cell[column.kind])
                row += 1
            if not progress(row - 2):
                break
        sheet.autofilter(1, 0, max(row - 1, 1), len(columns) - 1)
    finally:
        book.close()
    return row - 2


def _lines(column: ExportColumn[Any], value: Any) -> int:
    """How many lines a wrapped text cell needs (a CJK character is about 1.7 digits wide)."""
    if column.kind != "text" or not value:
        return 1
    width = sum(1.7 if ord(char) > 0x2E80 else 1 for char in str(value))
    return max(1, math.ceil(width / (column.width * 1.1)))


def _write_cell(sheet: Any, row: int, col: int, kind: str, value: Any, style: Any) -> None:
    if value is None or value == "":
        sheet.write_blank(row, col, None, style)
    elif kind in ("date", "datetime") and isinstance(value, date):
        moment = value if isinstance(value, datetime) else datetime.combine(
            value, datetime.min.time())
        sheet.write_datetime(row, col, moment, style)
    elif kind in ("amount", "count"):
        sheet.write_number(row, col, float(value), style)
    else:
        sheet.write_string(row, col, str(value), style)


def export_format(path: str | Path, fmt: str | None) -> str:
    """The format a list is written in: ``fmt`` when given, else the one the file's name says
    (:func:`app.reports.files.named_format`); a missing folder or a folder given as the file
    is refused here too, before any work is done."""
    writable_target(path)
    return named_format(path, fmt, FORMATS)


def write_table(path: str | Path, fmt: str, title: str, columns: Sequence[ExportColumn[T]],
                pages: Iterable[Sequence[T]], total: int = 0,
                progress: Progress | None = None) -> int:
    """Write ``pages`` of rows to ``path`` as ``fmt``; returns the rows written.

    The file appears whole or not at all: ``progress(done, total)`` returning
    False (Cancel), an error or Ctrl-C leaves whatever was at ``path`` before
    as it was, and no partial file beside it.
    """
    if fmt not in FORMATS:
        raise ValidationError(_("不支持的导出格式“{fmt}”，可选：{allowed}").format(
            fmt=fmt, allowed=", ".join(FORMATS)), "format")
    named_format(path, fmt, FORMATS)

    def report(done: int) -> bool:
        return progress is None or progress(done, total)

    with replacing(path) as pending:
        if fmt == "csv":
            count = _write_csv(pending.path, columns, pages, report)
        else:
            count = _write_xlsx(pending.path, title, columns, pages, report)
        if not report(count):
            pending.discard()
    return count


def export_cases(db: Database, actor: UserInfo, f: CaseFilter | None, path: str | Path,
                 fmt: str, progress: Progress | None = None, *, sort: str = "received_at",
                 descending: bool = True, total: int = 0) -> int:
    """The filtered case list written to ``path`` (the list as the user sees it, masked)."""
    title = _("案件清单（{day}导出）").format(day=date.today().isoformat())
    return write_table(path, fmt, title, case_columns(),
                       case_export_pages(db, actor, f, sort=sort, descending=descending),
                       total, progress)


def export_parties(db: Database, actor: UserInfo, path: str | Path, fmt: str,
                   progress: Progress | None = None, *, total: int = 0) -> int:
    """The party registry written to ``path`` (masked by role)."""
    title = _("当事人名册（{day}导出）").format(day=date.today().isoformat())
    return write_table(path, fmt, title, party_columns(), party_export_pages(db, actor),
                       total, progress)
