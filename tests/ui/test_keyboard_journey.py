"""One case from intake to archive with key presses only, in the real main window.

No click anywhere: Ctrl+N opens the intake, Tab moves between fields, Ctrl+S
saves, the case window's steps are reached by their Alt letters, Ctrl+Enter
or Ctrl+S confirms each dialog and Esc closes.  Chinese text arrives the way
an input method delivers it (a commit string); everything else is a key.
Then Enter and Ctrl+O open the selected row of the case, party and meeting lists,
and a print preview opens at a size and zoom a page can be read at.
"""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtPrintSupport import QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from app.services.casebase.workspace import Workspace
from app.services.cases.detail import get_case
from app.services.cases.progress import case_progress
from app.ui.assignment.assign_dialog import AssignDialog
from app.ui.cases.detail_dialog import CaseDetailDialog
from app.ui.cases.intake_dialog import IntakeDialog
from app.ui.documents.printing import preview_dialog
from app.ui.main_window import MainWindow
from app.ui.mediation.dialogs import ArchiveDialog, OutcomeDialog, SessionDialog
from app.ui.meetings.meeting_dialog import MeetingDialog
from app.ui.parties.party_dialog import PartyDialog
from app.ui.shortcuts import CASE_BUTTONS, alt_text
from app.ui.tasks import TaskRunner
from tests.services.fixtures import ADMIN

Key, Mod = Qt.Key, Qt.KeyboardModifier
MAX_TABS = 60


def _focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _press(qtbot: QtBot, key: Key, modifier: Mod = Mod.NoModifier) -> None:
    qtbot.keyClick(_focus(), key, modifier)


def _type(qtbot: QtBot, text: str) -> None:
    """ASCII by key clicks; Chinese the way an input method delivers it (a commit)."""
    if text.isascii():
        qtbot.keyClicks(_focus(), text)
        return
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(_focus(), event)


def _tab_to(qtbot: QtBot, widget: QWidget) -> None:
    """Press Tab until ``widget`` has the focus."""
    for _ in range(MAX_TABS):
        if _focus() is widget:
            return
        _press(qtbot, Key.Key_Tab)
    raise AssertionError(f"Tab never reached {widget!r}")


def _activate(qtbot: QtBot, window: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)


def _opened(qtbot: QtBot, parent: QWidget, kind: type[QDialog]) -> QDialog:
    qtbot.waitUntil(lambda: any(d.isVisible() for d in parent.findChildren(kind)), timeout=5000)
    dialog = [d for d in parent.findChildren(kind) if d.isVisible()][-1]
    _activate(qtbot, dialog)
    return dialog


def _status(workspace: Workspace, case_id: int) -> str:
    return get_case(workspace.db, ADMIN, case_id).status


def _step(qtbot: QtBot, detail: CaseDetailDialog, letter: Key, kind: type[QDialog]) -> QDialog:
    """Alt+letter in the case window, which must open a dialog of ``kind``."""
    _activate(qtbot, detail)
    _press(qtbot, letter, Mod.AltModifier)
    return _opened(qtbot, detail, kind)


def _until(qtbot: QtBot, condition: Callable[[], bool]) -> None:
    qtbot.waitUntil(condition, timeout=15000)


def _register(qtbot: QtBot, window: MainWindow) -> IntakeDialog:
    _activate(qtbot, window)
    _press(qtbot, Key.Key_N, Mod.ControlModifier)
    intake = _opened(qtbot, window.cases_page, IntakeDialog)
    assert isinstance(intake, IntakeDialog)
    _until(qtbot, lambda: intake.organisation.count() > 0)
    _tab_to(qtbot, intake.category)
    while intake.category.currentData() is None:
        _press(qtbot, Key.Key_Down)
    _tab_to(qtbot, intake.facts)
    _type(qtbot, "两户因院墙排水沟堵塞发生争执")
    _tab_to(qtbot, intake.claims)
    _type(qtbot, "请求疏通排水沟")
    for editor, name, id_number, phone in (
            (intake.parties[0], "键盘甲", "11010519491231002X", "13800001111"),
            (intake.parties[1], "键盘乙", "440524188001010014", "13900002222")):
        _tab_to(qtbot, editor.name)
        _type(qtbot, name)
        _tab_to(qtbot, editor.id_number)
        _type(qtbot, id_number)
        _tab_to(qtbot, editor.phone)
        _type(qtbot, phone)
        _tab_to(qtbot, editor.address)
        _type(qtbot, "溪口村8号")
    assert intake.save_button.text() == "保存 (Ctrl+S)"
    _press(qtbot, Key.Key_S, Mod.ControlModifier)
    _until(qtbot, lambda: not intake.isVisible() or intake.repeat_panel.isVisible())
    if intake.isVisible():  # the parties have other cases: saving again confirms
        _press(qtbot, Key.Key_S, Mod.ControlModifier)
    return intake


def _assign(qtbot: QtBot, detail: CaseDetailDialog) -> None:
    dialog = _step(qtbot, detail, Key.Key_A, AssignDialog)
    assert isinstance(dialog, AssignDialog)
    assert dialog.save_button.text() == "指派 (Ctrl+Enter)"
    _until(qtbot, lambda: dialog.recommendation is not None and bool(dialog.choices))
    org = dialog.selected_organisation()
    row = next(n for n, m in enumerate(dialog.choices)
               if m.organisation_id == org and not m.conflicts)
    _tab_to(qtbot, dialog.mediators)
    _press(qtbot, Key.Key_Home, Mod.ControlModifier)
    for _ in range(row):
        _press(qtbot, Key.Key_Down)
    _press(qtbot, Key.Key_Space)
    assert dialog.ticked() == [dialog.choices[row].id]
    assert dialog.lead.currentData() == dialog.choices[row].id
    _press(qtbot, Key.Key_Return, Mod.ControlModifier)
    _until(qtbot, lambda: not dialog.isVisible())


def test_one_case_from_intake_to_archive_with_the_keyboard_only(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner) -> None:
    window = MainWindow(workspace, tasks, workspace.db.url)
    qtbot.addWidget(window)
    window.show()
    _register(qtbot, window)
    detail = _opened(qtbot, window.cases_page, CaseDetailDialog)
    assert isinstance(detail, CaseDetailDialog)
    _until(qtbot, lambda: detail.detail is not None and detail.routing.state is not None)
    case_id = detail.case_id
    assert detail.detail is not None and detail.detail.status == "received"
    assert detail.routing.assign_button.text() == "指派(&A)…"

    _assign(qtbot, detail)
    _until(qtbot, lambda: _status(workspace, case_id) == "assigned")
    _until(qtbot, lambda: detail.mediation.buttons["start"].isVisible())

    _activate(qtbot, detail)
    _press(qtbot, Key.Key_M, Mod.AltModifier)  # 开始调解(&M)
    _until(qtbot, lambda: _status(workspace, case_id) == "in_mediation")

    session = _step(qtbot, detail, Key.Key_S, SessionDialog)
    assert isinstance(session, SessionDialog)
    _tab_to(qtbot, session.record)
    _type(qtbot, "双方陈述了排水沟堵塞的经过，调解员实地查看")
    _press(qtbot, Key.Key_S, Mod.ControlModifier)
    _until(qtbot, lambda: not session.isVisible())
    _until(qtbot, lambda: detail.mediation.progress is not None
           and detail.mediation.progress.sessions == 1)

    outcome = _step(qtbot, detail, Key.Key_W, OutcomeDialog)
    assert isinstance(outcome, OutcomeDialog)
    assert outcome.outcome.currentData() == "not_agreed"
    _tab_to(qtbot, outcome.reason)
    _type(qtbot, "双方分歧较大，经多次调解未能达成协议")
    _press(qtbot, Key.Key_Return, Mod.ControlModifier)
    _until(qtbot, lambda: not outcome.isVisible())
    _until(qtbot, lambda: _status(workspace, case_id) == "not_agreed")
    _until(qtbot, lambda: detail.mediation.buttons["archive"].isVisible())

    archive = _step(qtbot, detail, Key.Key_V, ArchiveDialog)
    assert isinstance(archive, ArchiveDialog)
    assert archive.summary.toPlainText(), "the closing report starts from the reason given"
    _press(qtbot, Key.Key_S, Mod.ControlModifier)
    _until(qtbot, lambda: not archive.isVisible())
    _until(qtbot, lambda: _status(workspace, case_id) == "archived")

    _activate(qtbot, detail)
    _press(qtbot, Key.Key_Escape)
    _until(qtbot, lambda: not detail.isVisible())
    assert case_progress(workspace.db, ADMIN, case_id).archive_number


def test_every_button_of_the_case_window_has_its_own_alt_letter(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner) -> None:
    window = MainWindow(workspace, tasks, workspace.db.url)
    qtbot.addWidget(window)
    detail = window.cases_page.open_case(1)
    _until(qtbot, lambda: detail.detail is not None)
    letters = {f"(&{letter})" for letter, _title in CASE_BUTTONS}
    texts = [b.text() for b in detail.findChildren(QPushButton) if b.text() != "关闭"]
    assert texts and all(any(mark in text for mark in letters) for text in texts), texts
    marks = [text[text.index("(&"):text.index("(&") + 4] for text in texts]
    assert len(marks) == len(set(marks))


def test_enter_and_ctrl_o_open_the_selected_case_party_and_meeting(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner) -> None:
    window = MainWindow(workspace, tasks, workspace.db.url)
    qtbot.addWidget(window)
    window.show()
    _activate(qtbot, window)
    cases = window.cases_page
    _until(qtbot, lambda: cases.model.row_object(0) is not None)
    _tab_to(qtbot, cases.table)
    _press(qtbot, Key.Key_Down)
    _press(qtbot, Key.Key_Return)
    detail = _opened(qtbot, cases, CaseDetailDialog)
    _press(qtbot, Key.Key_Escape)
    _until(qtbot, lambda: not detail.isVisible())

    _activate(qtbot, window)
    _press(qtbot, Key.Key_F, Mod.ControlModifier)
    assert _focus() is cases.search
    _press(qtbot, Key.Key_O, Mod.ControlModifier)  # the row picked above, from the search box
    again = _opened(qtbot, cases, CaseDetailDialog)
    assert isinstance(again, CaseDetailDialog) and again.case_id == cases.model.row_object(
        cases.table.currentIndex().row()).id
    _press(qtbot, Key.Key_Escape)

    _activate(qtbot, window)
    _press(qtbot, Key.Key_3, Mod.ControlModifier)
    parties = window.parties_page
    _until(qtbot, lambda: parties.model.row_object(0) is not None)
    _tab_to(qtbot, parties.table)
    _press(qtbot, Key.Key_Return)
    party = _opened(qtbot, parties, PartyDialog)
    _press(qtbot, Key.Key_Escape)
    _until(qtbot, lambda: not party.isVisible())

    _activate(qtbot, window)
    _press(qtbot, Key.Key_5, Mod.ControlModifier)
    meetings = window.meetings_page
    _until(qtbot, lambda: meetings.table.rowCount() > 0)
    _tab_to(qtbot, meetings.table)
    _press(qtbot, Key.Key_O, Mod.ControlModifier)
    meeting = _opened(qtbot, meetings, MeetingDialog)
    _press(qtbot, Key.Key_Escape)
    _until(qtbot, lambda: not meeting.isVisible())


def test_print_preview_opens_fit_to_width_at_a_useful_size(qtbot: QtBot) -> None:
    paper = BytesIO()
    canvas = Canvas(paper, pagesize=A4)
    canvas.drawString(72, 760, "Agreement")
    canvas.save()
    preview = preview_dialog([paper.getvalue()])
    qtbot.addWidget(preview)
    widget = preview.findChild(QPrintPreviewWidget)
    assert widget is not None
    assert widget.zoomMode() == QPrintPreviewWidget.ZoomMode.FitToWidth
    screen = preview.screen().availableGeometry()
    assert preview.height() >= screen.height() * 0.85
    assert screen.height() * 0.6 < preview.width() <= screen.width()


def test_alt_letters_are_underlined_in_place_in_english_and_after_chinese_words() -> None:
    assert alt_text("指派", "A") == "指派(&A)"
    assert alt_text("Assign", "A") == "&Assign"
    assert alt_text("Send back", "B") == "Send &back"
    assert alt_text("Refer", "X") == "Refer(&X)"
