"""The 工作台 opens on its most pressing non-empty list; each list prints and exports whole."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintPreviewWidget
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.reports.warning_exports import LISTS
from app.services.casebase.workspace import Workspace
from app.services.mediation.dashboard import warning_board
from app.ui.cases.detail_dialog import CaseDetailDialog
from app.ui.mediation.warnings_output import TablePreview, WarningExportDialog
from app.ui.mediation.warnings_page import FIRST_LOOKED_AT, WarningsPage
from app.ui.tasks import TaskRunner
from tests.services.fixtures import ADMIN

KEYS = [key for key, _title in LISTS]


def _page(qtbot: QtBot, workspace: Workspace, tasks: TaskRunner, today: date,
          rows_shown: int = 200) -> WarningsPage:
    page = WarningsPage(workspace, tasks, today=lambda: today, rows_shown=rows_shown)
    qtbot.addWidget(page)
    page.show()
    page.load()
    qtbot.waitUntil(lambda: page.board is not None, timeout=10000)
    return page


def _earliest_deadline(workspace: Workspace) -> date:
    """The earliest deadline of a case still being mediated."""
    earliest = warning_board(workspace.db, ADMIN, date(2099, 1, 1)).overdue.rows[0].deadline
    assert earliest is not None
    return earliest


def test_opens_on_overdue_when_there_are_overdue_cases(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner) -> None:
    today = _earliest_deadline(workspace) + timedelta(days=2)
    board = warning_board(workspace.db, ADMIN, today)
    assert board.overdue.total > 0
    page = _page(qtbot, workspace, tasks, today)
    assert page.current_key() == "overdue"
    assert page.tabs.currentIndex() == KEYS.index("overdue")


def test_opens_on_due_soon_when_nothing_is_overdue_yet(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner) -> None:
    today = _earliest_deadline(workspace) - timedelta(days=1)
    board = warning_board(workspace.db, ADMIN, today)
    assert board.overdue.total == 0 and board.due_soon.total > 0
    page = _page(qtbot, workspace, tasks, today)
    assert page.current_key() == "due_soon"


def test_skips_lists_that_are_empty(qtbot: QtBot, workspace: Workspace,
                                    tasks: TaskRunner) -> None:
    today = date(2000, 1, 1)
    board = warning_board(workspace.db, ADMIN, today)
    expected = next(key for key in FIRST_LOOKED_AT if getattr(board, key).total)
    assert expected not in ("overdue", "due_soon")
    page = _page(qtbot, workspace, tasks, today)
    assert page.current_key() == expected


def test_a_list_the_user_turned_to_stays_on_refresh(qtbot: QtBot, workspace: Workspace,
                                                    tasks: TaskRunner) -> None:
    today = _earliest_deadline(workspace) + timedelta(days=2)
    board = warning_board(workspace.db, ADMIN, today)
    page = _page(qtbot, workspace, tasks, today)
    assert page.current_key() == "overdue"
    chosen = next(key for key in reversed(KEYS) if getattr(board, key).total)
    page.tabs.setFocus()
    while page.current_key() != chosen:
        qtbot.keyClick(page.tabs, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    page.board = None
    page.load()
    qtbot.waitUntil(lambda: page.board is not None, timeout=10000)
    assert page.current_key() == chosen


def test_enter_opens_the_selected_case(qtbot: QtBot, workspace: Workspace,
                                       tasks: TaskRunner) -> None:
    today = _earliest_deadline(workspace) + timedelta(days=2)
    page = _page(qtbot, workspace, tasks, today)
    table = page.tables["overdue"]
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page, timeout=5000)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_End)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(page.findChildren(CaseDetailDialog)), timeout=5000)
    dialog = page.findChildren(CaseDetailDialog)[-1]
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=10000)
    assert page.board is not None
    assert dialog.detail.number == page.board.overdue.rows[-1].number


def test_print_previews_the_list_shown_readably(qtbot: QtBot, workspace: Workspace,
                                                tasks: TaskRunner) -> None:
    today = _earliest_deadline(workspace) + timedelta(days=2)
    page = _page(qtbot, workspace, tasks, today)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page, timeout=5000)
    qtbot.keyClick(page.tables["overdue"], Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(page.findChildren(TablePreview)), timeout=5000)
    preview = page.findChildren(TablePreview)[-1]
    assert page.board is not None
    text = preview.document.toPlainText()
    assert "已超期" in text
    assert all(row.number in text for row in page.board.overdue.rows)
    widget = preview.findChild(QPrintPreviewWidget)
    assert widget is not None
    assert widget.zoomMode() == QPrintPreviewWidget.ZoomMode.FitToWidth
    screen = preview.screen().availableGeometry()
    assert preview.height() >= screen.height() * 0.85, "most of the screen's height"
    wide = min(screen.width() * 0.9, preview.height() * 1.4)
    assert preview.width() >= wide - 1, "a landscape sheet gets a wide window"
    preview.close()


def test_export_writes_the_whole_list_not_only_the_rows_shown(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner, tmp_path: Path) -> None:
    today = _earliest_deadline(workspace) + timedelta(days=2)
    total = warning_board(workspace.db, ADMIN, today).missed.total
    assert total >= 2, "the demo has missed instalments to export"
    page = _page(qtbot, workspace, tasks, today, rows_shown=total - 1)
    page.tabs.setCurrentIndex(KEYS.index("missed"))
    assert page.board is not None
    missed = page.board.missed
    shown = page.tables["missed"].rowCount()
    dialog = page.export_list()
    assert isinstance(dialog, WarningExportDialog)
    assert not dialog.cases.isVisible() and not dialog.parties.isVisible()
    target = tmp_path / "missed.xlsx"
    dialog.start(str(target))
    qtbot.waitUntil(lambda: "已导出" in dialog.status.text(), timeout=15000)
    sheet = openpyxl.load_workbook(target).active
    assert sheet is not None
    values = list(sheet.iter_rows(min_row=3, values_only=True))
    assert shown == total - 1 < missed.total == len(values)
    assert values[0][0] == missed.rows[0].number
    assert values[0][5] is not None and values[0][5].date() == missed.rows[0].due_date
    assert "回访督促" in str(values[0][7])
    page.tabs.setCurrentIndex(KEYS.index("overdue"))
    overdue = page.export_list()
    assert isinstance(overdue, WarningExportDialog)
    overdue.format.setCurrentIndex(overdue.format.findData("csv"))
    listed = tmp_path / "overdue.csv"
    overdue.start(str(listed))
    qtbot.waitUntil(lambda: "已导出" in overdue.status.text(), timeout=15000)
    with listed.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0][0] == "案号" and "期限情况" in rows[0]
    everything = warning_board(workspace.db, ADMIN, today, limit=1000).overdue.rows
    assert [r[0] for r in rows[1:]] == [r.number for r in everything]
    assert rows[1][-1].startswith("已超期")
