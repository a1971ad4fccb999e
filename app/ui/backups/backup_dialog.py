"""文件 → 备份…: the whole case base into one archive file, read back before it counts.

Encryption is on by default when the chosen folder is on a removable drive
or a network share (app/ui/backups/storage_kind.py); the passphrase is typed
twice.  The backup runs on the task runner with a progress bar; Cancel (or
closing the dialog) stops it and the writer leaves no partial file.  A
finished copy is verified (checksums and signature) and then counts as this
PC's last good backup in the status bar.
"""

from __future__ import annotations

import threading
from datetime import datetime
from functools import partial
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import i18n
from app.domain.text import _
from app.services.backups.errors import BackupCancelled
from app.services.backups.schedule import EXTENSION, ManualBackup, backup_to_file
from app.services.casebase.workspace import Workspace
from app.ui.app_errors import error_text
from app.ui.backups.passphrase import PassphraseFields
from app.ui.backups.storage_kind import leaves_this_pc
from app.ui.colours import RISK_COLOURS
from app.ui.path_row import path_row
from app.ui.tasks import TaskRunner

FILE_FILTER = "*" + EXTENSION


def documents_folder() -> Path:
    """The user's documents folder, or the home folder where there is none."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder and Path(folder).is_dir() else Path.home()


def default_target(now: datetime) -> Path:
    """A dated file name in the user's documents folder."""
    return documents_folder() / (_("调解台备份") + now.strftime("-%Y%m%d-%H%M") + EXTENSION)


class BackupDialog(QDialog):
    """Choose the file and the passphrase, then back up in the background."""

    backed_up = Signal(object)
    """Emitted with the :class:`AutoBackupInfo` after a verified backup (the status bar listens)."""

    def __init__(self, workspace: Workspace, tasks: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.tasks = workspace, tasks
        self.cancel_event: threading.Event | None = None
        self._encrypt_chosen = False
        self.setWindowTitle(_("备份案件库"))
        self.setMinimumWidth(560)
        self.target = QLineEdit(str(default_target(datetime.now())))
        self.target.editingFinished.connect(self._target_changed)
        row = path_row(self.target, self.browse)
        self.secret = PassphraseFields()
        self.secret.encrypt.clicked.connect(self._encrypt_clicked)
        self.bar = QProgressBar()
        self.bar.hide()
        self.status = QLabel(_(
            "备份包含全部案件、当事人、文书记录和审计记录；备份时其他人可以照常工作。"))
        self.status.setWordWrap(True)
        self.start_button = QPushButton(_("开始备份"))
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.close_button = QPushButton(_("关闭"))
        self.close_button.clicked.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("备份文件"), row)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.secret)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self._target_changed()

    def browse(self) -> None:
        """Ask where to write the archive."""
        path, _filter = QFileDialog.getSaveFileName(
            self, _("备份到"), self.target.text(), _("调解台备份 ({pattern})").format(
                pattern=FILE_FILTER))
        if path:
            if not path.endswith(EXTENSION):
                path += EXTENSION
            self.target.setText(path)
            self._target_changed()

    def _encrypt_clicked(self) -> None:
        self._encrypt_chosen = True

    def _target_changed(self) -> None:
        """Encrypt by default on removable drives and network shares, until the user decides."""
        if not self._encrypt_chosen:
            self.secret.encrypt.setChecked(leaves_this_pc(Path(self.target.text())))

    def _problem(self, out: Path) -> str | None:
        if not self.target.text().strip():
            return _("请选择备份文件的位置")
        if not out.parent.is_dir():
            return _("文件夹不存在：{folder}").format(folder=out.parent)
        if out.exists():
            return _("文件已存在，请换一个文件名：{file}").format(file=out)
        return self.secret.problem()

    def start(self) -> None:
        """Check the form, then write and verify the archive in the background."""
        out = Path(self.target.text().strip()).expanduser()
        problem = self._problem(out)
        if problem is not None:
            self._say(problem, RISK_COLOURS["red"])
            return
        db, user, passphrase = self.workspace.db, self.workspace.user, self.secret.passphrase()
        self._set_running(True)
        self._say(_("正在备份…"), "")
        self.cancel_event = self.tasks.run_with_progress(
            partial(backup_to_file, db, user, out, passphrase), self.progressed, self.backup_done,
            self.backup_failed)

    def progressed(self, done: int, total: int) -> None:
        """Move the bar (rows written of rows in the snapshot)."""
        self.bar.setMaximum(max(total, done, 1))
        self.bar.setValue(done)

    def backup_done(self, backup: ManualBackup) -> None:
        """Say where the verified copy is; tell the status bar."""
        self._set_running(False)
        size = i18n.format_number(round(backup.path.stat().st_size / 1_048_576, 1))
        self._say(_("备份完成并已核验：{file}（{size} MB）").format(file=backup.path, size=size),
                  RISK_COLOURS["green"])
        self.close_button.setText(_("完成"))
        self.backed_up.emit(backup.info)

    def backup_failed(self, exc: BaseException) -> None:
        """Cancelled: say nothing was left; otherwise the one-line reason."""
        self._set_running(False)
        if isinstance(exc, BackupCancelled):
            self._say(_("已取消，没有留下文件"), "")
        else:
            self._say(error_text(exc), RISK_COLOURS["red"])

    def reject(self) -> None:
        """While a backup runs, Cancel stops it; otherwise the dialog closes."""
        if self.cancel_event is not None:
            self.cancel_event.set()
            self._say(_("正在取消…"), "")
            return
        super().reject()

    def _set_running(self, running: bool) -> None:
        if not running:
            self.cancel_event = None
        self.bar.setVisible(running)
        self.bar.setValue(0)
        self.start_button.setEnabled(not running)
        self.target.setEnabled(not running)
        self.secret.setEnabled(not running)
        self.close_button.setText(_("取消") if running else _("关闭"))

    def _say(self, text: str, colour: str) -> None:
        self.status.setStyleSheet(f"color: {colour};" if colour else "")
        self.status.setText(text)

