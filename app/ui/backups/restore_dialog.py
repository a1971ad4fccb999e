"""文件 → 从备份恢复…: rebuild a case base from an archive into an empty database.

Two steps in one dialog, so nothing is written before the clerk has seen
what the archive holds: 核验 reads the whole archive back (checksums,
signature, passphrase) and refuses a bad one with the reason in one line;
恢复 then loads it into the chosen empty target (a new SQLite file, or an
empty PostgreSQL database — how an office moves onto the county server),
with progress and Cancel.  The target is never the open case base: the
service refuses a non-empty one.  Afterwards the dialog shows the
fingerprint and the audit check, and offers to open the restored base (the
main window's ``database_requested``).
"""

from __future__ import annotations

import threading
from datetime import datetime
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from PySide6.QtCore import Signal
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

from app.domain.text import _
from app.services.backups.archive_format import BackupManifest
from app.services.backups.errors import BackupCancelled
from app.services.backups.restore import RestoreReport
from app.services.backups.schedule import EXTENSION, CancelFlag, Progress
from app.services.casebase.opening import Database
from app.services.casebase.workspace import Workspace
from app.services.security.users import UserInfo
from app.ui.admin.settings_dialog import DatabaseDialog
from app.ui.app_errors import error_text
from app.ui.backups.backup_dialog import documents_folder
from app.ui.backups.summaries import manifest_summary, restore_summary
from app.ui.colours import RISK_COLOURS
from app.ui.path_row import path_row
from app.ui.tasks import TaskRunner

SERVER_URL = "postgresql+psycopg://127.0.0.1:5432/tiaojie"
"""Where the server form starts when the target was a file."""


def is_encrypted(path: Path) -> bool:
    """Whether the archive needs a passphrase (on a worker: it may be on a share).

    The archive modules (and the cipher library) load here, on first use, so
    the main window does not pay for them at start-up.
    """
    from app.services.backups.reader import archive_is_encrypted

    return archive_is_encrypted(path)


def verify_archive(path: Path, passphrase: str | None) -> BackupManifest:
    """Read the whole archive back (on a worker); a bad one raises with the reason."""
    from app.services.backups.reader import verify_backup

    return verify_backup(path, passphrase=passphrase)


def restore_with_progress(db: Database, actor: UserInfo, path: Path, url: str,
                          passphrase: str | None, progress: Progress) -> RestoreReport:
    """Restore on a worker, mapping the runner's Cancel onto the archive API's ``cancelled``.

    The signed-in account's right to restore is checked in the open case base
    first (the target is empty, so it has no accounts to ask).
    """
    from app.services.backups.restore import authorise_restore, restore_backup

    user = authorise_restore(db, actor)
    flag = CancelFlag(progress)
    return restore_backup(path, url, user, passphrase=passphrase, progress=flag.report,
                          cancelled=flag.is_set)


def shown_url(url: str) -> str:
    """The target as a clerk reads it: the file, or the server URL without its password."""
    if url.startswith("sqlite"):
        return _("SQLite 文件：{path}").format(path=url.split("///", 1)[-1])
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def default_target(now: datetime) -> str:
    """A new SQLite file in the documents folder, named by the day."""
    name = _("调解台-恢复") + now.strftime("-%Y%m%d-%H%M") + ".db"
    return f"sqlite:///{documents_folder() / name}"


class RestoreDialog(QDialog):
    """Choose archive and target; verify; restore; offer to open the result."""

    open_requested = Signal(str)

    def __init__(self, workspace: Workspace, tasks: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.tasks = workspace, tasks
        self.cancel_event: threading.Event | None = None
        self.verified: tuple[Path, str | None] | None = None
        self.target_url = default_target(datetime.now())
        self.setWindowTitle(_("从备份恢复"))
        self.setMinimumWidth(600)
        self.archive = QLineEdit()
        self.archive.setPlaceholderText(_("选择备份文件（{ext}）").format(ext=EXTENSION))
        self.archive.editingFinished.connect(self._archive_changed)
        archive_row = path_row(self.archive, self.browse)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setEnabled(False)
        self.passphrase.setPlaceholderText(_("备份未加密时无需口令"))
        self.passphrase.textEdited.connect(self._forget_verification)
        self.target = QLabel(shown_url(self.target_url))
        self.target.setWordWrap(True)
        new_file = QPushButton(_("新的 SQLite 文件…"))
        new_file.clicked.connect(self.choose_file)
        server = QPushButton(_("PostgreSQL 服务器…"))
        server.clicked.connect(self.choose_server)
        target_row = QHBoxLayout()
        target_row.addWidget(new_file)
        target_row.addWidget(server)
        target_row.addStretch(1)
        form = QFormLayout()
        form.addRow(_("备份文件"), archive_row)
        form.addRow(_("口令"), self.passphrase)
        form.addRow(_("恢复到"), self.target)
        form.addRow("", target_row)
        note = QLabel(_(
            "只能恢复到空的数据库：新的 SQLite 文件，或服务器上新建的空 PostgreSQL 数据库。"
            "当前打开的案件库不会被改动。"))
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        self.bar = QProgressBar()
        self.bar.hide()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.verify_button = QPushButton(_("核验备份"))
        self.verify_button.setDefault(True)
        self.verify_button.clicked.connect(self.verify)
        self.restore_button = QPushButton(_("开始恢复"))
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.restore)
        self.open_button = QPushButton(_("打开恢复后的案件库"))
        self.open_button.hide()
        self.open_button.clicked.connect(self._open)
        self.close_button = QPushButton(_("关闭"))
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.verify_button, self.restore_button, self.open_button,
                       self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.bar)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def browse(self) -> None:
        """Pick the archive."""
        path, _filter = QFileDialog.getOpenFileName(
            self, _("选择备份文件"), self.archive.text(),
            _("调解台备份 ({pattern});;所有文件 (*)").format(pattern="*" + EXTENSION))
        if path:
            self.archive.setText(path)
            self._archive_changed()

    def _archive_changed(self) -> None:
        """Ask (off the GUI thread: it may be on a share) whether a passphrase is needed."""
        self._forget_verification()
        path = Path(self.archive.text().strip())
        if not path.is_file():
            return
        self.tasks.run(partial(is_encrypted, path), self._encryption_known,
                       self._failed, owner=self)

    def _encryption_known(self, encrypted: bool) -> None:
        self.passphrase.setEnabled(encrypted)
        if encrypted:
            self.passphrase.setFocus()

    def choose_file(self) -> None:
        """A new SQLite file to restore into (the restore refuses one that holds data)."""
        current = self.target_url.split("///", 1)[-1] if self.target_url.startswith("sqlite") \
            else str(documents_folder())
        path, _filter = QFileDialog.getSaveFileName(
            self, _("恢复到新的数据库文件"), current, _("调解台数据库 (*.db);;所有文件 (*)"))
        if path:
            self._set_target(f"sqlite:///{path if Path(path).suffix else path + '.db'}")

    def choose_server(self) -> None:
        """An empty PostgreSQL database, tested before it is accepted.

        The dialog's SQLite choice is switched off: testing a file would
        create it, and a restore only writes into a new file.
        """
        current = self.target_url if not self.target_url.startswith("sqlite") else SERVER_URL
        dialog = DatabaseDialog(current, self.tasks, self)
        dialog.sqlite_radio.setEnabled(False)
        if dialog.exec() and dialog.chosen_url:
            self._set_target(dialog.chosen_url)
        dialog.deleteLater()

    def _set_target(self, url: str) -> None:
        self.target_url = url
        self.target.setText(shown_url(url))

    def _forget_verification(self) -> None:
        self.verified = None
        self.restore_button.setEnabled(False)

    def verify(self) -> None:
        """Read the whole archive back; a bad one is refused with the reason."""
        path = Path(self.archive.text().strip())
        if not path.is_file():
            self._say(_("请选择一个备份文件"), RISK_COLOURS["red"])
            return
        passphrase = self.passphrase.text() if self.passphrase.isEnabled() else None
        self._busy(True, _("正在核验备份…"))
        self.tasks.run(partial(verify_archive, path, passphrase),
                       partial(self._verified, path, passphrase), self._failed, owner=self)

    def _verified(self, path: Path, passphrase: str | None, manifest: BackupManifest) -> None:
        self._busy(False)
        self.verified = (path, passphrase)
        self.restore_button.setEnabled(True)
        self.restore_button.setDefault(True)
        self._say(_("备份完好。") + manifest_summary(manifest), RISK_COLOURS["green"])

    def restore(self) -> None:
        """Load the verified archive into the target in the background."""
        if self.verified is None:
            return
        path, passphrase = self.verified
        db, user, url = self.workspace.db, self.workspace.user, self.target_url
        self._busy(True, _("正在恢复…"))
        self.bar.show()
        self.cancel_event = self.tasks.run_with_progress(
            partial(restore_with_progress, db, user, path, url, passphrase), self._progressed,
            self._restored, self._failed)

    def _progressed(self, done: int, total: int) -> None:
        self.bar.setMaximum(max(total, done, 1))
        self.bar.setValue(done)

    def _restored(self, report: RestoreReport) -> None:
        self._busy(False)
        self.restore_button.setEnabled(False)
        self.open_button.show()
        self.open_button.setDefault(True)
        self._say(restore_summary(report), RISK_COLOURS["green"])

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        if isinstance(exc, BackupCancelled):
            self._say(_("已取消，目标数据库没有被改动"), "")
            return
        self._forget_verification()
        self._say(error_text(exc), RISK_COLOURS["red"])

    def _open(self) -> None:
        self.open_requested.emit(self.target_url)
        self.accept()

    def reject(self) -> None:
        """While restoring, Cancel stops it (the target is left as it was); else close."""
        if self.cancel_event is not None:
            self.cancel_event.set()
            self._say(_("正在取消…"), "")
            return
        super().reject()

    def _busy(self, busy: bool, text: str = "") -> None:
        if not busy:
            self.cancel_event = None
            self.bar.hide()
        self.verify_button.setEnabled(not busy)
        self.restore_button.setEnabled(not busy and self.verified is not None)
        self.archive.setEnabled(not busy)
        self.close_button.setText(_("取消") if busy else _("关闭"))
        if text:
            self._say(text, "")

    def _say(self, text: str, colour: str) -> None:
        self.message.setStyleSheet(f"color: {colour};" if colour else "")
        self.message.setText(text)
