"""What the main window gets for backups: menu actions, the status indicator, automatic runs.

Only accounts that may back up (permission ``casebase.backup``) get any of it, and
从备份恢复… only those that may restore (``casebase.restore``: administrators).  The
daily automatic backup starts a few seconds after the window is built, on
the task runner, so the clerk can work while it runs (the indicator shows
its progress).  On exit, when this PC has a backup folder and the case base
changed since the last good copy, closing waits for one more backup under a
small progress dialog with Cancel; it never waits for ever: after
``EXIT_LIMIT_MS`` the backup is cancelled, and if the writer does not stop
within ``STOP_GRACE_MS`` (a hung network share) the window closes anyway,
the writer's temporary file being its own to remove.
"""

from __future__ import annotations

import threading
from enum import Enum
from functools import partial

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QProgressDialog

from app.domain.text import _
from app.services.backups.schedule import (
    AutoBackupInfo,
    AutoBackupOutcome,
    When,
    auto_backup_info,
    backup_due,
    run_auto_backup,
)
from app.services.casebase.workspace import Workspace
from app.ui.app_errors import error_text
from app.ui.backups.status import BackupStatus
from app.ui.tasks import TaskRunner

RESTORE_ACTION = "casebase.restore"
START_DELAY_MS = 3000
REFRESH_MS = 3_600_000
"""The indicator's age is re-read hourly (an office PC stays on for days)."""
EXIT_LIMIT_MS = 600_000
STOP_GRACE_MS = 15_000


class _Exit(Enum):
    OPEN = "open"
    CHECKING = "checking"
    BACKING_UP = "backing_up"
    DONE = "done"


class BackupActions(QObject):
    """Owns the backup menu actions, the indicator and the automatic runs for one window."""

    def __init__(self, window: QMainWindow, workspace: Workspace, tasks: TaskRunner) -> None:
        super().__init__(window)
        self.window, self.workspace, self.tasks = window, workspace, tasks
        self.info: AutoBackupInfo | None = None
        self.status = BackupStatus()
        self.status.clicked.connect(self.open_settings)
        self.backup_action = QAction(_("备份…"), self)
        self.backup_action.triggered.connect(self.open_backup)
        self.restore_action = QAction(_("从备份恢复…"), self)
        self.restore_action.triggered.connect(self.open_restore)
        self.settings_action = QAction(_("自动备份设置…"), self)
        self.settings_action.triggered.connect(self.open_settings)
        self.running: threading.Event | None = None
        self.exit_state = _Exit.OPEN
        self.exit_cancelled = False
        self.exit_dialog: QProgressDialog | None = None
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(REFRESH_MS)
        self.refresh_timer.timeout.connect(self.refresh)
        self.refresh_timer.start()
        self.refresh()
        QTimer.singleShot(START_DELAY_MS, self, self.run_daily)

    def add_to_menu(self, menu: QMenu) -> None:
        """文件 → 备份… / 从备份恢复… (administrators only) / 自动备份设置…"""
        menu.addAction(self.backup_action)
        if self.workspace.user.may(RESTORE_ACTION):
            menu.addAction(self.restore_action)
        menu.addAction(self.settings_action)

    def refresh(self) -> None:
        """Re-read the last good backup's age for the indicator."""
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(auto_backup_info, db, user), self.show_info, self._info_failed,
                       owner=self)

    def show_info(self, info: AutoBackupInfo) -> None:
        """Keep and show the newest automatic-backup state."""
        self.info = info
        if self.running is None:
            self.status.show_info(info)

    def _info_failed(self, exc: BaseException) -> None:
        self.status.show_unknown(error_text(exc))

    def open_backup(self) -> None:
        """文件 → 备份…"""
        from app.ui.backups.backup_dialog import BackupDialog

        dialog = BackupDialog(self.workspace, self.tasks, self.window)
        dialog.backed_up.connect(self.show_info)
        dialog.exec()
        dialog.deleteLater()

    def open_restore(self) -> None:
        """文件 → 从备份恢复…; a restored base may be opened at once."""
        from app.ui.backups.restore_dialog import RestoreDialog

        dialog = RestoreDialog(self.workspace, self.tasks, self.window)
        dialog.open_requested.connect(self._open_restored)
        dialog.exec()
        dialog.deleteLater()

    def _open_restored(self, url: str) -> None:
        signal = getattr(self.window, "database_requested", None)
        if signal is not None:
            QTimer.singleShot(0, partial(signal.emit, url))

    def open_settings(self) -> None:
        """The automatic-backup folder of this PC."""
        from app.ui.backups.auto_dialog import AutoBackupDialog

        dialog = AutoBackupDialog(self.workspace, self.tasks, self.info, self.window)
        dialog.changed.connect(self._settings_changed)
        dialog.exec()
        dialog.deleteLater()

    def _settings_changed(self, info: AutoBackupInfo) -> None:
        self.show_info(info)
        self.run_daily()

    def run_daily(self) -> None:
        """The day's first automatic backup, if one is due (the service decides)."""
        if self.running is not None or self.exit_state is not _Exit.OPEN:
            return
        db, user = self.workspace.db, self.workspace.user
        self.running = self.tasks.run_with_progress(
            partial(run_auto_backup, db, user, When.START), self._progressed, self._auto_done,
            self._auto_failed)

    def _progressed(self, done: int, total: int) -> None:
        self.status.show_running(done, total)
        if self.exit_dialog is not None:
            self.exit_dialog.setMaximum(max(total, done, 1))
            self.exit_dialog.setValue(done)

    def _auto_done(self, outcome: AutoBackupOutcome) -> None:
        self.running = None
        self.show_info(outcome.info)
        self._after_run()

    def _auto_failed(self, _exc: BaseException) -> None:
        self.running = None
        self.refresh()
        self._after_run()

    def _after_run(self) -> None:
        if self.exit_state is _Exit.CHECKING:
            self._check_exit()
        elif self.exit_state is _Exit.BACKING_UP:
            self._finish_exit()

    # closing -----------------------------------------------------------------

    def may_close(self) -> bool:
        """True when the window may close now; else the exit backup starts and closes it later."""
        if self.exit_state is _Exit.DONE:
            return True
        if self.exit_state is not _Exit.OPEN:
            return False
        if self.running is None and (self.info is None or self.info.folder is None):
            return True
        self.exit_state = _Exit.CHECKING
        self._show_exit_dialog(_("正在检查是否需要备份…"))
        if self.running is None:
            self._check_exit()
        return False

    def _check_exit(self) -> None:
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(backup_due, db, user, When.EXIT), self._exit_checked,
                       self._exit_check_failed, owner=self)

    def _exit_checked(self, due: bool) -> None:
        if not due or self.exit_cancelled:
            self._finish_exit()
            return
        self.exit_state = _Exit.BACKING_UP
        if self.exit_dialog is not None:
            self.exit_dialog.setLabelText(_("正在备份案件库，完成后退出…"))
        db, user = self.workspace.db, self.workspace.user
        self.running = self.tasks.run_with_progress(
            partial(run_auto_backup, db, user, When.EXIT), self._progressed, self._auto_done,
            self._auto_failed)
        QTimer.singleShot(EXIT_LIMIT_MS, self, self.cancel_exit_backup)

    def _exit_check_failed(self, _exc: BaseException) -> None:
        self._finish_exit()

    def _show_exit_dialog(self, text: str) -> None:
        dialog = QProgressDialog(text, _("取消备份并退出"), 0, 0, self.window)
        dialog.setWindowTitle(_("调解台"))
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel_exit_backup)
        self.exit_dialog = dialog
        dialog.show()

    def cancel_exit_backup(self) -> None:
        """Stop the exit backup (it leaves no file); close at the latest after a grace period."""
        if self.exit_state is _Exit.DONE:
            return
        self.exit_cancelled = True
        if self.running is not None:
            self.running.set()
        if self.exit_dialog is not None:
            self.exit_dialog.setLabelText(_("正在取消备份…"))
        QTimer.singleShot(STOP_GRACE_MS, self, self._finish_exit)

    def _finish_exit(self) -> None:
        if self.exit_state is _Exit.DONE:
            return
        self.exit_state = _Exit.DONE
        if self.exit_dialog is not None:
            self.exit_dialog.close()
            self.exit_dialog.deleteLater()
            self.exit_dialog = None
        self.window.close()
