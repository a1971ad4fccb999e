"""At 1366×768, in Chinese and English, no list cuts its headings or cells short.

Each check compares the width the text needs (the view's own font metrics
plus the margins the style draws it with) with the width of its column, on
the real pages over the demo county: the case list, the party registry,
every list of the 工作台, the recommended organisations of 指派.  The sort
arrow and the settings page are checked here too, and an English window
title carries no Chinese.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QStyle,
    QStyleOptionHeader,
)
from pytestqt.qtbot import QtBot

from app import i18n
from app.services.casebase.workspace import Workspace
from app.services.cases.queries import CaseFilter, case_page
from app.ui.assignment.assign_dialog import ORGANISATION_ROWS, AssignDialog
from app.ui.main_window import MainWindow
from app.ui.sort_arrow import SortArrowStyle
from app.ui.tasks import TaskRunner

SCREEN = (1366, 768)
LANGUAGES = ("zh_CN", "en")
CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@pytest.fixture(params=LANGUAGES)
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    i18n.activate(request.param)
    yield request.param


def _window(qtbot: QtBot, workspace: Workspace, tasks: TaskRunner) -> MainWindow:
    window = MainWindow(workspace, tasks, workspace.db.url)
    qtbot.addWidget(window)
    window.resize(*SCREEN)
    window.show()
    return window


def _cut_short(view: QAbstractItemView, rows: int) -> list[str]:
    """Every heading and cell among the first ``rows`` rows that its column is too narrow for."""
    model, header = view.model(), view.horizontalHeader()
    style = view.style()
    text_margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    header_margin = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    arrow = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header)
    cells, headings = view.fontMetrics(), header.fontMetrics()
    grid = 1 if getattr(view, "showGrid", lambda: False)() else 0
    found = []
    last = model.columnCount() - 1
    for column in range(model.columnCount()):
        width = view.columnWidth(column)
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        needed = headings.horizontalAdvance(title) + 2 * header_margin
        if header.isSortIndicatorShown() and header.sortIndicatorSection() == column:
            needed += arrow + header_margin
        if needed > width:
            found.append(f"heading {title!r}: needs {needed}, has {width}")
        if column == last and header.stretchLastSection():
            width = max(width, view.viewport().width() - header.sectionPosition(column))
        for row in range(min(rows, model.rowCount())):
            text = str(model.index(row, column).data() or "")
            needed = cells.horizontalAdvance(text) + 2 * text_margin + grid
            if needed > width:
                found.append(f"{title!r} row {row} {text!r}: needs {needed}, has {width}")
    return found


def _loaded_rows(view: QAbstractItemView) -> int:
    """Rows the viewport shows."""
    height = view.verticalHeader().defaultSectionSize()
    return max(1, view.viewport().height() // height)


def test_case_list_and_parties_fit(qtbot: QtBot, workspace: Workspace, tasks: TaskRunner,
                                   language: str) -> None:
    window = _window(qtbot, workspace, tasks)
    cases = window.cases_page
    rows = _loaded_rows(cases.table)
    qtbot.waitUntil(lambda: cases.model.row_object(rows - 1) is not None, timeout=10000)
    qtbot.wait(50)
    problems = _cut_short(cases.table, rows)
    assert not problems, "\n".join([language, *problems])

    window.sidebar.setCurrentRow(2)
    parties = window.parties_page
    qtbot.waitUntil(lambda: parties.model.row_object(0) is not None, timeout=10000)
    shown = _loaded_rows(parties.table)
    qtbot.waitUntil(lambda: parties.model.row_object(shown - 1) is not None, timeout=10000)
    companies = [n for n in range(shown)
                 if (r := parties.model.row_object(n)) is not None and r.kind != "person"]
    assert companies, "the registry's first screen shows an organisation's name"
    qtbot.wait(50)
    problems = _cut_short(parties.table, shown)
    assert not problems, "\n".join([language, *problems])


def test_every_dashboard_list_fits(qtbot: QtBot, workspace: Workspace, tasks: TaskRunner,
                                   language: str) -> None:
    window = _window(qtbot, workspace, tasks)
    page = window.warnings_page
    qtbot.waitUntil(lambda: page.board is not None, timeout=10000)
    assert page.board is not None and page.board.overdue.total > 0
    for key, table in page.tables.items():
        page.tabs.setCurrentWidget(table)
        problems = _cut_short(table, table.rowCount())
        assert not problems, "\n".join([language, key, *problems])
    for n in range(page.tabs.count()):
        assert not CHINESE.search(page.tabs.tabText(n)) or language != "en", page.tabs.tabText(n)


def test_assign_dialog_shows_four_recommended_organisations(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner, language: str) -> None:
    case = case_page(workspace.db, workspace.user, CaseFilter(status="received"), 0, 1)[0]
    dialog = AssignDialog(workspace, tasks, case.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.recommendation is not None, timeout=10000)
    table = dialog.organisations
    assert table.rowCount() >= 1
    assert table.viewport().height() >= ORGANISATION_ROWS * table.rowHeight(0), language
    assert dialog.frameGeometry().height() <= SCREEN[1]
    qtbot.waitUntil(lambda: dialog.mediators.rowCount() > 0, timeout=10000)
    for view in (table, dialog.mediators):
        problems = _cut_short(view, view.rowCount())
        assert not problems, "\n".join([language, *problems])


def test_settings_controls_keep_their_own_width(qtbot: QtBot, workspace: Workspace,
                                                tasks: TaskRunner, language: str) -> None:
    window = _window(qtbot, workspace, tasks)
    window.sidebar.setCurrentRow(6)
    page = window.settings_page
    qtbot.waitUntil(page.isVisible, timeout=5000)
    for control in (page.change_db, page.language):
        assert control.width() <= control.sizeHint().width() + 10, control
    user_line = next(label.text() for label in page.findChildren(type(page.db_label))
                     if workspace.user.login in label.text())
    if language == "en":
        assert not re.search(r"[（）【】，]", user_line), user_line


def _arrow(style: QStyle, header: QHeaderView, element: QStyle.PrimitiveElement) -> QImage:
    image = QImage(40, 40, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    option = QStyleOptionHeader()
    option.initFrom(header)
    option.rect = QRect(10, 10, 20, 20)
    painter = QPainter(image)
    style.drawPrimitive(element, option, painter, header)
    painter.end()
    return image


@pytest.mark.parametrize(("order", "expected"), [
    (Qt.SortOrder.DescendingOrder, QStyle.PrimitiveElement.PE_IndicatorArrowDown),
    (Qt.SortOrder.AscendingOrder, QStyle.PrimitiveElement.PE_IndicatorArrowUp)])
def test_sort_arrow_points_the_way_rows_run(qtbot: QtBot, order: Qt.SortOrder,
                                            expected: QStyle.PrimitiveElement) -> None:
    header = QHeaderView(Qt.Orientation.Horizontal)
    qtbot.addWidget(header)
    header.setSortIndicator(1, order)
    style = SortArrowStyle()
    drawn = _arrow(style, header, QStyle.PrimitiveElement.PE_IndicatorHeaderArrow)
    base = QApplication.style()
    assert drawn == _arrow(base, header, expected)
    other = (QStyle.PrimitiveElement.PE_IndicatorArrowUp
             if expected == QStyle.PrimitiveElement.PE_IndicatorArrowDown
             else QStyle.PrimitiveElement.PE_IndicatorArrowDown)
    assert drawn != _arrow(base, header, other)


def test_case_list_arrow_starts_newest_first(qtbot: QtBot, workspace: Workspace,
                                             tasks: TaskRunner) -> None:
    window = _window(qtbot, workspace, tasks)
    header = window.cases_page.table.horizontalHeader()
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert isinstance(header.style(), SortArrowStyle)
    model = window.cases_page.model
    qtbot.waitUntil(lambda: model.row_object(1) is not None, timeout=10000)
    assert model.row_object(0).received_at >= model.row_object(1).received_at


def test_english_titles_carry_no_chinese(qtbot: QtBot, workspace: Workspace,
                                         tasks: TaskRunner) -> None:
    from app.config import Settings
    from app.ui.app import Controller

    controller = Controller(Settings(), workspace.db.url, "admin", demo_if_empty=False)
    with qtbot.waitSignal(controller.window_shown, timeout=20000):
        controller.start()
    with qtbot.waitSignal(controller.window_shown, timeout=20000):
        controller.switch_language("en")
    window = controller.window
    assert window is not None
    qtbot.addWidget(window)
    assert not CHINESE.search(window.windowTitle()), window.windowTitle()
    assert not CHINESE.search(QApplication.applicationDisplayName())
    controller.shutdown()
