"""Date fields every form shares, with Tab going to the next field as clerks expect.

Qt's date editor uses Tab to step through its own sections (year, month,
day…), which traps a keyboard-only user in one field; here the arrow keys
move between sections and Tab leaves the field.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QWidget


def qdate(day: date) -> QDate:
    """``day`` as a QDate."""
    return QDate(day.year, day.month, day.day)


def date_field(day: date | None = None) -> QDateEdit:
    """A calendar-popup date field showing ``day`` (today when None)."""
    edit = QDateEdit(qdate(day) if day is not None else QDate.currentDate())
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def picked(edit: QDateEdit) -> date:
    """The date in ``edit`` as a Python date."""
    value = edit.date().toPython()
    assert isinstance(value, date)
    return value


class DateTimeField(QDateTimeEdit):
    """A QDateTimeEdit whose Tab key moves focus to the next widget."""

    def focusNextPrevChild(self, forward: bool) -> bool:
        return QWidget.focusNextPrevChild(self, forward)
