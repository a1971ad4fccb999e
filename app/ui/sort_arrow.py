"""A list's sort arrow points the way its rows run: ▼ newest (or largest) first, ▲ oldest first.

Qt's styles disagree on the arrow: Fusion and the Windows 11 style point it
up for a descending sort, the Windows Vista style down.  Clerks know the
spreadsheet convention (descending ▼), so list headers draw the arrow
themselves from the order the header actually holds, whatever the style.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QHeaderView, QProxyStyle, QStyle, QStyleOption, QWidget

PE = QStyle.PrimitiveElement


class SortArrowStyle(QProxyStyle):
    """The application's style, except that a header's sort arrow follows the sort order."""

    def drawPrimitive(self, element: PE, option: QStyleOption, painter: QPainter,
                      widget: QWidget | None = None) -> None:
        """Draw the sort indicator as a plain arrow pointing the way the rows run."""
        if element == PE.PE_IndicatorHeaderArrow and isinstance(widget, QHeaderView):
            descending = widget.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
            arrow = PE.PE_IndicatorArrowDown if descending else PE.PE_IndicatorArrowUp
            super().drawPrimitive(arrow, option, painter, widget)
            return
        super().drawPrimitive(element, option, painter, widget)


def point_sort_arrow(header: QHeaderView) -> None:
    """Make ``header`` draw its sort arrow as in a spreadsheet (see the module docstring)."""
    style = SortArrowStyle()
    owner: QObject = header
    style.setParent(owner)
    header.setStyle(style)
