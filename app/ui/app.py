"""Start the GUI: the composition root for the desktop program.

Opens the case base in the background (a server may take seconds to answer),
fills demo data on a first start when asked (``make run``), offers the setup
wizard on a new install (and for 文件 → 新建本单位数据库…), makes the
administrator of a real (non-demo) base set a password before anything else,
locks the window after the idle time of the settings, and rebuilds the main
window when the user switches database or language.
"""

from __future__ import annotations

import gc
import sys
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QProgressDialog

from app import i18n
from app.config import Settings, resolve_db_url
from app.domain.text import _
from app.paths import resources_dir
from app.services.casebase.opening import Database, is_empty
from app.services.casebase.workspace import Workspace, open_workspace, password_setup_needed
from app.services.security.users import LoginRequired
from app.ui import qt_translations
from app.ui.app_errors import error_text
from app.ui.main_window import MainWindow
from app.ui.tasks import Progress, TaskRunner

if TYPE_CHECKING:
    from app.demo.generator import DemoSummary
    from app.services.casebase.setup import SetupSummary
    from app.ui.admin.first_password_dialog import FirstPasswordDialog
    from app.ui.admin.idle_lock import IdleLock
    from app.ui.setup.wizard import SetupWizard

FIRST_START_DEMO_CASES = 3000
BUSY_AFTER_MS = 300
"""Opening a base shows a busy note only when it takes longer than this (a slow server)."""


@dataclass
class _Opened:
    workspace: Workspace
    empty: bool
    fresh: bool = False
    """A new install: no network yet, so the setup wizard is offered."""


def _open_case_base(url: str, login: str, password: str | None) -> _Opened:
    """Open (and upgrade) the database, sign in, and tell whether it is empty (on a worker).

    The setup check is imported only for an empty base: like the demo
    generator, the wizard and the dialogs of a refused start or a password
    account, it is loaded where it is needed, so the everyday start skips it.
    """
    workspace = open_workspace(url, login, password)
    if not is_empty(workspace.db):
        return _Opened(workspace, False)
    from app.services.casebase.setup import needs_setup

    return _Opened(workspace, True, needs_setup(workspace.db, workspace.user))


def _fill_with_demo(db: Database, cases: int, progress: Progress) -> DemoSummary:
    """Generate the first-start demo data, reporting progress (on a worker)."""
    from app.demo.generator import generate_demo

    return generate_demo(db, cases=cases, progress=progress)


def load_fonts(app: QApplication) -> None:
    """Register the shipped CJK font; use it where the system has no Chinese font."""
    for path in sorted((resources_dir() / "fonts").glob("*.tt[cf]")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families and sys.platform.startswith("linux"):
            app.setFont(QFont(families[0], 10))


class Controller(QObject):
    """Owns the workspace and the main window for the life of the program."""

    window_shown = Signal()

    def __init__(self, settings: Settings, db_url: str, login: str,
                 demo_if_empty: bool = False, demo_cases: int = FIRST_START_DEMO_CASES,
                 idle_lock_ms: int | None = None) -> None:
        super().__init__()
        self.settings, self.db_url, self.login = settings, db_url, login
        self.demo_if_empty, self.demo_cases = demo_if_empty, demo_cases
        self.idle_lock_ms = idle_lock_ms or settings.idle_lock_minutes * 60_000
        self.idle_lock: IdleLock | None = None
        self.first_password: FirstPasswordDialog | None = None
        self.tasks = TaskRunner(self)
        self.tasks.unhandled.connect(self._unhandled)
        self.workspace: Workspace | None = None
        self.window: MainWindow | None = None
        self.progress: QProgressDialog | None = None
        self.opening = False
        self.wizard: SetupWizard | None = None
        self.new_office = False
        """The base being opened was created by 文件 → 新建本单位数据库… (no demo offered)."""
        self.left: tuple[str, str] | None = None
        """The database and login to go back to when the new office's setup is cancelled."""

    def start(self) -> None:
        """Open the configured database in the background."""
        self._open(self.db_url, initial=True)

    def _busy(self, text: str) -> QProgressDialog:
        dialog = QProgressDialog(text, _("取消"), 0, 0)
        dialog.setWindowTitle(_("调解台"))
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.setMinimumDuration(300)
        dialog.setCancelButton(None)
        return dialog

    def _open(self, url: str, initial: bool, password: str | None = None) -> None:
        """Open ``url`` on a worker; a busy note appears if it takes long.

        The note is made only then: most bases open sooner, and making the
        dialog cost 20 ms of every start.
        """
        self.opening = True
        QTimer.singleShot(BUSY_AFTER_MS, self, self._show_busy)
        self.tasks.run(partial(_open_case_base, url, self.login, password),
                       partial(self._opened, url), partial(self._open_failed, url, initial))

    def _show_busy(self) -> None:
        if self.opening and self.progress is None:
            self.progress = self._busy(_("正在打开数据库…"))
            self.progress.show()

    def _close_progress(self) -> None:
        self.opening = False
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _opened(self, url: str, opened: _Opened) -> None:
        self._close_progress()
        if self.workspace is not None:
            self.workspace.close()
        self.workspace, self.db_url = opened.workspace, url
        self.settings.remember_db(url)
        self.settings.save()
        if opened.empty and self.demo_if_empty and not self.new_office:
            self._fill_demo()
        elif opened.fresh:
            self._offer_setup()
        else:
            self._check_password_set()

    def _offer_setup(self) -> None:
        """A new install: the wizard sets up the office (or fills the demo)."""
        from app.ui.setup.wizard import SetupWizard

        assert self.workspace is not None
        self.wizard = SetupWizard(self.workspace, self.tasks, not self.new_office, self.window)
        self.wizard.demo_chosen.connect(self._demo_chosen)
        self.wizard.set_up.connect(self._set_up)
        self.wizard.rejected.connect(self._setup_closed)
        self.wizard.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.wizard.show()

    def _demo_chosen(self) -> None:
        if self.wizard is not None:
            self.wizard.deleteLater()
            self.wizard = None
        self._fill_demo()

    def _set_up(self, _summary: SetupSummary) -> None:
        self.left = None
        self._setup_closed()

    def _setup_closed(self) -> None:
        if self.wizard is not None:
            self.wizard.deleteLater()
            self.wizard = None
        self.new_office = False
        if self.left is not None:
            (url, self.login), self.left = self.left, None
            self._open(url, initial=False)
            return
        self._check_password_set()

    def create_office_base(self) -> None:
        """文件 → 新建本单位数据库…: a new SQLite file, set up through the wizard, then used."""
        path, _filter = QFileDialog.getSaveFileName(
            self.window, _("新建本单位数据库"), "", _("SQLite 数据库 (*.db)"),
            options=QFileDialog.Option.DontConfirmOverwrite)
        if not path:
            return
        if not path.endswith(".db"):
            path += ".db"
        if Path(path).exists():
            QMessageBox.warning(self.window, _("新建本单位数据库"),
                                _("文件已存在：请输入一个新的文件名"))
            return
        self.left = (self.db_url, self.login)
        self.new_office, self.login = True, "admin"
        self._open(f"sqlite:///{path}", initial=False)

    def _open_failed(self, url: str, initial: bool, exc: BaseException) -> None:
        self._close_progress()
        if self.left is not None:
            self.login, self.left = self.left[1], None
        self.new_office = False
        if isinstance(exc, LoginRequired):
            self._ask_login(url, str(exc), initial)
            return
        QMessageBox.critical(self.window, _("无法打开数据库"), error_text(exc))
        if not initial:
            return
        from app.ui.admin.settings_dialog import DatabaseDialog

        dialog = DatabaseDialog(url, self.tasks)
        if dialog.exec() and dialog.chosen_url:
            self._open(dialog.chosen_url, initial=True)
        else:
            QApplication.quit()

    def _ask_login(self, url: str, reason: str, initial: bool) -> None:
        from app.ui.admin.login_dialog import LoginDialog

        dialog = LoginDialog(self.login, reason, self.window)
        if dialog.exec():
            self.login = dialog.login.text().strip()
            self.settings.user = self.login
            self._open(url, initial, dialog.password.text())
        elif initial:
            QApplication.quit()

    def _fill_demo(self) -> None:
        assert self.workspace is not None
        dialog = QProgressDialog(_("首次启动：正在生成演示数据…"), _("跳过"), 0, 100)
        dialog.setWindowTitle(_("调解台"))
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.setMinimumDuration(0)
        self.progress = dialog
        cancel = self.tasks.run_with_progress(
            partial(_fill_with_demo, self.workspace.db, self.demo_cases), self._demo_progress,
            self._demo_done, self._demo_done)
        dialog.canceled.connect(cancel.set)

    def _demo_progress(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress.setValue(done * 100 // max(total, 1))

    def _demo_done(self, outcome: DemoSummary | BaseException | None = None) -> None:
        from app.demo.generator import DemoSummary

        self._close_progress()
        if isinstance(outcome, DemoSummary) and self.workspace is not None:
            self.workspace.is_demo = True
        self._check_password_set()

    def _check_password_set(self) -> None:
        """A real base whose administrators have no password gets one before the window opens."""
        assert self.workspace is not None
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(password_setup_needed, db, user), self._password_checked,
                       self._check_failed)

    def _password_checked(self, needed: bool) -> None:
        assert self.workspace is not None
        if not needed:
            self._show_window()
            return
        from app.ui.admin.first_password_dialog import FirstPasswordDialog

        self.first_password = FirstPasswordDialog(self.workspace, self.tasks, self.window)
        self.first_password.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.first_password.accepted.connect(self._password_set)
        self.first_password.show()

    def _password_set(self) -> None:
        if self.first_password is not None:
            self.first_password.deleteLater()
            self.first_password = None
        self._show_window()

    def _check_failed(self, exc: BaseException) -> None:
        QMessageBox.critical(self.window, _("无法打开数据库"), error_text(exc))
        QApplication.quit()

    def _show_window(self) -> None:
        assert self.workspace is not None
        old = self.window
        self.window = MainWindow(self.workspace, self.tasks, self.db_url)
        self.window.database_requested.connect(lambda url: self._open(url, initial=False))
        self.window.new_office_requested.connect(self.create_office_base)
        self.window.language_requested.connect(self.switch_language)
        self.idle_lock = None
        if self.workspace.has_password:
            from app.ui.admin.idle_lock import IdleLock

            self.idle_lock = IdleLock(self.window, self.workspace, self.tasks, self.idle_lock_ms)
        if old is not None:
            self.window.restoreGeometry(old.saveGeometry())
            old.hide()
            old.deleteLater()
        self.window.show()
        self.window_shown.emit()

    def switch_language(self, locale: str) -> None:
        """Apply a new interface language by rebuilding the window."""
        self.settings.locale = locale
        self.settings.save()
        i18n.activate(locale)
        qt_translations.install(locale)
        QApplication.setApplicationDisplayName(_("调解台"))  # X11 adds it to every title
        current = self.window.sidebar.currentRow() if self.window else 0
        self._show_window()
        assert self.window is not None
        self.window.sidebar.setCurrentRow(current)

    def _unhandled(self, exc: BaseException, trace: str) -> None:
        sys.stderr.write(trace)
        QMessageBox.warning(self.window, _("操作失败"), error_text(exc))

    def shutdown(self) -> None:
        """Wait for background work and release the database."""
        self.tasks.wait_for_done(15000)
        if self.workspace is not None:
            self.workspace.close()


def prepare_application(locale: str) -> QApplication:
    """The application object with fonts and both translations, before any window.

    Shared by :func:`run_gui` and the cold-start benchmark, so the benchmark
    measures the steps a user's start really takes.

    Everything imported by now (Qt, SQLAlchemy, the models, the services:
    over 100,000 objects) lives as long as the program, so it is moved out of
    the garbage collector's sight: otherwise a full collection walks it all
    again while the first page of cases loads (about 70 ms of the start) and
    every so often after.
    """
    gc.freeze()
    gc.enable()  # app/cli/gui.py pauses collection while the modules load
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Tiaojie")
    load_fonts(app)
    i18n.activate(locale)
    qt_translations.install(locale)
    app.setApplicationDisplayName(_("调解台"))
    return app


def run_gui(db_url: str | None, demo_if_empty: bool, user: str | None,
            locale: str | None) -> int:
    """Open the desktop program and run until the last window closes."""
    settings = Settings.load()
    app = prepare_application(locale or settings.locale)
    controller = Controller(settings, resolve_db_url(db_url, settings), user or settings.user,
                            demo_if_empty)
    controller.start()
    code = app.exec()
    controller.shutdown()
    return code
