"""A computed report as a Qt table: its lines, then the 环比 and 同比 lines beneath.

The first column names the line (a category, an organisation, a level's
subtotal); the others are the report's columns, left to right, so column
``i + 1`` is ``table.columns[i]``.  合计 and subtotal lines are set apart
the way the paper form sets them apart.  Each comparison adds the total line
of its period and a line of the change in per cent.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from babel import numbers as babel_numbers
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app import i18n
from app.domain.text import _
from app.reports import Column, Period, ReportTable
from app.reports.formatting import NO_FIGURE, display
from app.reports.model import Cell

TOTAL_BACKGROUND = QColor("#f3e5e5")
SUBTOTAL_BACKGROUND = QColor("#f6f1ea")
COMPARISON_FOREGROUND = QColor("#555555")
Index = QModelIndex | QPersistentModelIndex


def change_text(now: Cell, before: Cell) -> str:
    """The change from ``before`` to ``now`` in per cent ("+12.5%"); no figure from nothing."""
    if now is None or before is None or not before:
        return NO_FIGURE
    change = (Decimal(now) - Decimal(before)) / Decimal(before)
    text = babel_numbers.format_percent(change, format="0.0%", locale=i18n.current_locale())
    return ("+" + text) if change > 0 else text


@dataclass(frozen=True)
class Line:
    """One screen line: a report row, a comparison's total, or a change line."""

    label: str
    level: int
    cells: dict[str, Cell]
    row_key: str | None
    """The report row a click drills into (None for change lines)."""
    period: Period
    changes: dict[str, str] | None = None


def lines_of(table: ReportTable) -> list[Line]:
    """The report's rows, then for each comparison its total line and the change in per cent."""
    lines = [Line(r.label, r.level, r.cells, r.key, table.period) for r in table.rows]
    total = table.total
    for comparison in table.comparisons:
        lines.append(Line(_("{what}（{period}）").format(what=comparison.label,
                                                        period=comparison.period.label),
                          3, comparison.cells, total.key, comparison.period))
        changes = {c.key: change_text(total.cells.get(c.key), comparison.cells.get(c.key))
                   for c in table.columns if c.kind in ("count", "people", "money")}
        lines.append(Line(_("{what}增减").format(what=comparison.label), 4, {}, None,
                          comparison.period, changes))
    return lines


class ReportTableModel(QAbstractTableModel):
    """Read-only view of one :class:`ReportTable`."""

    def __init__(self, table: ReportTable, first_heading: str) -> None:
        super().__init__()
        self.table, self.first_heading = table, first_heading
        self.columns = table.columns
        self.lines = lines_of(table)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns) + 1

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.first_heading if section == 0 else self.columns[section - 1].label

    def column_at(self, section: int) -> Column | None:
        """The report column shown in ``section`` (None for the line names)."""
        return self.columns[section - 1] if section > 0 else None

    def drill_target(self, index: Index) -> tuple[str, Column, Period] | None:
        """Row key, column and period of a cell whose number lists its records, if it is one."""
        column = self.column_at(index.column())
        line = self.lines[index.row()] if index.isValid() else None
        if column is None or line is None or line.row_key is None:
            return None
        if not self.table.drillable(line.row_key, column.key):
            return None
        return line.row_key, column, line.period

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        line, column = self.lines[index.row()], self.column_at(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            if column is None:
                return line.label
            if line.changes is not None:
                return line.changes.get(column.key, "")
            return display(column, line.cells.get(column.key))
        if role == Qt.ItemDataRole.TextAlignmentRole and column is not None:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and line.level <= 1:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            if line.level == 0:
                return QBrush(TOTAL_BACKGROUND)
            if line.level == 1:
                return QBrush(SUBTOTAL_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and line.level >= 3:
            return QBrush(COMPARISON_FOREGROUND)
        if role == Qt.ItemDataRole.ToolTipRole and column is not None and column.entity == "case" \
                and self.drill_target(index) is not None:
            return _("双击或按回车：列出这些案件")
        return None
