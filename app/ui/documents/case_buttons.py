"""The agreement, judicial-confirmation and documents buttons of the case dialog.

Kept here so the case dialog (owned by another area) needs only one line to
offer them; the judicial-confirmation deadline shows beside them as soon as
the agreement is loaded, so the warning is seen without opening anything.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Protocol

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QBoxLayout, QDialog, QLabel, QPushButton

from app.domain.agreement_rules import confirmation_deadline
from app.domain.workflow import CaseStatus
from app.services.agreements.agreement import AgreementInfo, load_agreement
from app.services.casebase.workspace import Workspace
from app.ui.documents.agreement_editor import AgreementEditorDialog
from app.ui.documents.confirmation_dialog import STATE_COLOURS, ConfirmationDialog, deadline_text
from app.ui.shortcuts import case_button_text
from app.ui.tasks import TaskRunner


class CaseDialog(Protocol):
    """What the buttons need from the case dialog."""

    workspace: Workspace
    tasks: TaskRunner
    case_id: int
    changed: SignalInstance

    def reload(self) -> None: ...


class DocumentButtons:
    """Buttons and the deadline label, added to ``layout`` of ``dialog``."""

    def __init__(self, dialog: CaseDialog, layout: QBoxLayout) -> None:
        self.dialog = dialog
        self.deadline = QLabel()
        self.agreement = QPushButton(case_button_text("调解协议", dots=True))
        self.confirmation = QPushButton(case_button_text("司法确认", dots=True))
        self.documents = QPushButton(case_button_text("文书", dots=True))
        self.agreement.clicked.connect(self.open_agreement)
        self.confirmation.clicked.connect(self.open_confirmation)
        self.documents.clicked.connect(self.open_documents)
        for widget in (self.deadline, self.agreement, self.confirmation, self.documents):
            layout.addWidget(widget)
        self.refresh()

    def refresh(self) -> None:
        """Reload the agreement to update the deadline warning."""
        d = self.dialog
        db, user, case_id = d.workspace.db, d.workspace.user, d.case_id
        d.tasks.run(partial(load_agreement, db, user, case_id), self.show_deadline,
                    self._no_deadline, owner=self.deadline)

    def _no_deadline(self, _exc: BaseException) -> None:
        self.deadline.clear()

    def show_deadline(self, info: AgreementInfo) -> None:
        """The last day to apply for judicial confirmation, coloured by urgency."""
        a = info.agreement
        self.confirmation.setEnabled(a is not None and a.form == "written")
        archived = info.status == CaseStatus.ARCHIVED.value
        self.agreement.setEnabled(not archived)
        if archived or a is None or a.form != "written" or a.effective_on is None or (
                info.confirmation is not None and info.confirmation.applied_on is not None):
            self.deadline.clear()
            return
        deadline = confirmation_deadline(a.effective_on, date.today())
        self.deadline.setText(deadline_text(deadline, applied=False))
        self.deadline.setStyleSheet(f"color: {STATE_COLOURS[deadline.state]};")

    def _changed(self, _result: object = None) -> None:
        self.dialog.changed.emit()
        self.dialog.reload()
        self.refresh()

    def _show(self, child: QDialog) -> QDialog:
        child.open()
        return child

    def open_agreement(self) -> QDialog:
        """The agreement editor."""
        d = self.dialog
        editor = AgreementEditorDialog(d.workspace, d.tasks, d.case_id, self.deadline.window())
        editor.saved.connect(self._changed)
        return self._show(editor)

    def open_confirmation(self) -> QDialog:
        """Record the application and the court's ruling."""
        d = self.dialog
        child = ConfirmationDialog(d.workspace, d.tasks, d.case_id, self.deadline.window())
        child.changed.connect(self._changed)
        return self._show(child)

    def open_documents(self) -> QDialog:
        """Every stored document; generate, print, attach the signed scan."""
        from app.ui.documents.panel import DocumentsDialog

        d = self.dialog
        child = DocumentsDialog(d.workspace, d.tasks, d.case_id, self.deadline.window())
        child.changed.connect(self._changed)
        return self._show(child)
