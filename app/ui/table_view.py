"""The read-only, row-selecting table every list page uses."""

from __future__ import annotations

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
)

from app import i18n


def make_table(widths: tuple[int, ...] = ()) -> QTableView:
    """A table with whole-row selection, no editing, striped rows and given column widths."""
    table = QTableView()
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


def apply_widths(table: QTableView) -> None:
    """Set the column widths given to ``make_table`` once the model is attached.

    The widths are tuned for Chinese, which is denser than English: a column
    never gets narrower than its heading, and outside Chinese it grows (up to
    twice its width) to fit what it shows, so labels are not cut to "In …".
    """
    header = table.horizontalHeader()
    model = table.model()
    dense = i18n.current_locale().startswith("zh")
    for column, width in enumerate(table.property("column_widths") or ()):
        wanted = width
        title = model.headerData(column, Qt.Orientation.Horizontal) if model else None
        if title:
            wanted = max(wanted, header.fontMetrics().horizontalAdvance(str(title))
                         + HEADER_PADDING)
        if not dense:
            wanted = max(wanted, min(table.sizeHintForColumn(column), width * WIDEST_GROWTH))
        header.resizeSection(column, wanted)


def apply_widths_when_loaded(table: QTableView, page_loaded: SignalInstance) -> None:
    """Apply the widths now and once more when the first rows of a lazy list arrive.

    A lazy table starts empty, so fitting columns to their contents has to
    wait for the first page; later reloads keep whatever widths the user set.
    """
    apply_widths(table)
    pending = [True]

    def first_page(_page: int) -> None:
        if pending:
            pending.clear()
            apply_widths(table)

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
    """A read-only table for short lists that are loaded whole."""
    table = QTableWidget()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.setProperty("column_widths", widths)
    return table
