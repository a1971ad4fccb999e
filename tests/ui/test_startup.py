"""Start-up as ``make run`` does it: empty database → demo data → Chinese main window."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.config import Settings
from app.services.cases import queries as case_queries
from app.ui.app import Controller
from tests.services.fixtures import ADMIN


def test_first_start_fills_demo_data_and_shows_window(qtbot: QtBot, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'first.db'}"
    controller = Controller(Settings(), url, "admin", demo_if_empty=True, demo_cases=150)
    with qtbot.waitSignal(controller.window_shown, timeout=60000):
        controller.start()
    window = controller.window
    assert window is not None
    qtbot.addWidget(window)
    assert window.windowTitle().startswith("调解台")
    assert controller.workspace is not None
    assert case_queries.count_cases(controller.workspace.db, ADMIN) == 150
    qtbot.waitUntil(lambda: window.cases_page.model.total() == 150, timeout=10000)
    assert Settings.load().db_url == url

    with qtbot.waitSignal(controller.window_shown, timeout=10000):
        controller.switch_language("en")
    english = controller.window
    assert english is not None and english is not window
    qtbot.addWidget(english)
    titles = [english.sidebar.item(i).text() for i in range(english.sidebar.count())]
    assert titles[0] == "Cases"
    assert Settings.load().locale == "en"
    controller.shutdown()


def test_existing_database_opens_without_demo(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.ui.admin.first_password_dialog import FirstPasswordDialog
    from app.ui.setup.wizard import SetupWizard

    def set_first_password() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, SetupWizard):
            dialog.reject()  # a new install offers setup first (tests/ui/test_setup_wizard.py)
        if not isinstance(dialog, FirstPasswordDialog):
            QTimer.singleShot(50, set_first_password)
            return
        dialog.password.setText("first start 2026")
        dialog.repeat.setText("first start 2026")
        dialog.submit()

    url = f"sqlite:///{tmp_path / 'plain.db'}"
    QTimer.singleShot(50, set_first_password)
    controller = Controller(Settings(), url, "admin", demo_if_empty=False)
    with qtbot.waitSignal(controller.window_shown, timeout=30000):
        controller.start()
    assert controller.window is not None
    qtbot.addWidget(controller.window)
    assert controller.workspace is not None
    assert case_queries.count_cases(controller.workspace.db, ADMIN) == 0
    controller.shutdown()


def test_account_with_password_is_asked_to_sign_in(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.services.casebase.opening import open_database
    from app.services.security.users import set_password
    from app.ui.admin.login_dialog import LoginDialog
    from app.ui.setup.wizard import SetupWizard

    url = f"sqlite:///{tmp_path / 'locked.db'}"
    db = open_database(url)
    set_password(db, ADMIN, "admin", "a long passphrase 9")
    db.dispose()
    answers = ["wrong password", "a long passphrase 9"]
    reasons: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, SetupWizard):
            dialog.reject()  # a new install offers setup first (tests/ui/test_setup_wizard.py)
            return
        if not isinstance(dialog, LoginDialog):
            if controller.window is None:
                QTimer.singleShot(50, answer)
            return
        reasons.append(dialog.message.text())
        dialog.password.setText(answers.pop(0))
        dialog.accept()
        QTimer.singleShot(50, answer)

    QTimer.singleShot(50, answer)
    controller = Controller(Settings(), url, "admin")
    with qtbot.waitSignal(controller.window_shown, timeout=30000):
        controller.start()
    assert controller.window is not None
    qtbot.addWidget(controller.window)
    assert reasons == ["请输入“admin”的密码", "密码不正确"]
    controller.shutdown()
