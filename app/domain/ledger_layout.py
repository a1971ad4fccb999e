"""Where a ledger's header is, under its title rows, and what each column is called.

Ledgers start with a merged title (某某村矛盾纠纷排查调处台账), a line of
who filled it in, and only then the header, sometimes in two rows: 申请人
merged over 姓名 | 身份证号 | 电话.  The header row is the one of the first
rows whose cells name the most known fields; the row under it is a second
header row when joining it to the one above names more fields still.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.domain.errors import ValidationError
from app.domain.ledger_fields import field_for_header
from app.domain.ledger_values import Cell, cell_text
from app.domain.text import _

SEARCHED_ROWS = 30
"""How many rows from the top are searched for the header."""
MIN_KNOWN = 2
"""A header row names at least this many known fields."""

Merged = tuple[tuple[int, int], tuple[int, int]]
"""A merged range as readers report it, 0-based: ((first row, first col), (last row, last col))."""


@dataclass(frozen=True)
class LedgerLayout:
    """The header rows (1-based sheet rows), each column's label, and where cases begin."""

    header_rows: tuple[int, ...]
    labels: tuple[str, ...]

    @property
    def first_data_row(self) -> int:
        """The sheet row of the first case."""
        return self.header_rows[-1] + 1


def _texts(cells: Sequence[Cell], width: int) -> list[str]:
    texts = [cell_text(c) for c in cells[:width]]
    return texts + [""] * (width - len(texts))


def _known(labels: Sequence[str]) -> int:
    return sum(1 for label in labels if label and field_for_header(label) is not None)


def _filled(parent: list[str], child: list[str], row_index: int,
            merged: Sequence[Merged]) -> list[str]:
    """The upper header row with each group header repeated over the columns it spans.

    Merged ranges say so exactly; without them (CSV, some .xls), a blank
    cell above a sub-header belongs to the group on its left, if that group
    has sub-headers of its own.
    """
    filled = list(parent)
    spans = [(c0, c1) for (r0, c0), (_r1, c1) in merged if r0 == row_index and c1 > c0]
    for c0, c1 in spans:
        for column in range(c0 + 1, min(c1 + 1, len(filled))):
            filled[column] = filled[column] or parent[c0]
    if not spans:
        group = ""
        for column, text in enumerate(parent):
            if text:
                group = text if child[column] else ""
            elif child[column] and group:
                filled[column] = group
    return filled


def _joined(parent: list[str], child: list[str]) -> list[str]:
    labels = []
    for upper, lower in zip(parent, child, strict=True):
        if upper and lower and upper != lower:
            both = upper + lower
            labels.append(lower if field_for_header(both) is None
                          and field_for_header(lower) is not None else both)
        else:
            labels.append(lower or upper)
    return labels


def _pair(rows: Sequence[tuple[int, Sequence[Cell]]], texts: list[list[str]], i: int,
          merged: Sequence[Merged]) -> list[str] | None:
    """Rows ``i`` and ``i + 1`` read as one header: when group headers above sub-headers
    name fields (申请人 + 姓名) and the pair names at least as many as either row alone."""
    if i + 1 >= len(rows) or rows[i + 1][0] != rows[i][0] + 1 or not any(texts[i + 1]):
        return None
    parent = _filled(texts[i], texts[i + 1], rows[i][0] - 1, merged)
    lower = texts[i + 1]
    joined = _joined(parent, lower)
    grouped = sum(1 for label, sub in zip(joined, lower, strict=True)
                  if sub and label != sub and field_for_header(label) is not None)
    enough = _known(joined) >= max(_known(texts[i]), _known(lower))
    return joined if grouped and enough else None


def find_layout(top: Sequence[tuple[int, Sequence[Cell]]], merged: Sequence[Merged] = (),
                header_row: int | None = None) -> LedgerLayout:
    """The layout of a sheet from its first rows (sheet row number, cells).

    Each row is scored alone and joined with the row under it; the reading
    naming the most known fields wins (the earlier one, and a single row,
    on a tie).  ``header_row`` (1-based) is the user's own choice when the
    search picks the wrong row; the row under it may still be a second
    header row.
    """
    rows = list(top[:SEARCHED_ROWS])
    if not any(any(cell not in ("", None) for cell in cells) for _n, cells in rows):
        raise ValidationError(_("表格是空的：没有表头，也没有案件"), "file")
    width = max((len(cells) for _n, cells in rows), default=0)
    texts = [_texts(cells, width) for _n, cells in rows]
    if header_row is not None:
        candidates = [i for i, (number, _cells) in enumerate(rows) if number == header_row]
        if not candidates:
            raise ValidationError(_("第{row}行不在表格开头的{n}行之内，不能作为表头").format(
                row=header_row, n=len(rows)), "header_row")
    else:
        candidates = list(range(len(rows)))
    best: tuple[int, int, int] | None = None
    chosen: tuple[list[str], int] = ([], 1)
    for i in candidates:
        for size, labels in ((1, texts[i]), (2, _pair(rows, texts, i, merged))):
            if labels is None:
                continue
            key = (_known(labels), -i, -size)
            if best is None or key > best:
                best, chosen = key, (labels, size)
    if best is None or (header_row is None and best[0] < MIN_KNOWN):
        raise ValidationError(_("在表格开头的{n}行中找不到表头：没有可识别的列名，"
                                "如 申请人、登记日期；请在列对照中（命令行：映射文件的 "
                                "header_row）指定表头所在的行").format(n=len(rows)),
                              "header_row")
    first = rows[-best[1]][0]
    return LedgerLayout(tuple(range(first, first + chosen[1])), tuple(chosen[0]))
