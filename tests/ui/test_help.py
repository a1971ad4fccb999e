"""The Help menu: the guide opens offline at the page's section with F1; every key is listed."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.paths import resources_dir
from app.services.casebase.workspace import Workspace
from app.ui.help.guide import SECTIONS, GuideWindow, guide_folder
from app.ui.help.menu import PAGE_SECTIONS
from app.ui.help.shortcut_list import ShortcutsDialog, menu_actions, shortcut_rows
from app.ui.main_window import MainWindow
from app.ui.shortcuts import BINDINGS, CASE_BUTTONS
from app.ui.tasks import TaskRunner


def _window(qtbot: QtBot, workspace: Workspace, tasks: TaskRunner) -> MainWindow:
    window = MainWindow(workspace, tasks, workspace.db.url)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    return window


def _help_menu_texts(window: MainWindow) -> list[str]:
    help_menu = window.menuBar().actions()[-1].menu()
    return [a.text() for a in help_menu.actions() if not a.isSeparator()]


def test_help_menu_has_the_guide_the_shortcuts_and_about(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner) -> None:
    window = _window(qtbot, workspace, tasks)
    assert _help_menu_texts(window) == ["使用说明", "快捷键", "关于调解台"]
    assert window.help.guide_action.shortcut() == QKeySequence(Qt.Key.Key_F1)


def test_every_section_is_shipped_with_a_heading_and_no_dead_link() -> None:
    folder = guide_folder("zh_CN")
    assert folder == resources_dir() / "guide" / "zh_CN"
    for key, title in SECTIONS:
        text = (folder / f"{key}.html").read_text(encoding="utf-8")
        assert f"<h1>{title}</h1>" in text
        assert "http" not in text, "the guide must read offline"
    assert guide_folder("xx") == folder, "a language without its own guide gets the Chinese one"
    english = guide_folder("en")
    assert english != folder
    for key, _title in SECTIONS:
        text = (english / f"{key}.html").read_text(encoding="utf-8")
        assert "<h1>" in text and "http" not in text


def test_f1_opens_the_guide_at_the_section_of_the_page_shown(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner) -> None:
    window = _window(qtbot, workspace, tasks)
    titles = dict(SECTIONS)
    for row, key in enumerate(PAGE_SECTIONS):
        assert titles[key] == window.sidebar.item(row).text()
    for row in (0, 2, 1):
        window.sidebar.setCurrentRow(row)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
        qtbot.keyClick(window.sidebar, Qt.Key.Key_F1)
        guide = window.help.guide
        assert isinstance(guide, GuideWindow) and guide.isVisible()
        assert guide.section() == PAGE_SECTIONS[row]
        assert guide.contents.currentItem().text() == window.sidebar.item(row).text()
        heading = guide.browser.document().toPlainText().splitlines()[0]
        assert heading == window.sidebar.item(row).text()
    guide.contents.setCurrentRow(0)
    assert guide.section() == "first-steps"
    assert "Ctrl+N" in guide.browser.toPlainText()
    qtbot.keyClick(guide.browser, Qt.Key.Key_Escape)
    assert not guide.isVisible()


def test_f1_in_the_case_window_opens_the_cases_section_and_the_guide_takes_keys(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner) -> None:
    window = _window(qtbot, workspace, tasks)
    detail = window.cases_page.open_case(1)
    detail.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is detail, timeout=5000)
    qtbot.keyClick(detail, Qt.Key.Key_F1)
    guide = window.help.guide
    assert isinstance(guide, GuideWindow) and guide.isVisible()
    assert guide.section() == "cases"
    guide.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is guide, timeout=5000)
    guide.contents.setFocus()
    qtbot.keyClick(guide.contents, Qt.Key.Key_Down)
    assert guide.section() == "dashboard"


def test_shortcut_list_shows_every_key_the_program_binds(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner) -> None:
    window = _window(qtbot, workspace, tasks)
    for row in range(len(window.pages)):  # build every page, so their keys exist
        window.page_at(row)
    dialog = window.help.open_shortcuts()
    assert isinstance(dialog, ShortcutsDialog)
    listed = {keys for keys, _what, _where in shortcut_rows(window)}
    shown = {dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())}
    assert shown == listed
    single = {key for keys in listed for key in keys.split(" / ")}
    native = QKeySequence.SequenceFormat.NativeText
    for action in menu_actions(window):
        for key in action.shortcuts():
            assert key.toString(native) in single, action.text()
    bound = {shortcut.key().toString(QKeySequence.SequenceFormat.PortableText)
             for shortcut in window.findChildren(QShortcut)}
    declared = {variant for b in BINDINGS for key in b.keys
                for variant in (key, key.replace("Return", "Enter"))} | {"F1"}
    assert bound and bound <= declared, bound - declared
    assert "Ctrl+1" in single and "F1" in single and "Enter" in single
    letters = [letter for letter, _title in CASE_BUTTONS]
    assert len(letters) == len(set(letters)), "Alt letters of the case window must be unique"
    assert {f"Alt+{letter}" for letter in letters} <= single


def test_alt_letters_the_guide_names_are_the_case_windows_own() -> None:
    text = (guide_folder("zh_CN") / "cases.html").read_text(encoding="utf-8")
    named = dict(re.findall(r"([^，；>\s]+) Alt\+([A-Z])", text))
    assert named == {title: letter for letter, title in CASE_BUTTONS}


def test_guide_is_bundled_by_the_installer_spec() -> None:
    spec = (Path(__file__).resolve().parents[2] / "installers" / "tiaojie.spec").read_text(
        encoding="utf-8")
    assert 'tree(ROOT / "resources", "resources")' in spec
