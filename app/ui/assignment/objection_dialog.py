"""回避申请: record a party's objection to a mediator, then decide it.

Choosing a mediator with an undecided objection switches the dialog to the
decision: granted (a replacement takes over; required for the lead) or
rejected, each with its reason, so the file shows the whole procedure.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.conflicts import MediatorChoice
from app.domain.text import _
from app.services.assignment.objections import CaseMediatorLine, decide_objection, raise_objection
from app.services.assignment.recommendation import mediators_of
from app.services.casebase.workspace import Workspace
from app.ui.app_errors import error_text
from app.ui.form_errors import ErrorLabel
from app.ui.shortcuts import make_primary
from app.ui.tasks import TaskRunner


class ObjectionDialog(QDialog):
    """Raise or decide an objection on one case; emits ``saved``."""

    saved = Signal()

    def __init__(self, workspace: Workspace, tasks: TaskRunner, case_id: int,
                 lines: list[CaseMediatorLine], organisation_id: int | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.tasks, self.case_id = workspace, tasks, case_id
        self.lines = [line for line in lines if line.status == "active"]
        self.setWindowTitle(_("回避申请"))
        self.resize(560, 360)
        self.mediator = QComboBox()
        for line in self.lines:
            self.mediator.addItem(line.name + (_("（主办）") if line.is_lead else ""),
                                  line.mediator_id)
        self.mode = QLabel()
        self.applicant = QLineEdit()
        self.applicant.setPlaceholderText(_("提出申请的当事人"))
        self.reason = QLineEdit()
        self.granted = QRadioButton(_("准予回避"))
        self.dismissed = QRadioButton(_("驳回申请"))
        self.granted.setChecked(True)
        self.replacement = QComboBox()
        self.replacement.addItem(_("（不另指定）"), None)
        self.message = ErrorLabel()
        self.save_button = QPushButton()
        make_primary(self, self.save_button, _("保存"), saves=True)
        self.save_button.clicked.connect(self.save)
        cancel = QPushButton(_("取消"))
        cancel.clicked.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("调解员"), self.mediator)
        form.addRow(self.mode)
        form.addRow(_("申请人"), self.applicant)
        form.addRow(_("理由"), self.reason)
        decision = QHBoxLayout()
        decision.addWidget(self.granted)
        decision.addWidget(self.dismissed)
        form.addRow(_("决定"), decision)
        form.addRow(_("接替的调解员"), self.replacement)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.mediator.currentIndexChanged.connect(self._mode_changed)
        self._mode_changed()
        if organisation_id is not None:
            db, user = workspace.db, workspace.user
            self.tasks.run(partial(mediators_of, db, user, case_id, [organisation_id]),
                           self._fill_replacements, owner=self)

    def _current(self) -> CaseMediatorLine | None:
        index = self.mediator.currentIndex()
        return self.lines[index] if 0 <= index < len(self.lines) else None

    def deciding(self) -> bool:
        """True when the chosen mediator has an objection waiting for a decision."""
        line = self._current()
        return line is not None and line.objection_pending

    def _mode_changed(self) -> None:
        line = self._current()
        deciding = self.deciding()
        self.mode.setText(_("待决定的申请：{text}").format(text=line.objection) if deciding and line
                          else _("登记当事人的回避申请"))
        self.applicant.setEnabled(not deciding)
        for widget in (self.granted, self.dismissed, self.replacement):
            widget.setEnabled(deciding)
        self.reason.setPlaceholderText(_("决定的理由") if deciding else _("申请回避的理由"))

    def _fill_replacements(self, choices: list[MediatorChoice]) -> None:
        on_case = {line.mediator_id for line in self.lines}
        for m in choices:
            if m.id not in on_case and not m.conflicts:
                self.replacement.addItem(_("{name}（在办 {n} 件）").format(name=m.name,
                                                                       n=m.open_cases), m.id)

    def save(self) -> None:
        """Record the objection or the decision in the background."""
        line = self._current()
        if line is None:
            self.message.show_message(_("本案目前没有参与调解的调解员"))
            return
        db, user, reason = self.workspace.db, self.workspace.user, self.reason.text()
        mediator, case_id = line.mediator_id, self.case_id
        if self.deciding():
            granted = self.granted.isChecked()
            replacement = self.replacement.currentData() if granted else None
            self.tasks.run(partial(decide_objection, db, user, case_id, mediator, granted, reason,
                                   replacement),
                           self._saved, self._failed, owner=self)
        else:
            self.tasks.run(partial(raise_objection, db, user, case_id, mediator, reason,
                                   self.applicant.text()),
                           self._saved, self._failed, owner=self)
        self.save_button.setEnabled(False)

    def _saved(self, _result: object) -> None:
        self.saved.emit()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.message.show_message(error_text(exc))
