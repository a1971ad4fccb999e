"""Batch printing: generate many PDFs in the background, then print them.

Generating a pile of documents takes seconds, so it runs on the task
runner with a progress bar and a Cancel button (what was generated before
Cancel stays stored); the pages are then painted on the printer on the GUI
thread, where Qt's printing must happen.
"""

from __future__ import annotations

import threading
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout

from app.documents.generation import generate_batch
from app.domain.document_kinds import title_of
from app.domain.text import _
from app.services.casebase.workspace import Workspace
from app.services.documents.records import GeneratedDocument
from app.ui.app_errors import error_text
from app.ui.documents.printing import a4_printer, paint_pdfs
from app.ui.shortcuts import make_primary
from app.ui.tasks import TaskRunner


class BatchPrintDialog(QDialog):
    """Print ``jobs`` (case id, kind); ``finished_printing`` carries the page count."""

    finished_printing = Signal(int)

    def __init__(self, workspace: Workspace, tasks: TaskRunner, jobs: list[tuple[int, str]],
                 parent: QDialog | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.tasks, self.jobs = workspace, tasks, jobs
        self.printer: QPrinter | None = None
        self.cancel_event: threading.Event | None = None
        self.setWindowTitle(_("批量打印"))
        self.resize(460, 160)
        self.label = QLabel(_("共{n}份文书：{kinds}").format(
            n=len(jobs), kinds="、".join(dict.fromkeys(title_of(k) for _c, k in jobs))))
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, max(len(jobs), 1))
        self.print_button = QPushButton()
        make_primary(self, self.print_button, _("选择打印机并开始…"))
        self.print_button.clicked.connect(self.choose_printer)
        self.cancel_button = QPushButton(_("取消"))
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addLayout(buttons)

    def choose_printer(self) -> None:
        """Ask for the printer (Qt's standard dialog), then start."""
        printer = a4_printer()
        chooser = QPrintDialog(printer, self)
        chooser.accepted.connect(partial(self.start, printer))
        QDialog.open(chooser)  # QPrintDialog.open() itself insists on a receiver slot

    def start(self, printer: QPrinter) -> None:
        """Generate the PDFs in the background, then print them on ``printer``."""
        self.printer = printer
        self.print_button.setEnabled(False)
        self.label.setText(_("正在生成文书…"))
        db, user, jobs = self.workspace.db, self.workspace.user, list(self.jobs)
        self.cancel_event = self.tasks.run_with_progress(
            partial(generate_batch, db, user, jobs), self.progressed, self.generated, self.failed)

    def progressed(self, done: int, total: int) -> None:
        """Move the bar."""
        self.bar.setMaximum(max(total, 1))
        self.bar.setValue(done)

    def cancel(self) -> None:
        """Stop after the document being generated; close if nothing runs."""
        if self.cancel_event is not None and not self.cancel_event.is_set():
            self.cancel_event.set()
            self.label.setText(_("正在取消…"))
        else:
            self.reject()

    def generated(self, documents: list[GeneratedDocument]) -> None:
        """Print what was generated (all of it, or what was done before Cancel)."""
        assert self.printer is not None
        cancelled = self.cancel_event is not None and self.cancel_event.is_set()
        try:
            pages = paint_pdfs(self.printer, [d.content for d in documents]) if documents else 0
        except Exception as exc:  # a printer refusing the job is reported, not raised
            self.failed(exc)
            return
        self.label.setText((_("已取消：打印了已生成的{n}份，共{pages}页") if cancelled
                            else _("已打印{n}份文书，共{pages}页")).format(
            n=len(documents), pages=pages))
        self.cancel_event = None
        self.cancel_button.setText(_("关闭"))
        self.finished_printing.emit(pages)

    def failed(self, exc: BaseException) -> None:
        """Say why the batch stopped."""
        self.cancel_event = None
        self.label.setText(error_text(exc))
        self.cancel_button.setText(_("关闭"))
