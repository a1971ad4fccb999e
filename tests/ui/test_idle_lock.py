"""The window locks when idle and keeps the open form; a real base makes the admin set a password.

Idle times are milliseconds here (injected), and the real widgets are driven:
keys typed into the intake form and the unlock dialog, buttons clicked.
"""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.config import Settings
from app.services.casebase.workspace import Workspace
from app.services.security.users import authenticate, set_password
from app.store.database import Database
from app.store.models import User
from app.ui.admin.first_password_dialog import FirstPasswordDialog
from app.ui.admin.idle_lock import IdleLock
from app.ui.admin.unlock_dialog import UnlockDialog
from app.ui.app import Controller
from app.ui.main_window import MainWindow
from app.ui.tasks import TaskRunner
from tests.support.templates import DEMO_COUNTY, SqliteTemplates

PASSWORD = "Tiaojie2026"
FACTS = "neighbours quarrel over a wall"


def _failed_logins(db: Database) -> int:
    with db.session() as s:
        return int(s.execute(select(User.failed_logins).where(User.login == "admin")).scalar_one())


def _ok(dialog: UnlockDialog | FirstPasswordDialog) -> None:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert button is not None
    button.click()


def test_idle_window_locks_and_keeps_the_open_form(qtbot: QtBot, workspace: Workspace,
                                                   tasks: TaskRunner) -> None:
    set_password(workspace.db, workspace.user, "admin", PASSWORD)
    workspace.has_password = True
    window = MainWindow(workspace, tasks, workspace.db.url)
    qtbot.addWidget(window)
    window.show()
    form = window.cases_page.open_intake()
    qtbot.waitUntil(lambda: form.organisation.count() > 0, timeout=10000)
    form.facts.setFocus()
    qtbot.keyClicks(form.facts, FACTS)

    lock = IdleLock(window, workspace, tasks, idle_ms=300)
    qtbot.waitUntil(lambda: lock.locked, timeout=5000)
    dialog = lock.dialog
    assert isinstance(dialog, UnlockDialog) and dialog.isVisible()
    covered: list[QWidget | None] = []
    for cover in lock.covers:
        parent = cover.parentWidget()
        assert parent is not None and cover.isVisible() and cover.geometry() == parent.rect()
        covered.append(parent)
    assert window in covered and form in covered

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert lock.locked and dialog.isVisible()
    qtbot.keyClicks(dialog.password, "Wrong2026")
    _ok(dialog)
    qtbot.waitUntil(lambda: dialog.message.text() == "密码不正确", timeout=10000)
    assert lock.locked and _failed_logins(workspace.db) == 1

    covers = list(lock.covers)
    qtbot.keyClicks(dialog.password, PASSWORD)
    _ok(dialog)
    qtbot.waitUntil(lambda: not lock.locked, timeout=10000)
    assert form.isVisible() and form.facts.toPlainText() == FACTS
    assert _failed_logins(workspace.db) == 0
    qtbot.waitUntil(lambda: not any(shiboken6.isValid(c) for c in covers), timeout=5000)


def test_input_keeps_the_window_unlocked(qtbot: QtBot, workspace: Workspace,
                                         tasks: TaskRunner) -> None:
    window = MainWindow(workspace, tasks, workspace.db.url)
    qtbot.addWidget(window)
    window.show()
    lock = IdleLock(window, workspace, tasks, idle_ms=1500)
    for _tick in range(12):
        qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
        qtbot.wait(200)
        assert not lock.locked
    qtbot.waitUntil(lambda: lock.locked, timeout=5000)


def _answer_first_password(answers: list[tuple[str, str]], seen: list[str]) -> None:
    """Fill the first-password dialog with each (password, repeat) in turn, noting its message."""

    def answer() -> None:
        from app.ui.setup.wizard import SetupWizard

        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, SetupWizard):
            dialog.reject()  # a new install offers setup first (tests/ui/test_setup_wizard.py)
        if not isinstance(dialog, FirstPasswordDialog):
            QTimer.singleShot(50, answer)
            return
        seen.append(dialog.message.text())
        password, repeat = answers.pop(0)
        dialog.password.setText(password)
        dialog.repeat.setText(repeat)
        _ok(dialog)
        if answers:
            QTimer.singleShot(50, answer)

    QTimer.singleShot(50, answer)


def test_first_start_of_a_real_base_makes_the_admin_set_a_password(
        qtbot: QtBot, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'office.db'}"
    seen: list[str] = []
    _answer_first_password([("Tiaojie2026", "Tiaojie2027"),
                            ("abcdefgh", "abcdefgh"),
                            (PASSWORD, PASSWORD)], seen)
    controller = Controller(Settings(), url, "admin", idle_lock_ms=60000)
    with qtbot.waitSignal(controller.window_shown, timeout=30000):
        controller.start()
    assert controller.window is not None and controller.workspace is not None
    qtbot.addWidget(controller.window)
    assert seen == ["", "两次输入的密码不一致", "密码至少需要 8 个字符，并且要同时包含字母和数字"]
    assert authenticate(controller.workspace.db, "admin", PASSWORD).login == "admin"
    assert controller.workspace.has_password and controller.idle_lock is not None
    controller.shutdown()


def test_a_demo_base_opens_without_asking_for_a_password(
        qtbot: QtBot, sqlite_templates: SqliteTemplates, tmp_path: Path) -> None:
    url = sqlite_templates.copy(DEMO_COUNTY, tmp_path / "demo.db")
    controller = Controller(Settings(), url, "admin", idle_lock_ms=60000)
    with qtbot.waitSignal(controller.window_shown, timeout=30000):
        controller.start()
    assert controller.window is not None and controller.workspace is not None
    qtbot.addWidget(controller.window)
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, FirstPasswordDialog)]
    assert not controller.workspace.has_password and controller.idle_lock is None
    controller.shutdown()


def test_idle_time_comes_from_the_settings_default_15_minutes(tmp_path: Path) -> None:
    import json

    from app.config import config_path

    assert Settings().idle_lock_minutes == 15
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    for stored, expected in ((30, 30), (0, 15), ("5", 15), (True, 15), (100000, 15)):
        path.write_text(json.dumps({"idle_lock_minutes": stored}), encoding="utf-8")
        assert Settings.load().idle_lock_minutes == expected, stored
    path.write_text(json.dumps({"idle_lock_minutes": 30}), encoding="utf-8")
    controller = Controller(Settings.load(), f"sqlite:///{tmp_path / 'x.db'}", "admin")
    assert controller.idle_lock_ms == 30 * 60_000

