"""The period picker of the reports page: a month, a quarter, a year, or any span.

Clerks report monthly, so the picker opens on last month and a month is two
clicks away; a quarter or a year keeps the chosen year.  It returns the
reports layer's :class:`~app.reports.model.Period`, which owns the calendar
arithmetic (环比, 同比).
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from app.domain.text import _
from app.reports import Period

YEARS_BACK = 10
"""How many past years the year box offers (a ledger imported from paper may go back that far)."""


def last_month(today: date) -> tuple[int, int]:
    """The month before ``today``'s: what a clerk reports at the start of a month."""
    previous = today.replace(day=1) - timedelta(days=1)
    return previous.year, previous.month


class PeriodPicker(QWidget):
    """月 / 季度 / 年 / 自定义, with the boxes each needs; ``changed`` on every edit."""

    changed = Signal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QComboBox()
        for text, key in ((_("按月"), "month"), (_("按季度"), "quarter"), (_("按年"), "year"),
                          (_("自定义起止"), "span")):
            self.kind.addItem(text, key)
        self.year = QComboBox()
        for year in range(today.year, today.year - YEARS_BACK, -1):
            self.year.addItem(_("{year}年").format(year=year), year)
        self.month = QComboBox()
        for month in range(1, 13):
            self.month.addItem(_("{month}月").format(month=month), month)
        self.quarter = QComboBox()
        for quarter in range(1, 5):
            self.quarter.addItem(_("第{n}季度").format(n=quarter), quarter)
        self.start, self.end = QDateEdit(), QDateEdit()
        self.dash = QLabel("—")
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.kind, self.year, self.month, self.quarter, self.start, self.dash,
                       self.end):
            layout.addWidget(widget)
        self.set_month(*last_month(today))
        self.start.setDate(QDate(today.year, 1, 1))
        self.end.setDate(QDate(today.year, today.month, today.day))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for combo in (self.year, self.month, self.quarter):
            combo.currentIndexChanged.connect(self.changed)
        for edit in (self.start, self.end):
            edit.dateChanged.connect(self.changed)
        self._show_boxes()

    def set_month(self, year: int, month: int) -> None:
        """Pick one month (without emitting ``changed`` twice)."""
        self.blockSignals(True)
        self.kind.setCurrentIndex(self.kind.findData("month"))
        index = self.year.findData(year)
        if index < 0:
            self.year.addItem(_("{year}年").format(year=year), year)
            index = self.year.count() - 1
        self.year.setCurrentIndex(index)
        self.month.setCurrentIndex(month - 1)
        self.blockSignals(False)
        self._show_boxes()
        self.changed.emit()

    def period(self) -> Period:
        """The period the boxes describe."""
        kind, year = self.kind.currentData(), int(self.year.currentData())
        if kind == "month":
            return Period.month(year, int(self.month.currentData()))
        if kind == "quarter":
            return Period.quarter(year, int(self.quarter.currentData()))
        if kind == "year":
            return Period.year(year)
        start, end = self.start.date().toPython(), self.end.date().toPython()
        assert isinstance(start, date) and isinstance(end, date)
        return Period(min(start, end), max(start, end))

    def _kind_changed(self) -> None:
        self._show_boxes()
        self.changed.emit()

    def _show_boxes(self) -> None:
        kind = self.kind.currentData()
        self.year.setVisible(kind != "span")
        self.month.setVisible(kind == "month")
        self.quarter.setVisible(kind == "quarter")
        for widget in (self.start, self.dash, self.end):
            widget.setVisible(kind == "span")
