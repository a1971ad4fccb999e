"""Small pieces the 村民说事 dialogs share: date fields, counts, and where an error is shown.

A service refuses bad input with a field path (``vote.present``,
``guests[0].name``); the dialogs show the message under the nearest field
they have, so a clerk sees the reason next to what must change rather than
in a box that has to be dismissed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHeaderView, QLabel, QSpinBox, QTableWidget

from app import i18n
from app.domain.meeting_stages import STAGE_LABELS, ItemStage
from app.domain.text import _
from app.services.casebase.opening import Database
from app.services.meetings.proceedings import OpenItemRow
from app.services.security.users import UserInfo
from app.ui.app_errors import error_text
from app.ui.form_errors import FieldErrors

OVERDUE_COLOUR = "#c62828"

ItemStep = Callable[[Database, UserInfo, int], object]
"""One step on a matter, as the stage forms emit it: a ``functools.partial`` of a
service call that still lacks the database, the acting user and the matter's id."""


def count_field(maximum: int = 100000) -> QSpinBox:
    """A non-negative head count."""
    spin = QSpinBox()
    spin.setRange(0, maximum)
    spin.setGroupSeparatorShown(True)
    return spin


def stretch_column(table: QTableWidget, column: int, count: int) -> None:
    """Give the spare width to ``column`` (the matter text) instead of the last one."""
    table.setColumnCount(count)
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)


def stage_text(stage: str) -> str:
    """The translated stage of a matter."""
    return _(STAGE_LABELS[ItemStage(stage)])


def deadline_text(row: OpenItemRow, style: str = "medium") -> str:
    """When the matter is due (its deadline or the 20-day answer limit), and how late it is."""
    if row.due is None:
        return ""
    day = i18n.format_date(row.due, style)
    if row.deadline is None:
        day = _("{day} 前答复").format(day=day)
    if row.days_overdue > 0:
        return _("{day}（超期 {n} 天）").format(day=day, n=row.days_overdue)
    return day


def show_failure(errors: FieldErrors, status: QLabel, exc: BaseException) -> None:
    """Put the message under the field it names (or its parent field), else in ``status``."""
    field = getattr(exc, "field", None) or ""
    while field:
        if errors.show(field, str(exc)):
            status.setText(_("未保存，请看标红的提示"))
            return
        cut = max(field.rfind("."), field.rfind("["))
        field = field[:cut] if cut > 0 else ""
    status.setText(error_text(exc))
