"""The main window over a real demo case base: pages, lazy list, status bar."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.services.casebase.workspace import Workspace
from app.services.cases import queries as case_queries
from app.services.cases.queries import CaseFilter
from app.services.security.users import add_user, get_user
from app.ui.main_window import MainWindow
from app.ui.tasks import TaskRunner
from tests.services.fixtures import ADMIN


def _window(qtbot: QtBot, workspace: Workspace, tasks: TaskRunner) -> MainWindow:
    window = MainWindow(workspace, tasks, workspace.db.url)
    qtbot.addWidget(window)
    window.show()
    return window


def test_opens_in_chinese_with_status_bar(qtbot: QtBot, workspace: Workspace,
                                          tasks: TaskRunner) -> None:
    window = _window(qtbot, workspace, tasks)
    titles = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert titles == ["案件", "工作台", "当事人", "调解组织", "村民说事", "统计报表", "系统设置"]
    assert "case-base.db" in window.db_status.text()
    assert "系统管理员" in window.user_status.text()


def test_case_list_shows_every_case_lazily(qtbot: QtBot, workspace: Workspace,
                                           tasks: TaskRunner) -> None:
    window = _window(qtbot, workspace, tasks)
    model = window.cases_page.model
    qtbot.waitUntil(lambda: model.total() == 300, timeout=10000)
    assert window.cases_page.count_label.text() == "共 300 件"
    assert model.row_object(299) is None
    window.cases_page.table.scrollToBottom()
    model.data(model.index(299, 0))
    qtbot.waitUntil(lambda: model.row_object(299) is not None, timeout=10000)
    last = model.row_object(299)
    model.data(model.index(0, 0))
    qtbot.waitUntil(lambda: model.row_object(0) is not None, timeout=10000)
    first = model.row_object(0)
    assert first.received_at >= last.received_at
    expected = case_queries.case_page(workspace.db, ADMIN, None, 299, 1)[0]
    assert last.number == expected.number


def test_status_filter_narrows_the_list(qtbot: QtBot, workspace: Workspace,
                                        tasks: TaskRunner) -> None:
    window = _window(qtbot, workspace, tasks)
    page = window.cases_page
    qtbot.waitUntil(lambda: page.model.total() == 300, timeout=10000)
    page.status_filter.setCurrentIndex(page.status_filter.findData("archived"))
    archived = case_queries.count_cases(workspace.db, ADMIN, CaseFilter(status="archived"))
    assert 0 < archived < 300
    qtbot.waitUntil(lambda: page.model.total() == archived, timeout=10000)


def test_each_sidebar_entry_switches_page_and_loads(qtbot: QtBot, workspace: Workspace,
                                                    tasks: TaskRunner) -> None:
    window = _window(qtbot, workspace, tasks)
    for row in range(len(window.pages)):
        window.sidebar.setCurrentRow(row)
        assert window.stack.currentWidget() is window.page_at(row)
    qtbot.waitUntil(lambda: window.parties_page.model.total() > 300, timeout=10000)
    qtbot.waitUntil(lambda: window.organisations_page.table.rowCount() > 10, timeout=10000)
    qtbot.waitUntil(lambda: window.organisations_page.tree.topLevelItemCount() == 1,
                    timeout=10000)
    qtbot.waitUntil(lambda: window.meetings_page.table.rowCount() > 0, timeout=10000)
    qtbot.waitUntil(lambda: window.reports_page.table is not None, timeout=10000)
    qtbot.waitUntil(lambda: window.warnings_page.board is not None, timeout=10000)


def test_keyboard_shortcut_switches_page(qtbot: QtBot, workspace: Workspace,
                                         tasks: TaskRunner) -> None:
    window = _window(qtbot, workspace, tasks)
    go_menu = window.menuBar().actions()[1].menu()
    go_menu.actions()[4].trigger()
    assert window.stack.currentWidget() is window.meetings_page


def test_party_ids_masked_for_viewer(qtbot: QtBot, workspace: Workspace,
                                    tasks: TaskRunner) -> None:
    viewer = Workspace(workspace.db, get_user(workspace.db, "viewer01"))
    window = _window(qtbot, viewer, tasks)
    window.sidebar.setCurrentRow(2)
    model = window.parties_page.model
    qtbot.waitUntil(lambda: model.total() > 0, timeout=10000)
    model.data(model.index(0, 0))
    qtbot.waitUntil(lambda: model.row_object(0) is not None, timeout=10000)
    people = [model.row_object(i) for i in range(min(model.total(), 200))]
    person = next(p for p in people if p is not None and p.kind == "person")
    assert "********" in person.identifier
    assert "****" in person.phone


def test_pages_the_role_may_not_use_are_hidden(qtbot: QtBot, workspace: Workspace,
                                               tasks: TaskRunner) -> None:
    add_user(workspace.db, workspace.user, "sysadmin", "admin", "网络管理员")
    admin = Workspace(workspace.db, get_user(workspace.db, "sysadmin"))
    window = _window(qtbot, admin, tasks)
    hidden = [window.sidebar.item(i).isHidden() for i in range(window.sidebar.count())]
    assert hidden == [True, True, True, False, True, True, False]
    assert window.sidebar.currentRow() == 3
    viewer = _window(qtbot, Workspace(workspace.db, get_user(workspace.db, "viewer01")), tasks)
    assert not any(viewer.sidebar.item(i).isHidden() for i in range(viewer.sidebar.count()))


def test_audit_verify_button(qtbot: QtBot, workspace: Workspace, tasks: TaskRunner) -> None:
    window = _window(qtbot, workspace, tasks)
    window.sidebar.setCurrentRow(6)
    window.settings_page.verify_button.click()
    qtbot.waitUntil(lambda: "审计链完整" in window.settings_page.audit_result.text(),
                    timeout=10000)


def test_source_organisation_and_date_filters(qtbot: QtBot, workspace: Workspace,
                                              tasks: TaskRunner) -> None:
    from datetime import date

    from PySide6.QtCore import QDate

    window = _window(qtbot, workspace, tasks)
    page = window.cases_page
    qtbot.waitUntil(lambda: page.organisation_filter.count() > 5, timeout=10000)
    page.source_filter.setCurrentIndex(page.source_filter.findData("walk_in"))
    expected = case_queries.count_cases(workspace.db, ADMIN, CaseFilter(source="walk_in"))
    qtbot.waitUntil(lambda: page.model.total() == expected, timeout=10000)
    org_id = page.organisation_filter.itemData(1)
    page.organisation_filter.setCurrentIndex(1)
    expected = case_queries.count_cases(workspace.db,
                                        ADMIN, CaseFilter(source="walk_in", organisation_id=org_id))
    qtbot.waitUntil(lambda: page.model.total() == expected, timeout=10000)
    page.source_filter.setCurrentIndex(0)
    page.organisation_filter.setCurrentIndex(0)
    page.date_from.setDate(QDate(2026, 1, 1))
    expected = case_queries.count_cases(workspace.db, workspace.user,
                                        CaseFilter(received_from=date(2026, 1, 1)))
    assert 0 < expected < 300
    qtbot.waitUntil(lambda: page.model.total() == expected, timeout=10000)


def test_warning_counts_in_status_bar_from_start(qtbot: QtBot, workspace: Workspace,
                                                 tasks: TaskRunner) -> None:
    window = _window(qtbot, workspace, tasks)
    qtbot.waitUntil(lambda: "已超期" in window.warning_status.text(), timeout=10000)
    window.warning_status.click()
    assert window.stack.currentWidget() is window.warnings_page


def test_warning_panel_waits_for_the_case_lists_first_page(qtbot: QtBot, workspace: Workspace,
                                                           tasks: TaskRunner) -> None:
    window = _window(qtbot, workspace, tasks)
    at_first_page: list[str] = []
    window.cases_page.model.page_loaded.connect(
        lambda _page: at_first_page.append(window.warning_status.text()))
    qtbot.waitUntil(lambda: "已超期" in window.warning_status.text(), timeout=10000)
    assert at_first_page[0] == ""


def test_warning_counts_load_when_no_page_of_cases_is_asked_for(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner) -> None:
    window = MainWindow(workspace, tasks, workspace.db.url)  # never shown: no view asks for rows
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: "已超期" in window.warning_status.text(), timeout=10000)
    assert window.cases_page.model.row_object(0) is None


LAPTOP_WIDTH = 1366


def test_english_window_fits_a_laptop_screen_with_whole_labels(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner) -> None:
    from app import i18n

    i18n.activate("en")
    window = _window(qtbot, workspace, tasks)
    assert window.minimumSizeHint().width() <= LAPTOP_WIDTH
    metrics = window.sidebar.fontMetrics()
    for i in range(window.sidebar.count()):
        text = window.sidebar.item(i).text()
        assert metrics.horizontalAdvance(text) < window.sidebar.width(), text
    table = window.cases_page.table
    qtbot.waitUntil(lambda: window.cases_page.model.row_object(0) is not None, timeout=10000)
    chinese_width = table.property("column_widths")[3]
    qtbot.waitUntil(lambda: table.columnWidth(3) > chinese_width, timeout=10000)


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_window_keeps_its_width_when_the_warning_counts_arrive(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner, locale: str) -> None:
    from app import i18n

    i18n.activate(locale)
    window = _window(qtbot, workspace, tasks)
    qtbot.waitUntil(lambda: window.cases_page.model.row_object(0) is not None, timeout=10000)
    window.resize(window.minimumSizeHint())
    width = window.minimumSizeHint().width()
    qtbot.waitUntil(lambda: window.warning_status.text() != "", timeout=10000)
    qtbot.wait(50)
    assert (window.minimumSizeHint().width(), window.width()) == (width, width)
