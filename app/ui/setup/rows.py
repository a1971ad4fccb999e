"""An editable table of rows for the setup wizard: text cells and drop-down cells.

Organisations, mediators, accounts and hand-typed regions are each a short
list an office types in one sitting; a table with "add a row" and "remove"
keeps them visible together, and the wizard reads the rows back as dicts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.text import _

Choices = Callable[[], Sequence[tuple[str, str | None]]]
"""(label, value) pairs a drop-down offers, asked for each time a row is added or refreshed."""


@dataclass(frozen=True)
class Column:
    """One column: a key for the row dicts, a header, a width, and choices for a drop-down."""

    key: str
    header: str
    width: int
    choices: Choices | None = None
    secret: bool = False


class RowTable(QWidget):
    """A table whose rows the user adds and removes; ``rows()`` reads them back."""

    def __init__(self, columns: Sequence[Column], add_text: str) -> None:
        super().__init__()
        self.columns = list(columns)
        self.table = QTableWidget(0, len(self.columns))
        self.table.setHorizontalHeaderLabels([c.header for c in self.columns])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        for index, column in enumerate(self.columns):
            self.table.setColumnWidth(index, column.width)
        self.add_button = QPushButton(add_text)
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button = QPushButton(_("删除所选行"))
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def add_row(self, values: dict[str, str | None] | None = None) -> int:
        """Append a row, filled from ``values`` (text, or a drop-down's value)."""
        values = values or {}
        row = self.table.rowCount()
        self.table.insertRow(row)
        for index, column in enumerate(self.columns):
            if column.choices is not None:
                combo = QComboBox()
                self._fill(combo, column.choices, values.get(column.key))
                self.table.setCellWidget(row, index, combo)
            elif column.secret:
                edit = QLineEdit(values.get(column.key) or "")
                edit.setEchoMode(QLineEdit.EchoMode.Password)
                self.table.setCellWidget(row, index, edit)
            else:
                item = QTableWidgetItem(values.get(column.key) or "")
                self.table.setItem(row, index, item)
        self.table.setCurrentCell(row, 0)
        return row

    @staticmethod
    def _fill(combo: QComboBox, choices: Choices, value: str | None) -> None:
        combo.clear()
        for label, key in choices():
            combo.addItem(label, key)
        found = combo.findData(value)
        combo.setCurrentIndex(found if found >= 0 else 0)

    def refresh_choices(self) -> None:
        """Offer the drop-downs' current choices again (another page changed them)."""
        for row in range(self.table.rowCount()):
            for index, column in enumerate(self.columns):
                combo = self.table.cellWidget(row, index)
                if column.choices is not None and isinstance(combo, QComboBox):
                    self._fill(combo, column.choices, combo.currentData())

    def remove_selected(self) -> None:
        """Remove the selected rows."""
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    def set_text(self, row: int, key: str, text: str) -> None:
        """Type ``text`` into a text or password cell (tests and prefilled rows)."""
        index = [c.key for c in self.columns].index(key)
        edit = self.table.cellWidget(row, index)
        if isinstance(edit, QLineEdit):
            edit.setText(text)
            return
        item = self.table.item(row, index)
        assert item is not None
        item.setText(text)

    def rows(self) -> list[dict[str, str | None]]:
        """Every row that is not blank, as {key: text or drop-down value}."""
        found = []
        for row in range(self.table.rowCount()):
            values: dict[str, str | None] = {}
            for index, column in enumerate(self.columns):
                combo = self.table.cellWidget(row, index)
                if isinstance(combo, QComboBox):
                    values[column.key] = combo.currentData()
                elif isinstance(combo, QLineEdit):
                    values[column.key] = combo.text()
                else:
                    item = self.table.item(row, index)
                    values[column.key] = item.text().strip() if item else ""
            texts = [v for c, v in zip(self.columns, values.values(), strict=True)
                     if c.choices is None and not c.secret]
            if any(texts):
                found.append(values)
        return found
