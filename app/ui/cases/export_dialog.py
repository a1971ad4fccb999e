"""案件 → 导出…: the case list as the screen shows it, or the party registry, to XLSX or CSV.

The export takes the list's own filter and sort order, so what lands in
the file is what the clerk was looking at; ID numbers and phones come out
masked for roles that see them masked.  It runs on the task runner with a
progress bar; Cancel removes the half-written file.
"""

from __future__ import annotations

import threading
from functools import partial
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app import i18n
from app.domain.text import _
from app.reports.exports import FORMATS, export_cases, export_parties
from app.services.casebase.workspace import Workspace
from app.services.cases.queries import CaseFilter
from app.ui.app_errors import error_text
from app.ui.shortcuts import make_primary
from app.ui.tasks import TaskRunner


class ExportDialog(QDialog):
    """Choose what and where, then write it in the background."""

    def __init__(self, workspace: Workspace, tasks: TaskRunner, case_filter: CaseFilter,
                 sort: str, descending: bool, total: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.tasks = workspace, tasks
        self.case_filter, self.sort, self.descending, self.total = (case_filter, sort,
                                                                    descending, total)
        self.cancel_event: threading.Event | None = None
        self.target = ""
        self.setWindowTitle(_("导出"))
        self.resize(520, 220)
        self.cases = QRadioButton(_("当前案件列表（按当前筛选和排序，共 {n} 件）").format(
            n=i18n.format_number(total)))
        self.cases.setChecked(True)
        self.parties = QRadioButton(_("当事人名册"))
        self.format = QComboBox()
        self.format.addItem(_("Excel 表格（.xlsx，可直接打印）"), "xlsx")
        self.format.addItem(_("CSV 文本（.csv）"), "csv")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.hide()
        self.export_button = QPushButton()
        make_primary(self, self.export_button, _("导出…"))
        self.export_button.clicked.connect(self.choose_file)
        self.close_button = QPushButton(_("关闭"))
        self.close_button.clicked.connect(self.cancel)
        form = QFormLayout()
        form.addRow(_("导出内容"), self.cases)
        form.addRow("", self.parties)
        form.addRow(_("格式"), self.format)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    def choose_file(self) -> None:
        """Ask where to write, then write."""
        fmt = self.format.currentData()
        name = _("案件清单") if self.cases.isChecked() else _("当事人名册")
        target, _filter = QFileDialog.getSaveFileName(self, _("导出到"), f"{name}.{fmt}",
                                                      f"*.{fmt}")
        if target:
            self.start(target)

    def start(self, target: str) -> None:
        """Write the chosen list to ``target`` in the background.

        A name ending in .xlsx or .csv decides the format (a clerk who types
        清单.csv gets CSV whatever the format box said, and the box follows);
        any other name gets the box's format as its suffix.
        """
        named = Path(target).suffix.lower().removeprefix(".")
        if named in FORMATS:
            self.format.setCurrentIndex(self.format.findData(named))
        else:
            target = f"{target}.{self.format.currentData()}"
        db, user, fmt = self.workspace.db, self.workspace.user, self.format.currentData()
        if self.cases.isChecked():
            job = partial(export_cases, db, user, self.case_filter, target, fmt,
                          sort=self.sort, descending=self.descending, total=self.total)
        else:
            job = partial(export_parties, db, user, target, fmt)
        self.export_button.setEnabled(False)
        self.close_button.setText(_("取消"))
        self.bar.show()
        self.status.setText(_("正在导出…"))
        self.target = target
        self.cancel_event = self.tasks.run_with_progress(job, self.progressed, self.done,
                                                         self.failed)

    def progressed(self, done: int, total: int) -> None:
        """Move the bar."""
        self.bar.setMaximum(max(total, done, 1))
        self.bar.setValue(done)

    def done(self, rows: int) -> None:
        """Say where the file is (or that Cancel left none)."""
        cancelled = self.cancel_event is not None and self.cancel_event.is_set()
        self.cancel_event = None
        self.export_button.setEnabled(True)
        self.close_button.setText(_("关闭"))
        self.status.setText(_("已取消，没有写入文件（原有的同名文件不变）") if cancelled else
                            _("已导出 {n} 行：{file}").format(n=i18n.format_number(rows),
                                                            file=self.target))

    def failed(self, exc: BaseException) -> None:
        """Say why the export stopped (no bar left standing at nought)."""
        self.cancel_event = None
        self.bar.hide()
        self.export_button.setEnabled(True)
        self.close_button.setText(_("关闭"))
        self.status.setText(error_text(exc))

    def cancel(self) -> None:
        """Stop a running export, or close."""
        if self.cancel_event is not None:
            self.cancel_event.set()
            self.status.setText(_("正在取消…"))
        else:
            self.reject()
