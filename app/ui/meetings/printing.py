"""Printing a meeting's papers: the sign-in sheet before, minutes and notice after.

Each paper is generated and stored with the meeting (so the printed copy
can be proven later by its SHA-256), then shown in print preview.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMenu, QPushButton, QWidget

from app.documents.generation import generate_meeting_document
from app.domain.document_kinds import MEETING_KINDS
from app.domain.text import _
from app.services.casebase.workspace import Workspace
from app.services.documents.records import GeneratedDocument
from app.ui.app_errors import error_text
from app.ui.documents.printing import PrintPreview, preview_dialog
from app.ui.tasks import TaskRunner

PAPERS = ("meeting-signin", "meeting-minutes", "meeting-notice")


class MeetingPrintButton(QPushButton):
    """打印… with a menu of the meeting's papers; enabled once the meeting is saved."""

    def __init__(self, workspace: Workspace, tasks: TaskRunner, status: QLabel,
                 parent: QWidget | None = None) -> None:
        super().__init__(_("打印…"), parent)
        self.workspace, self.tasks, self.status = workspace, tasks, status
        self.meeting_id: int | None = None
        self.preview: PrintPreview | None = None
        self.setAutoDefault(False)
        menu = QMenu(self)
        for kind in PAPERS:
            action = menu.addAction(_(MEETING_KINDS[kind]))
            action.triggered.connect(lambda _checked=False, k=kind: self.print_paper(k))
        self.setMenu(menu)
        self.setEnabled(False)

    def set_meeting(self, meeting_id: int) -> None:
        """The meeting whose papers to print."""
        self.meeting_id = meeting_id
        self.setEnabled(True)

    def print_paper(self, kind: str) -> None:
        """Generate ``kind`` as PDF in the background, then open its print preview."""
        if self.meeting_id is None:
            return
        meeting_id, db, login = self.meeting_id, self.workspace.db, self.workspace.user.login
        self.status.setText(_("正在生成{title}…").format(title=_(MEETING_KINDS[kind])))
        self.tasks.run(lambda: generate_meeting_document(db, login, meeting_id, "pdf", kind),
                       self.show_preview, self.failed, owner=self)

    def show_preview(self, doc: GeneratedDocument) -> None:
        """Preview and print exactly the stored PDF."""
        self.status.setText(_("已生成{title}（第{v}版）").format(title=doc.info.title,
                                                            v=doc.info.doc_version))
        self.preview = preview_dialog([doc.content], self.window())
        self.preview.open()

    def failed(self, exc: BaseException) -> None:
        """Say why the paper could not be produced."""
        self.status.setText(error_text(exc))
