"""The read-only, row-selecting table every list page uses, and how a row is opened from it."""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, SignalInstance
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.ui.lazy_table import LazyTableModel
from app.ui.shortcuts import OPEN_ROW, Binding, bind


def make_table(widths: tuple[int, ...] = ()) -> QTableView:
    """A table with whole-row selection, no editing, striped rows and given column widths.

    Tab leaves the table for the next field instead of walking its cells, so
    a keyboard user is never trapped in a list (the arrows move in it).
    """
    table = QTableView()
    table.setTabKeyNavigation(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(26)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    table.setProperty("column_widths", widths)
    return table


HEADER_PADDING = 24
WIDEST_GROWTH = 2


def apply_widths(table: QTableView, page: int | None = None) -> None:
    """Set the column widths given to ``make_table`` once the model is attached.

    The widths are tuned for Chinese, which is denser than English: a column
    never gets narrower than its heading, and it grows (up to twice its width)
    to fit what it shows, so labels are not cut to "In …" in English, nor long
    organisation names in Chinese under a larger screen font.  A lazy list
    fits what its loaded ``page`` shows.
    """
    header = table.horizontalHeader()
    model = table.model()
    fitted = (_page_widths(table, model, page)
              if page is not None and isinstance(model, LazyTableModel) else None)
    for column, width in enumerate(table.property("column_widths") or ()):
        wanted = width
        title = model.headerData(column, Qt.Orientation.Horizontal) if model else None
        if title:
            wanted = max(wanted, header.fontMetrics().horizontalAdvance(str(title))
                         + HEADER_PADDING)
        content = fitted[column] if fitted is not None else table.sizeHintForColumn(column)
        wanted = max(wanted, min(content, width * WIDEST_GROWTH))
        header.resizeSection(column, wanted)


def _page_widths(table: QTableView, model: LazyTableModel, page: int) -> list[int] | None:
    """What ``sizeHintForColumn`` gives for each column over one loaded page, measured faster.

    Qt measures a cell by asking the model for nine roles, each a call into
    Python: 20,000 calls and about 50 ms of the start for a page of 200 cases in
    11 columns.  The texts are already made (on the worker, with the page), so
    this measures them with the table's font and adds the padding Qt puts
    around a cell's text, taken from Qt's own measure of one cell of the first
    row shown.  None when that row shows no text to take the padding from.
    """
    metrics = QFontMetricsF(table.font())

    def text_width(text: str) -> int:
        return math.ceil(max(metrics.horizontalAdvance(line) for line in text.split("\n")))

    top = max(0, table.verticalHeader().visualIndexAt(0))
    shown = [model.data(model.index(top, column)) for column in range(model.columnCount())]
    sample = next((column for column, text in enumerate(shown) if text), None)
    if sample is None:
        return None
    header = table.horizontalHeader()
    precision = header.resizeContentsPrecision()
    header.setResizeContentsPrecision(1)  # Qt then measures the first row shown only
    try:
        padding = table.sizeHintForColumn(sample) - text_width(str(shown[sample]))
    finally:
        header.setResizeContentsPrecision(precision)
    widths = []
    for column in range(model.columnCount()):
        texts = model.page_texts(page, column)
        widths.append(max(map(text_width, texts)) + padding if texts else 0)
    return widths


def apply_widths_when_loaded(table: QTableView, page_loaded: SignalInstance) -> None:
    """Apply the widths now and once more when the first rows of a lazy list arrive.

    A lazy table starts empty, so fitting columns to their contents has to
    wait for the first page; later reloads keep whatever widths the user set.
    Only the rows of one page are measured: Qt samples 1,000 rows per column
    by default, which on a long list asks the model for pages nobody looks at
    (at 100,000 cases that took a third of a second of the start and four
    more page queries).
    """
    table.horizontalHeader().setResizeContentsPrecision(LazyTableModel.PAGE_SIZE)
    apply_widths(table)
    pending = [True]

    def first_page(page: int) -> None:
        if pending:
            pending.clear()
            apply_widths(table, page)

    page_loaded.connect(first_page)


def fill_table(table: QTableWidget, headers: list[str], rows: list[list[str]],
               right_aligned: frozenset[int] = frozenset()) -> None:
    """Replace the contents of a small, fully loaded table."""
    table.clear()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            if c in right_aligned:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    apply_widths(table)


def make_small_table(widths: tuple[int, ...] = ()) -> QTableWidget:
    """A read-only table for short lists that are loaded whole (Tab leaves it, as above)."""
    table = QTableWidget()
    table.setTabKeyNavigation(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.setProperty("column_widths", widths)
    return table


def open_on_keys(table: QAbstractItemView, open_index: Callable[[QModelIndex], object],
                 scope: QWidget | None = None) -> None:
    """Enter on the list, or Ctrl+O anywhere in ``scope``, opens the chosen row.

    Without ``scope`` only Enter is bound (a page with several lists binds
    Ctrl+O once itself, with :func:`open_key`).
    """

    def open_selected() -> None:
        index = chosen_index(table)
        if index.isValid():
            open_index(index)

    enter = Binding(tuple(k for k in OPEN_ROW.keys if "Return" in k), OPEN_ROW.what,
                    OPEN_ROW.where)
    bind(enter, table, open_selected, Qt.ShortcutContext.WidgetShortcut)
    if scope is not None:
        open_key(scope, open_selected)


def chosen_index(table: QAbstractItemView) -> QModelIndex:
    """The row the keys act on: the highlighted one, else the one with the focus frame.

    A list that has just got the focus shows a frame on its first row without
    highlighting it; Enter opens that row, as a double click on it would.
    """
    index = table.currentIndex()
    selection = table.selectionModel()
    if selection is not None and not selection.isSelected(index):
        rows = selection.selectedRows()
        if rows:
            return rows[0]
    return index


def open_key(scope: QWidget, open_selected: Callable[[], object]) -> None:
    """Ctrl+O anywhere in ``scope`` (a page and its children) calls ``open_selected``."""
    others = Binding(tuple(k for k in OPEN_ROW.keys if "Return" not in k), OPEN_ROW.what,
                     OPEN_ROW.where)
    bind(others, scope, open_selected, Qt.ShortcutContext.WidgetWithChildrenShortcut)
