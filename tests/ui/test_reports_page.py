"""The 统计报表 page: pick a month and a scope, read the table, open a number, export, look.

Driven offscreen on the 300-case demo county, with "today" fixed in
November 2026 so the page opens on 2026年10月.  A double click on a count
must land on the case page listing exactly as many cases as the cell says,
and the very cases the report's own drill-down names.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.reports import Period, ReportKind, Scope
from app.reports.compute import compute_report, drill_down
from app.services.casebase.workspace import Workspace
from app.services.cases.queries import case_page
from app.ui.main_window import MainWindow
from app.ui.reports.export import export_report
from app.ui.reports.page import ReportsPage
from app.ui.reports.table_model import ReportTableModel
from app.ui.tasks import TaskRunner

TODAY = date(2026, 11, 15)
OCTOBER = Period.month(2026, 10)


def _page(qtbot: QtBot, workspace: Workspace, tasks: TaskRunner) -> ReportsPage:
    page = ReportsPage(workspace, tasks, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    page.load()
    qtbot.waitUntil(lambda: page.table is not None, timeout=15000)
    return page


def _model(page: ReportsPage, n: int = 0) -> ReportTableModel:
    model = page.view.tables[n].model()
    assert isinstance(model, ReportTableModel)
    return model


def test_opens_on_last_month_for_the_whole_county(qtbot: QtBot, workspace: Workspace,
                                                  tasks: TaskRunner) -> None:
    page = _page(qtbot, workspace, tasks)
    assert page.table is not None
    assert page.table.period == OCTOBER
    assert page.table.kind is ReportKind.MEDIATION
    expected = compute_report(workspace.db, workspace.user, ReportKind.MEDIATION, OCTOBER,
                              Scope.everything())
    assert page.table.scope_label == expected.scope_label == "象山县"
    model = _model(page)
    assert model.index(0, 0).data() == "合计"
    received = next(n for n, c in enumerate(model.columns, 1) if c.key == "received")
    assert model.index(0, received).data() == str(expected.total.cells["received"])
    assert model.headerData(received, Qt.Orientation.Horizontal) == "合计"
    header = page.view.tables[0].horizontalHeader()
    assert header.group_of(received) == ("受理", received, received + 3)
    labels = [line.label for line in model.lines]
    assert any(label.startswith("环比") for label in labels)
    assert any(label.startswith("同比") for label in labels)
    assert "受理" in page.view.footnotes.text()


def test_a_town_scope_and_another_report(qtbot: QtBot, workspace: Workspace,
                                         tasks: TaskRunner) -> None:
    page = _page(qtbot, workspace, tasks)
    town = next(page.scope.itemText(n).strip("\u3000") for n in range(page.scope.count())
                if page.scope.itemText(n).strip("\u3000").endswith("镇"))
    page.select(ReportKind.BY_ORGANISATION, Period.month(2026, 10), town)
    qtbot.waitUntil(lambda: page.table is not None and page.table.scope_label == town
                    and page.table.kind is ReportKind.BY_ORGANISATION, timeout=15000)
    model = _model(page)
    levels = [line for line in model.lines if line.level == 1]
    assert levels, "subtotal lines per level"
    assert model.data(model.index(model.lines.index(levels[0]), 0),
                      Qt.ItemDataRole.FontRole).bold()


def test_an_empty_period_is_a_zero_report(qtbot: QtBot, workspace: Workspace,
                                          tasks: TaskRunner) -> None:
    page = _page(qtbot, workspace, tasks)
    page.select(ReportKind.MEDIATION, Period.month(2019, 1))
    qtbot.waitUntil(lambda: page.table is not None and page.table.period.start.year == 2019,
                    timeout=15000)
    assert page.table is not None and page.table.empty
    assert page.view.zero.isVisible()
    assert _model(page).index(0, 1).data() == "0"


@pytest.mark.parametrize(("row", "column"), [("neighbour", "succeeded"), ("total", "received")])
def test_double_click_lists_exactly_the_cases_of_the_cell(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner, row: str, column: str) -> None:
    window = MainWindow(workspace, tasks, workspace.db.url)
    qtbot.addWidget(window)
    window.show()
    window.sidebar.setCurrentRow(5)
    page = window.reports_page
    qtbot.waitUntil(lambda: page.table is not None, timeout=15000)
    page.select(ReportKind.MEDIATION, OCTOBER)
    qtbot.waitUntil(lambda: page.table is not None and page.table.period == OCTOBER,
                    timeout=15000)
    assert page.table is not None
    number = int(next(r for r in page.table.rows if r.key == row).cells[column] or 0)
    assert number > 0, "the demo county has such cases in October 2026"
    view = page.view.tables[0]
    index = page.view.drillable_cell(row, column)
    view.scrollTo(index)
    cell = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    cases = window.cases_page
    qtbot.waitUntil(lambda: window.stack.currentWidget() is cases, timeout=15000)
    qtbot.waitUntil(lambda: cases.model.total() == number, timeout=15000)
    assert cases.report_banner.isVisible()
    assert f"（{number}）" in cases.report_label.text()
    expected = drill_down(workspace.db, workspace.user, ReportKind.MEDIATION, OCTOBER,
                          Scope.everything(), row, column).case_ids
    listed = case_page(workspace.db, workspace.user, cases.current_filter(), 0, 1000)
    assert sorted(r.id for r in listed) == sorted(expected)
    cases.clear_report_cell()
    qtbot.waitUntil(lambda: cases.model.total() == 300, timeout=15000)
    assert not cases.report_banner.isVisible()


def test_enter_on_a_comparison_lists_that_period(qtbot: QtBot, workspace: Workspace,
                                                 tasks: TaskRunner) -> None:
    page = _page(qtbot, workspace, tasks)
    asked: list[object] = []
    page.drill_requested.connect(asked.append)
    model = _model(page)
    row = next(n for n, line in enumerate(model.lines) if line.label.startswith("环比"))
    column = next(n for n, c in enumerate(model.columns, 1) if c.key == "received")
    view = page.view.tables[0]
    view.setFocus()
    view.setCurrentIndex(model.index(row, column))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(asked), timeout=15000)
    assert page.table is not None
    previous = page.table.comparisons[0].cells["received"]
    assert len(asked[0].case_ids) == previous  # type: ignore[attr-defined]


@pytest.mark.parametrize(("fmt", "magic"), [("pdf", b"%PDF"), ("xlsx", b"PK"),
                                            ("csv", "\ufeff".encode())])
def test_export_buttons_write_the_table(qtbot: QtBot, workspace: Workspace, tasks: TaskRunner,
                                        tmp_path: Path, fmt: str, magic: bytes) -> None:
    page = _page(qtbot, workspace, tasks)
    assert page.export_buttons[fmt].isEnabled()
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / f"report.{fmt}"
    page.start_export(fmt, str(target))
    qtbot.waitUntil(lambda: page.cancel_event is None, timeout=30000)
    assert target.read_bytes().startswith(magic)
    assert str(target) in page.status.text()
    assert [p.name for p in folder.iterdir()] == [target.name]


def test_charts_are_drawn_when_their_tab_opens(qtbot: QtBot, workspace: Workspace,
                                               tasks: TaskRunner) -> None:
    page = _page(qtbot, workspace, tasks)
    page.tabs.setCurrentWidget(page.charts)
    qtbot.waitUntil(lambda: len(page.charts.views) == 3, timeout=15000)
    trend, categories, levels = (view.chart() for view in page.charts.views)
    assert trend.title() == "月度受理与办结"
    bars = trend.series()[0].barSets()
    assert bars[0].count() == 12
    assert page.table is not None
    assert bars[0].at(11) == page.table.total.cells["received"]
    assert categories.series()[0].barSets()[0].count() > 0
    assert levels.series()[0].count() > 0


def test_a_cancelled_export_leaves_no_file(workspace: Workspace, tmp_path: Path) -> None:
    table = compute_report(workspace.db, workspace.user, ReportKind.MEDIATION, OCTOBER,
                           Scope.everything())
    target = tmp_path / "exports" / "report.xlsx"
    target.parent.mkdir()
    target.write_bytes(b"an older export")
    assert not export_report(workspace.db, workspace.user, table, Scope.everything(), "xlsx",
                             target, None, lambda done, _total: done == 0)
    assert target.read_bytes() == b"an older export"
    assert [p.name for p in target.parent.iterdir()] == [target.name]
