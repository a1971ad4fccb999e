"""The read-only, row-selecting table every list page uses."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
)


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


def apply_widths(table: QTableView) -> None:
    """Set the column widths given to ``make_table`` once the model is attached."""
    for column, width in enumerate(table.property("column_widths") or ()):
        table.horizontalHeader().resizeSection(column, width)


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
