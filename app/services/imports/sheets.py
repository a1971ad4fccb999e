"""Opening a ledger file: .xlsx, .xls, .ods (python-calamine) or .csv (the csv module).

calamine is a reader made for this: one maintained library reads all three
spreadsheet formats, fast, from a sheet it holds in compact native memory
(the Python objects of a row exist only while that row is read).  CSV files
from Excel are UTF-8 with a BOM, from WPS often GB18030; the text is
decoded as UTF-8 (BOM or not) and, failing that, as GB18030.

Row numbers are the sheet's own (1-based, as Excel shows them), so every
message can point at the cell the user sees.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.domain.errors import ValidationError
from app.domain.ledger_layout import Merged
from app.domain.ledger_values import Cell
from app.domain.text import _
from app.i18n import format_number

SPREADSHEETS = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"})
TEXT_FILES = frozenset({".csv", ".txt"})
ENCODINGS = ("utf-8-sig", "gb18030")
"""CSV encodings tried in order: Excel writes UTF-8 with a BOM, WPS and older tools GB18030."""
CSV_SHEET = "CSV"


def file_sha256(path: str | Path) -> str:
    """The file's SHA-256, read in blocks: the same ledger imported twice is recognised by it."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _unreadable(path: Path, reason: object) -> ValidationError:
    return ValidationError(_("无法读取文件 {file}：{reason}").format(file=path.name, reason=reason),
                           "file")


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in SPREADSHEETS:
        return "sheet"
    if suffix in TEXT_FILES:
        return "csv"
    raise ValidationError(_("不支持的文件类型“{suffix}”：请使用 .xlsx、.xls、.ods 或 .csv").format(
        suffix=path.suffix or path.name), "file")


def sheet_names(path: str | Path) -> list[str]:
    """The worksheets of a spreadsheet (a CSV file has one)."""
    source = Path(path)
    _must_be_file(source)
    if _kind(source) == "csv":
        return [CSV_SHEET]
    return list(_workbook(source).sheet_names)


def _workbook(source: Path) -> Any:
    """The spreadsheet at ``source``, read by its content when its name says otherwise.

    WPS, web systems and e-mail often hand out an .xlsx named .xls (or the
    reverse): calamine picks its reader by the name, so a refusal is tried
    again by the file's content.  A web page saved with a spreadsheet's name
    (what many systems' "导出 Excel" gives) gets a line saying what it is.
    """
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_path(str(source))
    except Exception as exc:  # calamine raises its own errors and OSError alike
        first = exc
    try:
        with source.open("rb") as file:
            head = file.read(512)
            file.seek(0)
            if _looks_like_web_page(head):
                raise _unreadable(source, _(
                    "这个文件其实是网页（HTML），只是名字像表格：请用 Excel 或 WPS 打开它，"
                    "另存为 .xlsx 后再导入"))
            return CalamineWorkbook.from_filelike(file)
    except ValidationError:
        raise
    except Exception:
        raise _unreadable(source, _(
            "不是可以读取的 Excel 或 WPS 表格：文件可能已损坏，或者其实是别的文件")) from first


def _looks_like_web_page(head: bytes) -> bool:
    """Whether a file's first bytes are an HTML page (what a "导出 Excel" link often gives)."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<!doctype html", b"<html", b"<table", b"<meta"))


def _must_be_file(source: Path) -> None:
    """Refuse a path that is missing or a folder, saying which."""
    if source.is_dir():
        raise _unreadable(source, _("这是一个文件夹，不是文件"))
    if not source.is_file():
        raise _unreadable(source, _("文件不存在"))


def _decoded(path: Path) -> tuple[str, str]:
    data = path.read_bytes()
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise _unreadable(path, _("不是 UTF-8 或 GB18030 编码的文本"))


SWALLOWED_DELIMITERS = 3
"""A line inside one CSV cell with this many delimiters is a row a stray quote swallowed."""


def _csv_rows(text: str, start: int) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of a CSV text from row ``start`` on, refusing broken quoting.

    A quote opened in a cell and never closed (``"大棚 被风吹倒``) makes the
    csv module read every following line into that one cell: the rows after
    it would vanish into a case's facts.  Such a cell (a line break followed
    by a line holding several delimiters, as a row does) stops the import
    with the row and column to mend; a cell grown past the csv module's
    limit is the same mistake further from the end of the file.
    """
    reader = csv.reader(io.StringIO(text), _dialect(text[:8192]))
    delimiter = reader.dialect.delimiter
    number = 0
    try:
        for number, cells in enumerate(reader, 1):
            for column, cell in enumerate(cells, 1):
                if "\n" in cell:
                    _check_cell(cell, delimiter, number, column)
            if number >= start:
                yield number, cells
    except csv.Error as exc:
        if "field larger" not in str(exc):
            raise ValidationError(_("第{row}行：CSV 文件在这里读不下去，请在表格软件中打开、"
                                    "另存为 .xlsx 后再导入").format(row=number + 1),
                                  "file") from exc
        raise ValidationError(_(
            "第{row}行：有一格超过 {limit} 个字符，多半是一个没有配对的引号（\"）把后面的行都读进了"
            "这一格：请在表格软件中改正后再导入").format(
                row=number + 1, limit=format_number(csv.field_size_limit())), "file") from exc


def _check_cell(cell: str, delimiter: str, row: int, column: int) -> None:
    """Refuse a cell holding lines that look like rows (a stray quote swallowed them)."""
    lines = [line for line in cell.split("\n")[1:] if line.strip()]
    if any(line.count(delimiter) >= SWALLOWED_DELIMITERS for line in lines):
        raise ValidationError(_(
            "第{row}行第{column}列：这一格里有一个没有配对的引号（\"），其后 {lines} 行都被读进了"
            "这一格：请在表格软件中改正这一格后再导入").format(
                row=row, column=column, lines=len(lines)), "file")


def _dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        return csv.excel


@dataclass
class LedgerSheet:
    """One sheet of a ledger file, ready to be read row by row as often as needed."""

    path: Path
    name: str
    encoding: str | None = None
    merged: tuple[Merged, ...] = ()
    total_rows: int = 0
    _sheet: Any = field(default=None, repr=False)
    _text: str | None = field(default=None, repr=False)

    @property
    def is_csv(self) -> bool:
        """Whether the file is comma-separated text (its error copy is CSV too)."""
        return self._text is not None

    def rows(self, start: int = 1) -> Iterator[tuple[int, Sequence[Cell]]]:
        """(sheet row number, cells) from row ``start`` on."""
        if self._text is not None:
            yield from _csv_rows(self._text, start)
            return
        first = self._sheet.start[0] if self._sheet.start else 0
        below, tops = self._vertical_merges()
        carried: dict[tuple[int, int], Cell] = {}
        for index, cells in enumerate(self._sheet.iter_rows()):
            number = first + index + 1
            for column, top in below.get(number - 1, ()):
                if column < len(cells) and cells[column] in ("", None):
                    cells[column] = carried.get(top, "")
            for column in tops.get(number - 1, ()):
                carried[(number - 1, column)] = cells[column] if column < len(cells) else ""
            if number >= start:
                yield number, cells

    def _vertical_merges(self) -> tuple[dict[int, list[tuple[int, tuple[int, int]]]],
                                        dict[int, list[int]]]:
        """Where vertical merges repeat their value: covered cells by row, and top cells by row.

        A merged range shows its value once, in its top-left cell; the rows it
        spans below (a mediator's name merged down over three cases) mean the
        same value, so they get it.
        """
        below: dict[int, list[tuple[int, tuple[int, int]]]] = {}
        tops: dict[int, list[int]] = {}
        for (r0, c0), (r1, _c1) in self.merged:
            if r1 > r0:
                tops.setdefault(r0, []).append(c0)
                for row in range(r0 + 1, r1 + 1):
                    below.setdefault(row, []).append((c0, (r0, c0)))
        return below, tops

    def top(self, count: int) -> list[tuple[int, Sequence[Cell]]]:
        """The first ``count`` rows, where the header is searched for."""
        found = []
        for item in self.rows():
            found.append(item)
            if len(found) >= count:
                break
        return found


def open_sheet(path: str | Path, sheet: str | None = None) -> LedgerSheet:
    """The named sheet (default: the first) of a ledger file, loaded for reading."""
    source = Path(path)
    _must_be_file(source)
    kind = _kind(source)
    if kind == "csv":
        text, encoding = _decoded(source)
        lines = text.count("\n") + (0 if text.endswith("\n") else 1)
        return LedgerSheet(source, CSV_SHEET, encoding, (), lines, None, text)
    try:
        workbook = _workbook(source)
        names = list(workbook.sheet_names)
        if sheet is not None and sheet not in names:
            raise ValidationError(_("文件中没有名为“{sheet}”的工作表，可选：{names}").format(
                sheet=sheet, names="、".join(names)), "sheet")
        loaded = workbook.get_sheet_by_name(sheet or names[0])
    except ValidationError:
        raise
    except Exception as exc:
        raise _unreadable(source, exc) from exc
    merged = tuple(loaded.merged_cell_ranges or ())
    return LedgerSheet(source, loaded.name, None, merged, int(loaded.height), loaded, None)
