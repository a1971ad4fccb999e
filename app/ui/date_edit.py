"""Date-time field where Tab goes to the next field, as clerks expect.

Qt's date editor uses Tab to step through its own sections (year, month,
day…), which traps a keyboard-only user in one field; here the arrow keys
move between sections and Tab leaves the field.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDateTimeEdit, QWidget


class DateTimeField(QDateTimeEdit):
    """A QDateTimeEdit whose Tab key moves focus to the next widget."""

    def focusNextPrevChild(self, forward: bool) -> bool:
        return QWidget.focusNextPrevChild(self, forward)
