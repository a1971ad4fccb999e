"""流转: pass a case to another organisation or an outside body, with kind and reason.

Up, down or across inside the county (the kind follows from the two
organisations' levels unless chosen), or out to a court, police station,
petition office or department; a court's or police station's hand-over in
is recorded the same way at intake.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import ORG_KINDS, label
from app.domain.referrals import DIRECTIONS, REFERABLE_KINDS, Direction, kind_label
from app.domain.text import _
from app.services.assignment.referrals import ReferralResult, known_outside_bodies, refer
from app.services.casebase.workspace import Workspace
from app.services.organisations import queries as organisation_queries
from app.ui.app_errors import error_text
from app.ui.form_errors import ErrorLabel
from app.ui.shortcuts import make_primary
from app.ui.tasks import TaskRunner


class ReferralDialog(QDialog):
    """Refer one case; emits ``referred`` with the ReferralResult."""

    referred = Signal(object)

    def __init__(self, workspace: Workspace, tasks: TaskRunner, case_id: int,
                 current_organisation_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.tasks, self.case_id = workspace, tasks, case_id
        self.current_organisation_id = current_organisation_id
        self.setWindowTitle(_("案件流转"))
        self.resize(620, 420)
        self.to_org = QRadioButton(_("流转至调解组织"))
        self.to_outside = QRadioButton(_("移送外部机关，或登记外部机关移交"))
        group = QButtonGroup(self)
        group.addButton(self.to_org)
        group.addButton(self.to_outside)
        self.to_org.setChecked(True)
        self.organisation = QComboBox()
        self.external = QComboBox()
        self.external.setEditable(True)
        external_text = self.external.lineEdit()
        assert external_text is not None  # an editable combo box always has one
        external_text.setPlaceholderText(_("如：县人民法院、派出所、信访局"))
        self.kind = QComboBox()
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(_("流转理由（将记入办理经过）"))
        self.message = ErrorLabel()
        self.save_button = QPushButton()
        make_primary(self, self.save_button, _("流转"))
        self.save_button.clicked.connect(self.save)
        cancel = QPushButton(_("取消"))
        cancel.clicked.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.to_org)
        form.addRow(_("接收组织"), self.organisation)
        form.addRow(self.to_outside)
        form.addRow(_("外部机关"), self.external)
        form.addRow(_("流转类型"), self.kind)
        form.addRow(_("理由"), self.reason)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.to_org.toggled.connect(self._target_changed)
        self._target_changed()
        db, user = workspace.db, workspace.user
        self.tasks.run(partial(organisation_queries.organisations, db, user),
                       self._fill_organisations, owner=self)
        self.tasks.run(partial(known_outside_bodies, db, user), self._fill_bodies, owner=self)

    def _fill_bodies(self, names: list[str]) -> None:
        typed = self.external.currentText()
        self.external.addItems(names)
        self.external.setEditText(typed)

    def _fill_organisations(self, rows: list[organisation_queries.OrganisationRow]) -> None:
        for r in rows:
            if r.id != self.current_organisation_id:
                self.organisation.addItem(f"{r.name}（{label(ORG_KINDS, r.kind)}）", r.id)

    def _target_changed(self) -> None:
        internal = self.to_org.isChecked()
        self.organisation.setEnabled(internal)
        self.external.setEnabled(not internal)
        self.kind.clear()
        if internal:
            self.kind.addItem(_("按层级自动判断（上报、下派或移交）"), None)
        for key in REFERABLE_KINDS:
            if (DIRECTIONS[key] == Direction.INTERNAL) == internal:
                self.kind.addItem(kind_label(key), key)

    def choose_organisation(self, organisation_id: int) -> None:
        """Select the receiving organisation (for scripted use and tests)."""
        self.to_org.setChecked(True)
        self.organisation.setCurrentIndex(self.organisation.findData(organisation_id))

    def save(self) -> None:
        """Refer in the background; problems are shown in the dialog."""
        internal = self.to_org.isChecked()
        target = self.organisation.currentData() if internal else None
        external = None if internal else self.external.currentText()
        kind, reason = self.kind.currentData(), self.reason.toPlainText()
        self.save_button.setEnabled(False)
        self.message.show_message(None)
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(refer, db, user, self.case_id, reason, target, external, kind),
                       self._saved, self._failed, owner=self)

    def _saved(self, result: ReferralResult) -> None:
        self.referred.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.message.show_message(error_text(exc))
