"""A two-row table header: group labels spanning their columns above the column labels.

Statistics tables are read by their headers: "受理" over 合计 / 主动调解 /
依申请 / 委托移送, "履行" over 已履行 / 部分 / 未履行, exactly as on the paper
form.  Qt's header has one row of sections, so each section paints its own
lower half (its column label) and its share of the group cell above it,
clipped to the section: side by side the shares draw one spanning cell.  A
column alone in its group with no group label takes both rows.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QWidget

HEADER_LINES = 4
"""Text lines the header leaves room for: up to two per row, for the long group labels."""


class GroupedHeader(QHeaderView):
    """A horizontal header whose sections belong to labelled groups.

    ``set_groups`` takes one ``(label, first, last)`` per group of adjacent
    columns; a section outside every group shows its own label at full height.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._groups: list[tuple[str, int, int]] = []
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSectionsClickable(False)
        self.setHighlightSections(False)

    def set_groups(self, groups: list[tuple[str, int, int]]) -> None:
        """Group columns ``first``..``last`` (inclusive) under ``label``."""
        self._groups = list(groups)
        self.viewport().update()

    def group_of(self, column: int) -> tuple[str, int, int] | None:
        """The labelled group ``column`` belongs to, if any."""
        for group in self._groups:
            if group[1] <= column <= group[2] and group[0]:
                return group
        return None

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        hint.setHeight(self.fontMetrics().height() * HEADER_LINES + 16)
        return hint

    def paintSection(self, painter: QPainter, rect: QRect, logicalIndex: int) -> None:
        if not rect.isValid():
            return
        label = str(self.model().headerData(logicalIndex, self.orientation()) or "") \
            if self.model() is not None else ""
        group = self.group_of(logicalIndex)
        painter.save()
        painter.setClipRect(rect)
        if group is None:
            self._cell(painter, rect, label, logicalIndex)
        else:
            half = rect.height() // 2
            left = self.sectionViewportPosition(group[1])
            right = self.sectionViewportPosition(group[2]) + self.sectionSize(group[2])
            self._cell(painter, QRect(left, rect.top(), right - left, half), group[0],
                       logicalIndex)
            self._cell(painter, QRect(rect.left(), rect.top() + half, rect.width(),
                                      rect.height() - half), label, logicalIndex)
        painter.restore()

    def _cell(self, painter: QPainter, rect: QRect, text: str, section: int) -> None:
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.rect = rect
        option.section = section
        option.textAlignment = Qt.AlignmentFlag.AlignCenter
        style = self.style()
        style.drawControl(QStyle.ControlElement.CE_HeaderSection, option, painter, self)
        painter.drawText(rect.adjusted(3, 2, -3, -2),
                         int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), text)
