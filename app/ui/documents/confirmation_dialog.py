"""Judicial confirmation (司法确认): the last day to apply, the application, the ruling.

The parties lose the right to apply 30 days after the agreement takes
effect (CPL art. 205), and nobody tells them but the mediator; so the dialog
leads with that date and turns amber in the last week and red once it has
passed, saying what is left (PML art. 32: a suit, or a fresh agreement).
The application and the court's ruling are recorded here; a confirmed
agreement is shown as enforceable.
"""

from __future__ import annotations

from datetime import date
from functools import partial

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.agreement_rules import (
    DECISIONS,
    ConfirmationDeadline,
    confirmation_deadline,
    deadline_warning,
    last_day_text,
)
from app.domain.dates import format_date_cn
from app.domain.text import _
from app.services.agreements.agreement import (
    AgreementInfo,
    load_agreement,
    record_application,
    record_decision,
)
from app.services.casebase.workspace import Workspace
from app.ui.app_errors import error_text
from app.ui.date_edit import picked, qdate
from app.ui.shortcuts import alt_text
from app.ui.tasks import TaskRunner

STATE_COLOURS = {"open": "#1b5e20", "near": "#b26a00", "passed": "#b00020"}


def deadline_text(deadline: ConfirmationDeadline, applied: bool) -> str:
    """The sentence the case shows about the application deadline."""
    last = format_date_cn(deadline.last_day)
    if applied:
        return _("司法确认已申请（申请期限至{last}，含当日）").format(last=last)
    if deadline.state == "passed":
        return _("申请司法确认的期限已于{last}（含当日）届满，法院将不予受理；当事人可以就协议"
                 "向人民法院起诉，或者重新调解达成新的协议").format(last=last)
    if deadline.state == "near":
        return deadline_warning(deadline)
    return _("申请司法确认的最后一天：{last}（还有{days}天）").format(
        last=last_day_text(deadline.last_day), days=deadline.days_left)


def _date_edit() -> QDateEdit:
    edit = QDateEdit(QDate.currentDate())
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class ConfirmationDialog(QDialog):
    """Record the application and the ruling; emits ``changed`` after each."""

    changed = Signal()

    def __init__(self, workspace: Workspace, tasks: TaskRunner, case_id: int,
                 parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.tasks, self.case_id = workspace, tasks, case_id
        self.today = today or date.today()
        self.setWindowTitle(_("司法确认"))
        self.resize(620, 420)
        self.deadline = QLabel(_("加载中…"))
        self.deadline.setWordWrap(True)
        self.deadline.setStyleSheet("font-weight: bold;")
        self.court = QLineEdit()
        self.applied_on = _date_edit()
        self.apply_button = QPushButton(alt_text(_("登记申请"), "P"))
        self.apply_button.clicked.connect(self.record_application)
        self.decision = QComboBox()
        for key, text in DECISIONS.items():
            self.decision.addItem(_(text), key)
        self.ruling = QLineEdit()
        self.ruling.setPlaceholderText(_("如（2026）浙0225民特12号"))
        self.decided_on = _date_edit()
        self.decide_button = QPushButton(alt_text(_("登记裁定"), "R"))
        self.decide_button.clicked.connect(self.record_decision)
        self.status = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        application = QGroupBox(_("共同申请"))
        a_form = QFormLayout(application)
        a_form.addRow(_("管辖法院"), self.court)
        a_form.addRow(_("申请日期"), self.applied_on)
        a_form.addRow("", self.apply_button)
        decision = QGroupBox(_("法院决定"))
        d_form = QFormLayout(decision)
        d_form.addRow(_("结果"), self.decision)
        d_form.addRow(_("裁定书编号"), self.ruling)
        d_form.addRow(_("裁定日期"), self.decided_on)
        d_form.addRow("", self.decide_button)
        close = QPushButton(_("关闭"))
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        for widget in (self.deadline, application, decision, self.status):
            layout.addWidget(widget)
        layout.addLayout(bottom)
        for button in (self.apply_button, self.decide_button):
            button.setEnabled(False)
        self.reload()

    def reload(self) -> None:
        """Load the agreement and any recorded application in the background."""
        db, user, case_id = self.workspace.db, self.workspace.user, self.case_id
        self.tasks.run(partial(load_agreement, db, user, case_id), self.show_info,
                       self.show_error, owner=self)

    def show_info(self, info: AgreementInfo) -> None:
        """Show the deadline and what has been recorded so far."""
        a, jc = info.agreement, info.confirmation
        if a is None or a.form != "written" or a.effective_on is None:
            self.deadline.setText(_("本案没有已生效的书面调解协议，不能申请司法确认"))
            return
        deadline = confirmation_deadline(a.effective_on, self.today)
        applied = jc is not None and jc.applied_on is not None
        self.deadline.setText(deadline_text(deadline, applied))
        colour = STATE_COLOURS["open"] if applied else STATE_COLOURS[deadline.state]
        self.deadline.setStyleSheet(f"font-weight: bold; color: {colour};")
        self.court.setText(jc.court if jc else info.court_name or "")
        if jc and jc.applied_on:
            self.applied_on.setDate(qdate(jc.applied_on))
        decided = jc is not None and jc.result is not None
        if jc is not None and decided:
            self.decision.setCurrentIndex(max(self.decision.findData(jc.result), 0))
            self.ruling.setText(jc.ruling_number or "")
            if jc.decided_on:
                self.decided_on.setDate(qdate(jc.decided_on))
            self.status.setText(_("协议经法院确认有效，具有强制执行力") if jc.enforceable
                                else _("法院驳回申请：当事人可重新调解或向法院起诉"))
        self.apply_button.setEnabled(not decided)
        self.decide_button.setEnabled(applied and not decided)

    def show_error(self, exc: BaseException) -> None:
        """One sentence on why an action was refused."""
        self.message.setText(error_text(exc))

    def record_application(self) -> None:
        """Save the court and filing date."""
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(record_application, db, user, self.case_id, self.court.text(),
                               picked(self.applied_on)),
                       self.done, self.show_error, owner=self)

    def record_decision(self) -> None:
        """Save the court's ruling."""
        db, user = self.workspace.db, self.workspace.user
        result, ruling = str(self.decision.currentData()), self.ruling.text()
        self.tasks.run(partial(record_decision, db, user, self.case_id, result, ruling,
                               picked(self.decided_on)),
                       self.done, self.show_error, owner=self)

    def done(self, _result: object) -> None:
        """Reload after a saved action and tell the case page."""
        self.message.clear()
        self.changed.emit()
        self.reload()
