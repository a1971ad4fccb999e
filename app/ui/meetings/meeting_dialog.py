"""A 说事会 from opening to the last matter: header, sign-in, matters raised, carry-over.

Opening a meeting saves its header first (date, venue, kind, who chairs and
who minutes, which body votes and how many members it has, for the quorum);
from then on attendance is taken, matters are raised, and the matters still
open from earlier meetings of the village are listed so the handlers report
back on them in front of the villagers.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from PySide6.QtCore import QDateTime, QTime, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import i18n
from app.domain.meeting_codes import MEETING_KINDS
from app.domain.text import _
from app.domain.votes import BODY_LABELS
from app.services.casebase.workspace import Workspace
from app.services.meetings import proceedings as meetings
from app.services.meetings.proceedings import MeetingInfo
from app.services.meetings.queries import MeetingView, meeting_view
from app.ui.combos import vocab_combo
from app.ui.date_edit import DateTimeField, qdate
from app.ui.form_errors import ErrorLabel, FieldErrors
from app.ui.meetings.attendance import AttendancePanel
from app.ui.meetings.common import count_field, show_failure
from app.ui.meetings.item_dialog import ItemDialog
from app.ui.meetings.matters_panel import CarryOverPanel, MattersPanel
from app.ui.meetings.printing import MeetingPrintButton
from app.ui.shortcuts import make_primary
from app.ui.tasks import TaskRunner


class MeetingDialog(QDialog):
    """Open a new meeting (``meeting_id`` None) or continue one; emits ``changed``."""

    changed = Signal()

    def __init__(self, workspace: Workspace, tasks: TaskRunner, village_code: str,
                 village_name: str, meeting_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.tasks = workspace, tasks
        self.village_code, self.meeting_id = village_code, meeting_id
        self.view: MeetingView | None = None
        self.setWindowTitle(_("村民说事会 — {village}").format(village=village_name))
        self.resize(1100, 760)
        self.errors = FieldErrors()
        now = QDateTime.currentDateTime()
        self.held_at = DateTimeField(now.addSecs(-now.time().second()))
        self.held_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.held_at.setCalendarPopup(True)
        self.venue = QLineEdit(_("{village}村民说事室").format(village=village_name))
        self.kind = vocab_combo(MEETING_KINDS)
        self.host, self.recorder = QLineEdit(), QLineEdit()
        self.body = vocab_combo({body.value: text for body, text in BODY_LABELS.items()})
        self.members_total = count_field()
        self.members_total.setSpecialValueText(_("未填"))
        self.open_button = QPushButton()
        make_primary(self, self.open_button, _("开始说事会"))
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.open_meeting)
        self.edit_button = QPushButton(_("修改会议信息"))
        self.edit_button.setAutoDefault(False)
        self.edit_button.clicked.connect(self.unlock_header)
        self.edit_button.hide()
        header = QFormLayout()
        first, second = QHBoxLayout(), QHBoxLayout()
        for row, pairs in ((first, ((_("时间"), self.held_at), (_("地点"), self.venue),
                                    (_("类型"), self.kind))),
                           (second, ((_("主持人"), self.host), (_("记录人"), self.recorder),
                                     (_("表决机构"), self.body),
                                     (_("应到人数"), self.members_total)))):
            for title, widget in pairs:
                row.addWidget(QLabel(title))
                row.addWidget(widget, 1 if isinstance(widget, QLineEdit) else 0)
        header.addRow(first)
        header.addRow(second)
        for field in ("venue", "kind", "body", "host", "recorder", "members_total", "village"):
            header.addRow(self.errors.add(field, ErrorLabel()))
        self.attendance = AttendancePanel(workspace, tasks, village_code)
        self.matters = MattersPanel(workspace, tasks)
        self.carry_over = CarryOverPanel()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.attendance, _("签到"))
        self.tabs.addTab(self.matters, _("说事事项"))
        self.tabs.addTab(self.carry_over, _("上次遗留事项"))
        self.tabs.setEnabled(meeting_id is not None)
        self.status = QLabel()
        close = QPushButton(_("关闭"))
        close.setAutoDefault(False)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        self.print_button = MeetingPrintButton(workspace, tasks, self.status)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self.matters.open_item.connect(self.open_item)
        self.matters.raised.connect(self._raised)
        self.carry_over.open_item.connect(self.open_item)
        self.attendance.signed.connect(self._signed)
        if meeting_id is not None:
            self._lock_header()
            self.print_button.set_meeting(meeting_id)
            self.reload()

    def _lock_header(self, locked: bool = True) -> None:
        for edit in (self.venue, self.host, self.recorder):
            edit.setReadOnly(locked)
        for widget in (self.held_at, self.kind, self.body, self.members_total):
            widget.setEnabled(not locked)
        self.open_button.setVisible(not locked)
        self.edit_button.setVisible(locked)

    def unlock_header(self) -> None:
        """Let the recorder correct the header (time, venue, chair, voting body, total)."""
        self._lock_header(False)
        self.open_button.setText(_("保存会议信息"))
        self.open_button.setEnabled(True)

    def open_meeting(self) -> None:
        """Save the header; the answer brings the earlier matters still open."""
        held = self.held_at.dateTime().toPython()
        assert isinstance(held, datetime)
        data = meetings.MeetingInput(
            self.village_code, held, self.venue.text(), self.kind.currentData(),
            self.body.currentData(), self.host.text(), self.recorder.text(),
            self.members_total.value() or None)
        self.errors.clear()
        self.open_button.setEnabled(False)
        db, user = self.workspace.db, self.workspace.user
        if self.meeting_id is None:
            self.tasks.run(partial(meetings.open_meeting, db, user, data),
                           self._opened, self._open_failed, owner=self)
            return
        version = self.view.detail.info.version if self.view is not None else 0
        self.tasks.run(partial(meetings.update_meeting, db, user, self.meeting_id, version, data),
                       self._corrected, self._open_failed, owner=self)

    def _open_failed(self, exc: BaseException) -> None:
        self.open_button.setEnabled(True)
        show_failure(self.errors, self.status, exc)

    def _opened(self, info: MeetingInfo) -> None:
        self.meeting_id = info.id
        self._lock_header()
        self.print_button.set_meeting(info.id)
        self.tabs.setEnabled(True)
        self.status.setText(_("说事会已登记；上次遗留事项 {n} 件，请逐件报告办理情况").format(
            n=len(info.carry_over)) if info.carry_over else _("说事会已登记"))
        if info.carry_over:
            self.tabs.setCurrentWidget(self.carry_over)
        self.changed.emit()
        self.reload()

    def _corrected(self, _info: MeetingInfo) -> None:
        self._lock_header()
        self.status.setText(_("会议信息已保存"))
        self.changed.emit()
        self.reload()

    def reload(self) -> None:
        """Fetch the meeting again (after any change to it or its matters)."""
        if self.meeting_id is None:
            return
        db, user, meeting_id = self.workspace.db, self.workspace.user, self.meeting_id
        self.tasks.run(partial(meeting_view, db, user, meeting_id), self.show_view,
                       self._load_failed, owner=self)

    def _load_failed(self, exc: BaseException) -> None:
        show_failure(self.errors, self.status, exc)

    def show_view(self, view: MeetingView) -> None:
        """Fill the header and the three tabs."""
        self.view = view
        info = view.detail.info
        held = info.held_at
        self.held_at.setDateTime(QDateTime(qdate(held.date()), QTime(held.hour, held.minute)))
        self.venue.setText(info.venue or "")
        self.host.setText(info.host or "")
        self.recorder.setText(info.recorder or "")
        for combo, key in ((self.kind, info.kind), (self.body, info.body)):
            combo.setCurrentIndex(max(combo.findData(key), 0))
        self.members_total.setValue(info.members_total or 0)
        self.setWindowTitle(_("村民说事会 — {village} {day}").format(
            village=info.village, day=i18n.format_datetime(info.held_at)))
        self.attendance.show_sheet(info.id, view.detail.attendees)
        self.matters.show_meeting(view)
        self.carry_over.show_rows(info.carry_over)
        self.tabs.setTabText(1, _("说事事项（{n}）").format(n=len(view.detail.items)))
        self.tabs.setTabText(2, _("上次遗留事项（{n}）").format(n=len(info.carry_over)))

    def _signed(self, _sheet: object) -> None:
        self.changed.emit()
        self.reload()

    def _raised(self) -> None:
        self.changed.emit()
        self.reload()

    def open_item(self, item_id: int) -> ItemDialog:
        """Open one matter (of this meeting or carried over) in its editor."""
        dialog = ItemDialog(self.workspace, self.tasks, item_id, self)
        dialog.changed.connect(self._raised)
        dialog.open()
        return dialog

