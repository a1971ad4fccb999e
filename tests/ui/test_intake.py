"""A clerk registers a dispute with the keyboard only; bad input is refused inline."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.services.casebase.workspace import Workspace
from app.services.cases import queries as case_queries
from app.services.cases.drafts import load_draft
from app.services.cases.queries import CaseFilter
from app.ui.cases.intake_dialog import IntakeDialog
from app.ui.cases.page import CasesPage
from app.ui.tasks import TaskRunner
from tests.services.fixtures import ADMIN


def _focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _page(qtbot: QtBot, workspace: Workspace, tasks: TaskRunner) -> CasesPage:
    page = CasesPage(workspace, tasks)
    qtbot.addWidget(page)
    page.show()
    page.load()
    qtbot.waitUntil(lambda: page.model.total() > 0, timeout=10000)
    return page


def _open_with_keyboard(qtbot: QtBot, page: CasesPage) -> IntakeDialog:
    page.activateWindow()
    page.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), IntakeDialog)
                    or bool(page.findChildren(IntakeDialog)), timeout=5000)
    dialog = page.findChildren(IntakeDialog)[-1]
    qtbot.waitUntil(lambda: dialog.organisation.count() > 0, timeout=10000)
    dialog.activateWindow()
    dialog.source.setFocus()
    return dialog


def _type(qtbot: QtBot, text: str) -> None:
    """ASCII by key clicks; Chinese the way an input method delivers it (a commit)."""
    widget = _focus()
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _tab(qtbot: QtBot, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(_focus(), Qt.Key.Key_Tab)


def _fill_party(qtbot: QtBot, dialog: IntakeDialog, index: int, name: str, id_number: str,
                phone: str) -> None:
    editor = dialog.parties[index]
    assert _focus() is editor.role
    _tab(qtbot, 2)
    assert _focus() is editor.name
    _type(qtbot, name)
    _tab(qtbot)
    assert _focus() is editor.id_number
    _type(qtbot, id_number)
    _tab(qtbot, 3)
    assert _focus() is editor.phone
    _type(qtbot, phone)
    _tab(qtbot)
    _type(qtbot, "溪口村8号")
    _tab(qtbot, 3)
    assert _focus() is editor.remove_button
    _tab(qtbot)


def test_keyboard_only_intake_then_found_by_two_characters(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner) -> None:
    page = _page(qtbot, workspace, tasks)
    before = page.model.total()
    dialog = _open_with_keyboard(qtbot, page)
    assert _focus() is dialog.source
    _tab(qtbot)
    assert _focus() is dialog.received_at
    _tab(qtbot)
    assert dialog.category.currentData() is None
    qtbot.keyClick(_focus(), Qt.Key.Key_Down)
    qtbot.keyClick(_focus(), Qt.Key.Key_Down)
    assert dialog.category.currentData() == "neighbour"
    _tab(qtbot)
    assert _focus() is dialog.facts
    _type(qtbot, "两户因院墙排水沟堵塞发生争执")
    _tab(qtbot)
    _type(qtbot, "请求疏通排水沟")
    _tab(qtbot)
    _type(qtbot, "3000")
    _tab(qtbot, 4)
    assert _focus() is dialog.organisation
    _tab(qtbot)
    _fill_party(qtbot, dialog, 0, "测试甲", "11010519491231002X", "13800001111")
    _fill_party(qtbot, dialog, 1, "测试乙", "440524188001010014", "13900002222")
    with qtbot.waitSignal(dialog.registered, timeout=15000) as saved:
        qtbot.keyClick(_focus(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: not dialog.isVisible() or dialog.repeat_panel.isVisible(),
                        timeout=15000)
        if dialog.isVisible():
            qtbot.keyClick(_focus(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    number = saved.args[0].number
    qtbot.waitUntil(lambda: page.model.total() == before + 1, timeout=10000)
    found = case_queries.case_page(workspace.db, ADMIN, CaseFilter(text="测试"), 0, 10)
    assert [r.number for r in found] == [number]
    page.search.setText("测试")
    qtbot.waitUntil(lambda: page.model.total() == 1, timeout=10000)
    page.model.data(page.model.index(0, 0))
    qtbot.waitUntil(lambda: page.model.row_object(0) is not None, timeout=10000)
    assert page.model.row_object(0).number == number
    assert load_draft(workspace.user, "intake") is None


def test_invalid_id_number_is_refused_inline(qtbot: QtBot, workspace: Workspace,
                                             tasks: TaskRunner) -> None:
    page = _page(qtbot, workspace, tasks)
    before = case_queries.count_cases(workspace.db, ADMIN)
    dialog = page.open_intake()
    qtbot.waitUntil(lambda: dialog.organisation.count() > 0, timeout=10000)
    dialog.category.setCurrentIndex(dialog.category.findData("neighbour"))
    dialog.facts.setPlainText("邻里纠纷")
    dialog.parties[0].name.setText("测试丙")
    dialog.parties[0].id_number.setText("110105194912310021")
    dialog.parties[1].name.setText("测试丁")
    dialog.save_button.click()
    error = dialog.errors.labels["parties[0].id_number"]
    assert error.isVisible() and "校验码应为 X" in error.text()
    assert dialog.isVisible()
    qtbot.wait(300)
    assert case_queries.count_cases(workspace.db, ADMIN) == before


def test_draft_survives_destroyed_window(qtbot: QtBot, workspace: Workspace,
                                         tasks: TaskRunner) -> None:
    page = _page(qtbot, workspace, tasks)
    dialog = page.open_intake()
    qtbot.waitUntil(lambda: dialog.organisation.count() > 0, timeout=10000)
    dialog.facts.setPlainText("村道被占用引发纠纷")
    dialog.parties[0].name.setText("草稿人")
    qtbot.waitUntil(lambda: load_draft(workspace.user, "intake") is not None,
                    timeout=5000)
    dialog.setParent(None)
    dialog.deleteLater()
    qtbot.wait(50)

    page2 = _page(qtbot, workspace, tasks)
    assert page2.draft_banner.isVisibleTo(page2)
    restored = page2.open_intake()
    qtbot.waitUntil(lambda: restored.organisation.count() > 0, timeout=10000)
    qtbot.waitUntil(lambda: restored.facts.toPlainText() == "村道被占用引发纠纷", timeout=10000)
    assert restored.parties[0].name.text() == "草稿人"


def test_repeat_dispute_warning_before_saving(qtbot: QtBot, workspace: Workspace,
                                              tasks: TaskRunner) -> None:
    from app.services.parties.queries import party_page
    from app.services.parties.registry import get_party

    page = _page(qtbot, workspace, tasks)
    known = next(r for r in party_page(workspace.db, workspace.user, 0, 200)
                 if r.kind == "person" and r.case_count > 0)
    detail = get_party(workspace.db, workspace.user, known.id)
    dialog = page.open_intake()
    qtbot.waitUntil(lambda: dialog.organisation.count() > 0, timeout=10000)
    dialog.category.setCurrentIndex(dialog.category.findData("neighbour"))
    dialog.facts.setPlainText("再次发生争执")
    dialog.parties[0].fill_from_registry(detail)
    dialog.parties[1].name.setText("测试戊")
    dialog.save_button.click()
    qtbot.waitUntil(dialog.repeat_panel.isVisible, timeout=10000)
    assert detail.cases[0].number in dialog.repeat_panel.text()
    with qtbot.waitSignal(dialog.registered, timeout=15000):
        dialog.save_button.click()


def test_dispute_type_starts_unchosen_and_must_be_chosen(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner) -> None:
    page = _page(qtbot, workspace, tasks)
    before = case_queries.count_cases(workspace.db, ADMIN)
    dialog = page.open_intake()
    qtbot.waitUntil(lambda: dialog.organisation.count() > 0, timeout=10000)
    assert dialog.category.currentText() == "请选择"
    assert dialog.category.currentData() is None
    dialog.facts.setPlainText("两户因宅基地界址发生争执")
    dialog.parties[0].name.setText("测试己")
    dialog.parties[1].name.setText("测试庚")
    dialog.save_button.click()
    error = dialog.errors.labels["category"]
    assert error.isVisible() and error.text() == "请选择纠纷类型"
    assert dialog.isVisible()
    dialog.category.setCurrentIndex(dialog.category.findData("housing_homestead"))
    with qtbot.waitSignal(dialog.registered, timeout=15000):
        dialog.save_button.click()
        qtbot.waitUntil(lambda: not dialog.isVisible() or dialog.repeat_panel.isVisible(),
                        timeout=15000)
        if dialog.isVisible():
            dialog.save_button.click()
    assert case_queries.count_cases(workspace.db, ADMIN) == before + 1
