"""自动备份: choose this PC's backup folder (a USB drive, a network share) for the case base.

The folder is checked (it must exist and be writable) on the task runner
before it is kept; encryption is on by default when the folder is on a
removable drive or a network share.  "停用" forgets the folder, so this PC
stops backing the case base up.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.text import _
from app.services.backups.schedule import AutoBackupInfo, set_auto_backup_folder
from app.services.casebase.workspace import Workspace
from app.ui.app_errors import error_text
from app.ui.backups.passphrase import PassphraseFields
from app.ui.backups.status import status_text, status_tooltip
from app.ui.backups.storage_kind import leaves_this_pc
from app.ui.colours import RISK_COLOURS
from app.ui.path_row import path_row
from app.ui.tasks import TaskRunner


class AutoBackupDialog(QDialog):
    """The folder and passphrase of this PC's automatic backups of the open case base."""

    changed = Signal(object)
    """Emitted with the new :class:`AutoBackupInfo` once the choice is saved."""

    def __init__(self, workspace: Workspace, tasks: TaskRunner, info: AutoBackupInfo | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.tasks = workspace, tasks
        self.setWindowTitle(_("自动备份"))
        self.setMinimumWidth(560)
        explain = QLabel(_(
            "每天第一次打开程序时，以及退出时若有改动，自动把案件库备份到下面的文件夹（如U盘、"
            "移动硬盘或网络共享）。保留最近 7 天每天一份、最近 4 周每周一份、最近 12 个月每月一份；"
            "每份备份写完后都会读回核验，核验通过才删除更早的备份。此设置只对本机有效。"))
        explain.setWordWrap(True)
        self.folder = QLineEdit(info.folder if info and info.folder else "")
        self.folder.setPlaceholderText(_("未设置：本机不自动备份"))
        self.folder.editingFinished.connect(self._folder_changed)
        row = path_row(self.folder, self.browse, _("选择文件夹…"))
        self.secret = PassphraseFields()
        self.had_passphrase = bool(info and info.encrypted)
        self.secret.encrypt.setChecked(self.had_passphrase)
        if self.had_passphrase:
            self.secret.first.setPlaceholderText(_("留空则沿用原来的口令"))
        self.last = QLabel()
        self.last.setWordWrap(True)
        if info is not None:
            self.last.setText(status_text(info) + "\n" + status_tooltip(info))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.save_button = QPushButton(_("保存"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.off_button = QPushButton(_("停用自动备份"))
        self.off_button.clicked.connect(self.turn_off)
        self.off_button.setEnabled(bool(info and info.folder))
        close = QPushButton(_("取消"))
        close.clicked.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("备份文件夹"), row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.off_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.secret)
        layout.addWidget(self.last)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def browse(self) -> None:
        """Pick the folder."""
        path = QFileDialog.getExistingDirectory(self, _("选择自动备份文件夹"), self.folder.text())
        if path:
            self.folder.setText(path)
            self._folder_changed()

    def _folder_changed(self) -> None:
        text = self.folder.text().strip()
        if text and not self.secret.first.text():
            self.secret.encrypt.setChecked(leaves_this_pc(Path(text)))

    def save(self) -> None:
        """Check and keep the folder (and passphrase) in the background."""
        folder = self.folder.text().strip()
        keep = (self.had_passphrase and self.secret.encrypt.isChecked()
                and not self.secret.first.text() and not self.secret.second.text())
        problem = (_("请选择备份文件夹") if not folder else None if keep
                   else self.secret.problem())
        if problem is not None:
            self._say(problem, RISK_COLOURS["red"])
            return
        self._submit(folder, None if keep else self.secret.passphrase(), keep)

    def turn_off(self) -> None:
        """Forget the folder: this PC stops backing the case base up."""
        self._submit(None, None)

    def _submit(self, folder: str | None, passphrase: str | None, keep: bool = False) -> None:
        db, user = self.workspace.db, self.workspace.user
        self.save_button.setEnabled(False)
        self.off_button.setEnabled(False)
        self._say(_("正在检查文件夹…"), "")
        self.tasks.run(partial(set_auto_backup_folder, db, user, folder, passphrase,
                               keep_passphrase=keep),
                       self.saved, self.failed, owner=self)

    def saved(self, info: AutoBackupInfo) -> None:
        """Tell the status bar, and close."""
        self.changed.emit(info)
        self.accept()

    def failed(self, exc: BaseException) -> None:
        """Say why (the folder is missing or not writable) in one line."""
        self.save_button.setEnabled(True)
        self.off_button.setEnabled(True)
        self._say(error_text(exc), RISK_COLOURS["red"])

    def _say(self, text: str, colour: str) -> None:
        self.message.setStyleSheet(f"color: {colour};" if colour else "")
        self.message.setText(text)
