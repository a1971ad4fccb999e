"""A case's documents (文书): every stored version, and generating, opening, printing.

The list shows each stored file with its version, author, time and SHA-256,
so a clerk can tell which printout is which.  Generating, loading and
building the case file run on the task runner; only showing and printing
happen on the GUI thread.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import i18n
from app.documents.generation import (
    attach_signed_scan,
    generate_casefile,
    generate_with_warnings,
)
from app.domain.document_kinds import title_of
from app.domain.text import _
from app.services.agreements.scans import AttachmentInfo
from app.services.casebase.opening import Database
from app.services.casebase.workspace import Workspace
from app.services.documents.records import (
    DocumentInfo,
    GeneratedDocument,
    applicable,
    document_content,
    list_documents,
)
from app.services.security.users import UserInfo
from app.ui.app_errors import error_text
from app.ui.documents.batch_print import BatchPrintDialog
from app.ui.documents.printing import PdfViewer, preview_dialog
from app.ui.table_view import fill_table, make_small_table
from app.ui.tasks import TaskRunner

ALWAYS = ("file-cover", "file-index")


def _stored_and_possible(db: Database, user: UserInfo, case_id: int
                         ) -> tuple[list[DocumentInfo], list[str]]:
    """The case's stored documents and the kinds it can produce (runs on a worker)."""
    return list_documents(db, user, case_id), applicable(db, user, case_id)


def _attach_file(db: Database, user: UserInfo, case_id: int, path: str) -> AttachmentInfo:
    """Read the chosen scan and store it with the case (runs on a worker: disk I/O)."""
    file = Path(path)
    return attach_signed_scan(db, user, case_id, file.name, file.read_bytes())


def _temporary_copy(doc: GeneratedDocument) -> Path:
    """The DOCX written to a fresh temporary folder (on a worker: disk I/O) for Word/WPS."""
    folder = Path(tempfile.mkdtemp(prefix="tiaojie-"))
    path = folder / f"{doc.info.title}-v{doc.info.doc_version}.docx"
    path.write_bytes(doc.content)
    return path


class DocumentsDialog(QDialog):
    """The 文书 page of one case."""

    changed = Signal()

    def __init__(self, workspace: Workspace, tasks: TaskRunner, case_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.tasks, self.case_id = workspace, tasks, case_id
        self.documents: list[DocumentInfo] = []
        self.kinds: list[str] = []
        self.setWindowTitle(_("文书"))
        self.resize(900, 520)
        self.table = make_small_table((200, 50, 60, 90, 150, 300))
        self.table.doubleClicked.connect(self.open_selected)
        self.kind = QComboBox()
        self.format = QComboBox()
        self.format.addItem("PDF", "pdf")
        self.format.addItem("DOCX（可编辑）", "docx")
        self.message = QLabel()
        self.message.setWordWrap(True)
        generate_row = QHBoxLayout()
        generate_row.addWidget(QLabel(_("文书种类")))
        generate_row.addWidget(self.kind, 1)
        generate_row.addWidget(self.format)
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (("generate", _("生成"), self.generate),
                                ("casefile", _("生成卷宗"), self.build_casefile)):
            generate_row.addWidget(self._button(key, text, slot))
        actions = QHBoxLayout()
        for key, text, action in (("open", _("打开"), self.open_selected),
                                  ("preview", _("打印预览…"), self.preview_selected),
                                  ("scan", _("附签署件…"), self.choose_scan),
                                  ("batch", _("批量打印全部文书…"), self.batch_print)):
            actions.addWidget(self._button(key, text, action))
        for key, button in self.buttons.items():
            button.setEnabled(workspace.user.may("case.agreement" if key == "scan"
                                                 else "document.print"))
        actions.addStretch(1)
        close = QPushButton(_("关闭"))
        close.clicked.connect(self.accept)
        actions.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(generate_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(actions)
        self.reload()

    def _button(self, key: str, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        self.buttons[key] = button
        return button

    def reload(self) -> None:
        """Fetch the stored documents and the kinds this case can produce."""
        db, user, case_id = self.workspace.db, self.workspace.user, self.case_id
        self.tasks.run(partial(_stored_and_possible, db, user, case_id),
                       self.show_documents, self.show_error, owner=self)

    def show_documents(self, result: tuple[list[DocumentInfo], list[str]]) -> None:
        """Fill the list and the kind chooser."""
        self.documents, kinds = result
        if "agreement" in kinds and "judicial-confirmation" not in kinds:
            kinds.append("judicial-confirmation")  # the application is made before it is filed
        self.kinds = [*kinds, *ALWAYS]
        current = self.kind.currentData()
        self.kind.clear()
        for kind in self.kinds:
            self.kind.addItem(title_of(kind), kind)
        self.kind.setCurrentIndex(max(self.kind.findData(current), 0))
        fill_table(self.table, [_("文书"), _("版本"), _("格式"), _("生成人"), _("生成时间"),
                                "SHA-256"],
                   [[d.title, str(d.doc_version), d.format.upper(), d.author or "",
                     i18n.format_datetime(d.created_at), d.sha256] for d in self.documents])

    def show_error(self, exc: BaseException) -> None:
        """One sentence on what went wrong."""
        self.message.setText(error_text(exc))

    def selected(self) -> DocumentInfo | None:
        """The document of the selected row."""
        row = self.table.currentRow()
        return self.documents[row] if 0 <= row < len(self.documents) else None

    def generate(self) -> None:
        """Generate the chosen kind as a new version (a refusal shows why, in one sentence)."""
        db, user, case_id = self.workspace.db, self.workspace.user, self.case_id
        kind, fmt = str(self.kind.currentData()), str(self.format.currentData())
        self.message.setText(_("正在生成…"))
        self.tasks.run(partial(generate_with_warnings, db, user, case_id, kind, fmt),
                       self.generated_with_warnings, self.show_error, owner=self)

    def generated_with_warnings(self, result: tuple[GeneratedDocument, tuple[str, ...]]) -> None:
        """Say what was stored, then what the clerk must know about it (the deadline)."""
        document, warnings = result
        self.generated(document)
        if warnings:
            self.message.setText(self.message.text() + "\n" + "\n".join(warnings))

    def build_casefile(self) -> None:
        """The whole 卷宗 as one PDF."""
        db, user, case_id = self.workspace.db, self.workspace.user, self.case_id
        self.message.setText(_("正在生成卷宗…"))
        self.tasks.run(partial(generate_casefile, db, user, case_id), self.generated,
                       self.show_error, owner=self)

    def generated(self, result: GeneratedDocument) -> None:
        """Say what was stored and refresh the list."""
        self.message.setText(_("已生成{title}第{v}版（SHA-256 {sha}）").format(
            title=result.info.title, v=result.info.doc_version, sha=result.info.sha256[:16]))
        self.changed.emit()
        self.reload()

    def _load_selected(self, then: Callable[[GeneratedDocument], None]) -> None:
        doc = self.selected()
        if doc is None:
            self.message.setText(_("请先在列表中选择一份文书"))
            return
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(document_content, db, user, doc.id), then,
                       self.show_error, owner=self)

    def open_selected(self) -> None:
        """PDFs open in the viewer; DOCX files in Word/WPS."""
        self._load_selected(self.show_document)

    def show_document(self, doc: GeneratedDocument) -> None:
        """Show a PDF here, or hand a DOCX to the system's word processor."""
        if doc.info.format == "pdf":
            PdfViewer(doc.info.title, doc.content, self).open()
            return
        self.tasks.run(partial(_temporary_copy, doc), self.open_with_system, self.show_error,
                       owner=self)

    def open_with_system(self, path: Path) -> None:
        """Hand a file to the program the system opens it with (Word/WPS for DOCX)."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def preview_selected(self) -> None:
        """Print preview (and print) of the selected PDF."""
        self._load_selected(self.show_preview)

    def show_preview(self, doc: GeneratedDocument) -> None:
        """Open Qt's print preview for a PDF."""
        if doc.info.format != "pdf":
            self.message.setText(_("请选择 PDF 格式的文书打印"))
            return
        preview_dialog([doc.content], self).open()

    def choose_scan(self) -> None:
        """Pick the signed agreement's scan or photo."""
        chooser = QFileDialog(self, _("选择签署后的协议扫描件"), "",
                              _("扫描件 (*.pdf *.jpg *.jpeg *.png)"))
        chooser.fileSelected.connect(self.attach_scan)
        chooser.open()

    def attach_scan(self, path: str) -> None:
        """Store the scan in the background."""
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(_attach_file, db, user, self.case_id, path), self.attached,
                       self.show_error, owner=self)

    def attached(self, info: AttachmentInfo) -> None:
        """Say which scan was stored, with its fingerprint."""
        self.message.setText(_("已附签署件 {name}（SHA-256 {sha}）").format(
            name=info.filename, sha=info.sha256[:16]))

    def batch_jobs(self) -> list[tuple[int, str]]:
        """Every paper of the case (cover and index excepted), for batch printing."""
        return [(self.case_id, k) for k in self.kinds if k not in ALWAYS]

    def _printed(self, _pages: int) -> None:
        self.reload()

    def batch_print(self) -> BatchPrintDialog:
        """Open the batch printing dialog for all of the case's papers."""
        dialog = BatchPrintDialog(self.workspace, self.tasks, self.batch_jobs(), self)
        dialog.finished_printing.connect(self._printed)
        dialog.open()
        return dialog
