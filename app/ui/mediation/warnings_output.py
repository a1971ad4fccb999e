"""Printing and exporting a list of the 工作台.

Printing shows the list as the panel has it (its first, most urgent rows) in
Qt's print preview, as a titled table on A4 landscape.  Export writes the
whole list to XLSX or CSV in the background (app/reports/warning_exports.py,
the case list's writer), with a progress bar; Cancel leaves no file.  The
panel imports this module (and with it Qt's print modules) only when one of
the two buttons is pressed.
"""

from __future__ import annotations

import html
from datetime import date
from functools import partial

from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QFileDialog, QFormLayout, QTableWidget, QWidget

from app import i18n
from app.domain.text import _
from app.reports.warning_exports import export_warning_list, list_title
from app.services.casebase.workspace import Workspace
from app.services.cases.queries import CaseFilter
from app.ui.cases.export_dialog import ExportDialog
from app.ui.documents.printing import readable_preview
from app.ui.tasks import TaskRunner


def table_html(title: str, note: str, table: QTableWidget) -> str:
    """The table's headings and cells as a small HTML page to print."""
    heads = [table.horizontalHeaderItem(c) for c in range(table.columnCount())]
    cells = "".join(
        "<tr>" + "".join(f"<td>{html.escape(item.text() if item else '')}</td>"
                         for item in (table.item(r, c) for c in range(table.columnCount())))
        + "</tr>" for r in range(table.rowCount()))
    header = "".join(f"<th>{html.escape(h.text() if h else '')}</th>" for h in heads)
    return ("<html><body style='font-size: 11pt;'>"
            f"<h2 style='text-align: center;'>{html.escape(title)}</h2>"
            f"<p>{html.escape(note)}</p>"
            "<table border='1' cellspacing='0' cellpadding='3' width='100%'>"
            f"<thead><tr style='background: #dde4ee;'>{header}</tr></thead>"
            f"<tbody>{cells}</tbody></table></body></html>")


class TablePreview(QPrintPreviewDialog):
    """Print preview of a table as HTML on A4 landscape.

    The dialog owns neither its printer nor the document it paints, so it
    keeps the Python references: either collected while the dialog is open
    crashes the program.
    """

    def __init__(self, title: str, note: str, table: QTableWidget, parent: QWidget) -> None:
        self.sheet_printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.sheet_printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        self.sheet_printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        super().__init__(self.sheet_printer, parent)
        self.document = QTextDocument(self)
        self.document.setHtml(table_html(title, note, table))
        self.setWindowTitle(_("打印预览"))
        self.paintRequested.connect(self.document.print_)
        readable_preview(self)


def print_preview(title: str, note: str, table: QTableWidget, parent: QWidget) -> QDialog:
    """Qt's print preview of ``table`` under ``title`` (the caller's window stays usable)."""
    dialog = TablePreview(title, note, table, parent)
    dialog.open()
    return dialog


class WarningExportDialog(ExportDialog):
    """The case list's export dialog, writing one list of the panel instead of the case list.

    Format choice, progress bar, Cancel and the closing message are the case
    list's; only what gets written differs.
    """

    def __init__(self, workspace: Workspace, tasks: TaskRunner, key: str, today: date,
                 total: int, parent: QWidget | None = None) -> None:
        super().__init__(workspace, tasks, CaseFilter(), "received_at", True, total, parent)
        self.key, self.today = key, today
        self.setWindowTitle(_("导出 — {list}").format(list=list_title(key)))
        for choice in (self.cases, self.parties):
            choice.hide()
            heading = self.findChild(QFormLayout)
            label = heading.labelForField(choice) if heading is not None else None
            if label is not None:
                label.hide()
        self.status.setText(_("{list}：共 {n} 件").format(list=list_title(key),
                                                        n=i18n.format_number(total)))

    def choose_file(self) -> None:
        """Ask where to write, then write."""
        fmt = self.format.currentData()
        name = f"{list_title(self.key)}-{self.today.isoformat()}.{fmt}"
        target, _filter = QFileDialog.getSaveFileName(self, _("导出到"), name, f"*.{fmt}")
        if target:
            self.start(target)

    def start(self, target: str) -> None:
        """Write the whole list to ``target`` in the background."""
        db, user, fmt = self.workspace.db, self.workspace.user, self.format.currentData()
        job = partial(export_warning_list, db, user, self.key, self.today, target, fmt,
                      total=self.total)
        self.export_button.setEnabled(False)
        self.close_button.setText(_("取消"))
        self.bar.show()
        self.status.setText(_("正在导出…"))
        self.target = target
        self.cancel_event = self.tasks.run_with_progress(job, self.progressed, self.done,
                                                         self.failed)
