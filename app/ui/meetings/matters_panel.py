"""The matters of a meeting (说事) and the ones carried over from earlier meetings.

Raising a matter takes three things — who, what kind, what was said — so it
is typed straight into the meeting window while the villager is speaking;
everything after that happens in the matter's own editor.  Tables here are
read-only lists; a double-click opens the matter.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app import i18n
from app.domain.codes import label
from app.domain.meeting_codes import ITEM_CATEGORIES
from app.domain.text import _
from app.services.casebase.workspace import Workspace
from app.services.meetings import proceedings as meetings
from app.services.meetings.proceedings import OpenItemRow
from app.services.meetings.queries import MeetingView
from app.ui.combos import vocab_combo
from app.ui.form_errors import ErrorLabel, FieldErrors
from app.ui.meetings.common import (
    OVERDUE_COLOUR,
    deadline_text,
    show_failure,
    stage_text,
    stretch_column,
)
from app.ui.table_view import fill_table, make_small_table
from app.ui.tasks import TaskRunner


def colour_overdue(table: QTableWidget, rows: Sequence[OpenItemRow]) -> None:
    """Paint the rows whose deadline has passed."""
    for r, row in enumerate(rows):
        if row.days_overdue > 0:
            for c in range(table.columnCount()):
                cell = table.item(r, c)
                if cell is not None:
                    cell.setForeground(QColor(OVERDUE_COLOUR))


class MattersPanel(QWidget):
    """This meeting's matters and the 说事 form; emits ``open_item`` and ``raised``."""

    open_item = Signal(int)
    raised = Signal()

    def __init__(self, workspace: Workspace, tasks: TaskRunner) -> None:
        super().__init__()
        self.workspace, self.tasks = workspace, tasks
        self.meeting_id: int | None = None
        self.item_ids: list[int] = []
        self.errors = FieldErrors()
        self.table = make_small_table((40, 80, 80, 360, 70, 80, 110))
        self.table.doubleClicked.connect(self._open_row)
        stretch_column(self.table, 3, 8)
        self.raised_by = QComboBox()
        self.raised_by.setEditable(True)
        self.raised_by.setMinimumWidth(160)
        self.category = vocab_combo(ITEM_CATEGORIES)
        self.matter = QPlainTextEdit()
        self.matter.setTabChangesFocus(True)
        self.matter.setFixedHeight(60)
        self.matter.setPlaceholderText(_("村民所说的事：时间、地点、诉求"))
        self.add_button = QPushButton(_("记下这件事"))
        self.add_button.clicked.connect(self.raise_item)
        self.open_button = QPushButton(_("打开事项"))
        self.open_button.clicked.connect(self._open_current)
        self.status = QLabel()
        who = QHBoxLayout()
        who.addWidget(self.raised_by)
        who.addWidget(QLabel(_("类别")))
        who.addWidget(self.category)
        who.addStretch(1)
        form = QFormLayout()
        form.addRow(_("提出人"), who)
        form.addRow("", self.errors.add("raised_by", ErrorLabel()))
        form.addRow(_("说事内容"), self.matter)
        form.addRow("", self.errors.add("matter", ErrorLabel()))
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)

    def show_meeting(self, view: MeetingView) -> None:
        """List the meeting's matters and offer the attendees as raisers."""
        detail = view.detail
        self.meeting_id = detail.info.id
        self.item_ids = [i.id for i in detail.items]
        typed = self.raised_by.currentText()
        self.raised_by.clear()
        self.raised_by.addItems([a.name for a in detail.attendees])
        self.raised_by.setCurrentText(typed)
        fill_table(self.table, [_("序号"), _("提出人"), _("类别"), _("事项"), _("阶段"),
                                _("责任人"), _("办理期限"), _("关联案件")],
                   [[str(i.ordinal + 1), i.raised_by, label(ITEM_CATEGORIES, i.category),
                     i.matter, stage_text(i.stage), i.responsible or "",
                     i18n.format_date(i.deadline), view.case_numbers.get(i.case_id or 0, "")]
                    for i in detail.items])

    def raise_item(self) -> None:
        """说事: add what was just said as a new matter."""
        if self.meeting_id is None:
            return
        self.errors.clear()
        who, category = self.raised_by.currentText(), self.category.currentData()
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(meetings.raise_item, db, user, self.meeting_id, who, category,
                               self.matter.toPlainText()),
                       self._raised, self._failed, owner=self)

    def _failed(self, exc: BaseException) -> None:
        show_failure(self.errors, self.status, exc)

    def _raised(self, item: meetings.ItemInfo) -> None:
        self.matter.clear()
        self.raised_by.setCurrentText("")
        self.status.setText(_("已记下第 {n} 项").format(n=item.ordinal + 1))
        self.raised.emit()

    def _open_row(self, index: QModelIndex) -> None:
        if 0 <= index.row() < len(self.item_ids):
            self.open_item.emit(self.item_ids[index.row()])

    def _open_current(self) -> None:
        self._open_row(self.table.currentIndex())


class CarryOverPanel(QWidget):
    """Matters still open from earlier meetings, overdue first, for reporting back."""

    open_item = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[OpenItemRow] = []
        self.hint = QLabel(_("以下事项在以往说事会上提出、尚未办结，请责任人当场报告办理情况。"))
        self.table = make_small_table((110, 80, 360, 70, 80, 170))
        self.table.doubleClicked.connect(
            lambda index: self.open_item.emit(self.rows[index.row()].item_id))
        stretch_column(self.table, 2, 6)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)

    def show_rows(self, rows: Sequence[OpenItemRow]) -> None:
        """Show ``rows`` (as the service ordered them: overdue first)."""
        self.rows = list(rows)
        fill_table(self.table, [_("说事日期"), _("提出人"), _("事项"), _("阶段"), _("责任人"),
                                _("办理期限")],
                   [[i18n.format_date(r.held_at.date()), r.raised_by, r.matter,
                     stage_text(r.stage), r.responsible or "",
                     deadline_text(r)] for r in rows])
        colour_overdue(self.table, rows)
