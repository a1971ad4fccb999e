"""One computed report on screen: its heading, its table(s), 零上报, and the definitions.

A report is a main table and sometimes parts printed beneath it (多元调解
adds the referral channels); each gets a table with the two-row header of
app/ui/reports/grouped_header.py.  ``drill`` is emitted with the row key,
column key and period of a count cell the user double-clicks or presses
Enter on.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtGui import QFont, QResizeEvent, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.text import _
from app.reports import ReportTable
from app.ui.reports.grouped_header import GroupedHeader
from app.ui.reports.table_model import ReportTableModel
from app.ui.table_view import open_on_keys

LABEL_WIDTH = 170
LABEL_MAX_WIDTH = 320
NUMBER_WIDTH = 74
MONEY_WIDTH = 112
ROW_HEIGHT = 26
FOOTNOTE_SLACK = 8
PART_MAX_ROWS = 12
"""A part taller than this scrolls inside its own table."""


def header_groups(table: ReportTable) -> list[tuple[str, int, int]]:
    """(label, first section, last section) per column group; section 0 is the line names.

    A group of one column whose label repeats the column's is no group:
    that column's label takes both header rows.
    """
    groups, section = [], 1
    for group in table.groups:
        count = len(group.columns)
        if not (count == 1 and group.columns[0].label == group.label):
            groups.append((group.label, section, section + count - 1))
        section += count
    return groups


def first_heading(table: ReportTable) -> str:
    """What the line names are: categories, organisations, mediation types, mediators, villages."""
    keys = [row.key for row in table.rows if row.level == 2]
    prefix = keys[0].split(":", 1)[0] if keys and ":" in keys[0] else ""
    return {"org": _("调解组织"), "mediator": _("调解员"), "channel": _("对接渠道"),
            "village": _("村（社区）")}.get(prefix, _("项目"))


class ReportTableView(QWidget):
    """The report shown: title, scope and period, tables, comparisons, footnotes."""

    drill = Signal(str, str, object)
    """Row key, column key, :class:`Period` of the cell to list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QVBoxLayout(self)
        self.title = QLabel()
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = QLabel()
        self.zero = QLabel()
        self.zero.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.zero.hide()
        self.footnotes = QLabel()
        self.footnotes.setWordWrap(True)
        self.footnotes.setStyleSheet("color: #444;")
        self.layout_.addWidget(self.title)
        self.layout_.addWidget(self.subtitle)
        self.layout_.addWidget(self.zero)
        self.tables: list[QTableView] = []
        self.layout_.addWidget(self.footnotes)

    def show_table(self, table: ReportTable) -> None:
        """Replace what is shown with ``table`` and its parts."""
        for view in self.tables:
            self.layout_.removeWidget(view)
            view.hide()
            view.deleteLater()
        self.tables = []
        self.title.setText(table.title)
        self.subtitle.setText(_("统计范围：{scope}　统计期：{period}　单位：{unit}").format(
            scope=table.scope_label, period=table.period_label, unit=table.unit))
        self.zero.setVisible(table.empty)
        self.zero.setText(_("零上报：本统计期内没有应统计的数字，表中各项均为 0。"))
        position = self.layout_.indexOf(self.footnotes)
        for n, part in enumerate((table, *table.parts)):
            view = self._make_view(part, main=n == 0)
            self.layout_.insertWidget(position + n, view, 1 if n == 0 else 0)
            view.show()
            self.tables.append(view)
        notes = [*table.footnotes, *(note for part in table.parts for note in part.footnotes)]
        self.footnotes.setText(_("注：") + "\n".join(
            f"{n}. {note}" for n, note in enumerate(notes, 1)))
        self._fit_footnotes()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_footnotes()

    def _fit_footnotes(self) -> None:
        """Give the wrapped definitions the height they need at the current width."""
        width = max(self.footnotes.width(), self.width() - 24, 200)
        # Laid out as a document: the Chinese glyphs come from a fallback font whose lines
        # are taller than the label's own font metrics (and heightForWidth) assume.
        document = QTextDocument()
        document.setDefaultFont(self.footnotes.font())
        document.setPlainText(self.footnotes.text())
        document.setTextWidth(width)
        self.footnotes.setMinimumHeight(int(document.size().height()) + FOOTNOTE_SLACK)

    def _make_view(self, table: ReportTable, main: bool) -> QTableView:
        view = QTableView()
        header = GroupedHeader(view)
        view.setHorizontalHeader(header)
        model = ReportTableModel(table, first_heading(table))
        view.setModel(model)
        model.setParent(view)
        header.set_groups(header_groups(table))
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        widest = max((view.fontMetrics().horizontalAdvance(line.label) for line in model.lines),
                     default=0)
        header.resizeSection(0, min(LABEL_MAX_WIDTH, max(LABEL_WIDTH, widest + 16)))
        for section, column in enumerate(model.columns, 1):
            header.resizeSection(section, MONEY_WIDTH if column.kind == "money" else NUMBER_WIDTH)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAccessibleName(table.title)
        rows = model.rowCount()
        if not main:
            shown = min(rows, PART_MAX_ROWS)
            view.setFixedHeight(header.sizeHint().height() + shown * ROW_HEIGHT + 4)
        else:
            view.setMinimumHeight(header.sizeHint().height() + min(rows, 8) * ROW_HEIGHT)
        view.doubleClicked.connect(partial(self._open, view))
        open_on_keys(view, partial(self._open, view))
        return view

    def _open(self, view: QTableView, index: QModelIndex) -> None:
        model = view.model()
        if not isinstance(model, ReportTableModel):
            return
        target = model.drill_target(index)
        if target is not None:
            row_key, column, period = target
            self.drill.emit(row_key, column.key, period)

    def drillable_cell(self, row_key: str, column_key: str,
                       table_index: int = 0) -> QModelIndex:
        """The index of one cell (for keyboard navigation and tests)."""
        view = self.tables[table_index]
        model = view.model()
        assert isinstance(model, ReportTableModel)
        row = next(n for n, line in enumerate(model.lines) if line.row_key == row_key
                   and line.period == model.table.period)
        column = next(n for n, c in enumerate(model.columns, 1) if c.key == column_key)
        return model.index(row, column)

