"""Printing a meeting's papers: the sign-in sheet before, minutes and notice after.

Each paper is generated and stored with the meeting (so the printed copy
can be proven later by its SHA-256), then shown in print preview.  The
document renderers and Qt's PDF and printing modules are loaded the first
time a paper is printed, not when the meetings page opens.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QMenu, QPushButton, QWidget

from app.domain.document_kinds import MEETING_KINDS
from app.domain.text import _
from app.services.casebase.opening import Database
from app.services.casebase.workspace import Workspace
from app.services.documents.records import GeneratedDocument
from app.services.security.users import UserInfo
from app.ui.app_errors import error_text
from app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.ui.documents.printing import PrintPreview

PAPERS = ("meeting-signin", "meeting-minutes", "meeting-notice")


def _meeting_pdf(db: Database, user: UserInfo, meeting_id: int, kind: str) -> GeneratedDocument:
    """Generate and store paper ``kind`` of the meeting as PDF (runs on a worker)."""
    from app.documents.generation import generate_meeting_document

    return generate_meeting_document(db, user, meeting_id, "pdf", kind)


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
            action.triggered.connect(partial(self.print_paper, kind))
        self.setMenu(menu)
        self.setEnabled(False)

    def set_meeting(self, meeting_id: int) -> None:
        """The meeting whose papers to print."""
        self.meeting_id = meeting_id
        self.setEnabled(True)

    def print_paper(self, kind: str, _checked: bool = False) -> None:
        """Generate ``kind`` as PDF in the background, then open its print preview."""
        if self.meeting_id is None:
            return
        meeting_id, db, user = self.meeting_id, self.workspace.db, self.workspace.user
        self.status.setText(_("正在生成{title}…").format(title=_(MEETING_KINDS[kind])))
        self.tasks.run(partial(_meeting_pdf, db, user, meeting_id, kind), self.show_preview,
                       self.failed, owner=self)

    def show_preview(self, doc: GeneratedDocument) -> None:
        """Preview and print exactly the stored PDF."""
        from app.ui.documents.printing import preview_dialog

        self.status.setText(_("已生成{title}（第{v}版）").format(title=doc.info.title,
                                                            v=doc.info.doc_version))
        self.preview = preview_dialog([doc.content], self.window())
        self.preview.open()

    def failed(self, exc: BaseException) -> None:
        """Say why the paper could not be produced."""
        self.status.setText(error_text(exc))
