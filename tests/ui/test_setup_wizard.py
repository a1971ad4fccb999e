"""The first-start wizard, driven as a user would, and the demo mark in the title.

A new install (``tiaojie gui`` on an empty base) shows the wizard; the office
picks its county and a town from the bundled list, gets a committee
suggested, adds a mediator and an account, sets the administrator's password
and finishes: the base then holds exactly that, and the window opens
without a demo mark.  ``make run`` (``--demo-if-empty``) still fills the demo
directly, and its window says 【演示数据】.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot

from app.config import Settings
from app.services.casebase.workspace import Workspace
from app.services.organisations import queries as organisation_queries
from app.services.security.users import authenticate
from app.store.database import Database
from app.ui.app import Controller
from app.ui.main_window import MainWindow
from app.ui.setup.wizard import ADMIN, REGION, SUMMARY, SetupWizard
from app.ui.tasks import TaskRunner
from tests.services.fixtures import ADMIN as ADMIN_USER

PASSWORD = "Qiang2026tou"


def _wizard(qtbot: QtBot) -> SetupWizard:
    qtbot.waitUntil(lambda: any(isinstance(w, SetupWizard) and w.isVisible()
                                for w in QApplication.topLevelWidgets()), timeout=30000)
    wizard = next(w for w in QApplication.topLevelWidgets() if isinstance(w, SetupWizard))
    qtbot.addWidget(wizard)
    return wizard


def _fill_office(wizard: SetupWizard) -> None:
    if wizard.currentId() != REGION:
        wizard.choice.office.setChecked(True)
        wizard.next()
    assert wizard.currentId() == REGION
    wizard.region.pick("330225", ["330225105000"])
    row = wizard.region.extra.add_row()
    wizard.region.extra.set_text(row, "code", "330225105201")
    wizard.region.extra.set_text(row, "name", "塘岙村")
    wizard.next()
    orgs = wizard.orgs.rows
    assert orgs.rows()[0]["name"] == "墙头镇人民调解委员会"
    assert orgs.rows()[0]["short_name"] == "墙头"
    orgs.set_text(0, "code", "QT")
    wizard.next()
    wizard.mediators.rows.add_row({"name": "陈国强", "organisation": "QT"})
    wizard.next()
    wizard.accounts.rows.add_row({"login": "dengji", "name": "周敏", "role": "clerk",
                                  "organisation": "QT"})
    wizard.accounts.rows.set_text(0, "password", "Zhou2026min")
    wizard.next()
    assert wizard.currentId() == ADMIN
    wizard.admin.name.setText("王丽华")
    wizard.admin.password.setText(PASSWORD)
    wizard.admin.again.setText(PASSWORD)
    wizard.next()
    assert wizard.currentId() == SUMMARY


def test_a_new_install_is_set_up_through_the_wizard(qtbot: QtBot, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'office.db'}"
    controller = Controller(Settings(), url, "admin")
    controller.start()
    wizard = _wizard(qtbot)
    _fill_office(wizard)
    summary = wizard.confirm.text.toPlainText()
    assert "[QT] 墙头镇人民调解委员会" in summary and "塘岙村" in summary
    wizard.grab().save(str(tmp_path / "wizard.png"))
    with qtbot.waitSignal(controller.window_shown, timeout=30000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    window = controller.window
    assert window is not None
    qtbot.addWidget(window)
    assert "演示" not in window.windowTitle()
    workspace = controller.workspace
    assert workspace is not None and workspace.has_password and not workspace.is_demo
    orgs = organisation_queries.organisations(workspace.db, workspace.user)
    assert [(o.code, o.name, o.region) for o in orgs] == [("QT", "墙头镇人民调解委员会", "墙头镇")]
    regions = organisation_queries.region_tree(workspace.db, workspace.user)
    assert [r.name for r in regions] == ["宁波市", "象山县", "墙头镇", "塘岙村"]
    assert authenticate(workspace.db, "admin", PASSWORD).display_name == "王丽华"
    assert authenticate(workspace.db, "dengji", "Zhou2026min").role == "clerk"
    controller.shutdown()


def test_a_mistake_is_shown_on_the_last_page_and_nothing_is_written(
        qtbot: QtBot, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'office.db'}"
    controller = Controller(Settings(), url, "admin")
    controller.start()
    wizard = _wizard(qtbot)
    _fill_office(wizard)
    wizard.back()
    wizard.admin.password.setText("short")
    wizard.admin.again.setText("short")
    wizard.next()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert "密码至少需要 8 个字符" in wizard.confirm.note.text()
    assert wizard.isVisible() and wizard.currentId() == SUMMARY
    assert controller.workspace is not None
    assert organisation_queries.organisations(controller.workspace.db, ADMIN_USER) == []
    wizard.reject()
    controller.shutdown()


def test_the_wizard_can_choose_the_demo(qtbot: QtBot, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'try.db'}"
    controller = Controller(Settings(), url, "admin", demo_cases=40)
    controller.start()
    wizard = _wizard(qtbot)
    wizard.choice.demo.setChecked(True)
    with qtbot.waitSignal(controller.window_shown, timeout=60000):
        QTimer.singleShot(0, wizard.button(QWizard.WizardButton.FinishButton).click)
    window = controller.window
    assert window is not None
    qtbot.addWidget(window)
    assert window.windowTitle().endswith("【演示数据】")
    controller.shutdown()


def test_a_demo_user_starts_a_real_office_from_the_file_menu(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    from tests.support.templates import SMALL_DEMO, sqlite_templates

    demo_url = sqlite_templates().copy(SMALL_DEMO, tmp_path / "demo.db")
    controller = Controller(Settings(), demo_url, "admin")
    with qtbot.waitSignal(controller.window_shown, timeout=30000):
        controller.start()
    assert controller.window is not None
    assert controller.window.windowTitle().endswith("【演示数据】")
    office = tmp_path / "墙头镇"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_a, **_k: (str(office), "SQLite (*.db)"))
    new_office = next(a for a in controller.window.menuBar().actions()[0].menu().actions()
                      if a.text() == "新建本单位数据库…")
    new_office.trigger()
    wizard = _wizard(qtbot)
    assert wizard.currentId() == REGION and not wizard.choice.demo.isVisible()
    _fill_office(wizard)
    with qtbot.waitSignal(controller.window_shown, timeout=30000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    window = controller.window
    assert window is not None
    qtbot.addWidget(window)
    assert "演示" not in window.windowTitle()
    assert controller.db_url == f"sqlite:///{office}.db"
    assert Settings.load().db_url == controller.db_url
    controller.shutdown()


def test_cancelling_the_new_office_goes_back_to_the_base_in_use(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    from tests.support.templates import SMALL_DEMO, sqlite_templates

    demo_url = sqlite_templates().copy(SMALL_DEMO, tmp_path / "demo.db")
    controller = Controller(Settings(), demo_url, "admin")
    with qtbot.waitSignal(controller.window_shown, timeout=30000):
        controller.start()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_a, **_k: (str(tmp_path / "office.db"), "SQLite (*.db)"))
    controller.create_office_base()
    wizard = _wizard(qtbot)
    with qtbot.waitSignal(controller.window_shown, timeout=30000):
        wizard.reject()
    assert controller.db_url == demo_url and controller.workspace is not None
    assert controller.workspace.is_demo and controller.login == "admin"
    assert controller.window is not None and controller.window.windowTitle().endswith(
        "【演示数据】")
    qtbot.addWidget(controller.window)
    controller.shutdown()


def test_the_demo_base_is_marked_in_the_title(workspace: Workspace, tasks: TaskRunner,
                                              qtbot: QtBot) -> None:
    demo = Workspace(workspace.db, workspace.user, is_demo=True)
    window = MainWindow(demo, tasks, "sqlite:///demo.db")
    qtbot.addWidget(window)
    assert window.windowTitle() == "调解台 — 矛盾纠纷多元化解【演示数据】"
    real = MainWindow(Workspace(workspace.db, workspace.user), tasks, "sqlite:///real.db")
    qtbot.addWidget(real)
    assert "演示" not in real.windowTitle()


def test_opening_a_demo_base_reports_it(tmp_path: Path) -> None:
    from app.services.casebase.workspace import open_workspace
    from tests.support.templates import SMALL_DEMO, sqlite_templates

    url = sqlite_templates().copy(SMALL_DEMO, tmp_path / "demo.db")
    opened = open_workspace(url, "admin")
    try:
        assert opened.is_demo
    finally:
        opened.close()
    Database(url).dispose()
