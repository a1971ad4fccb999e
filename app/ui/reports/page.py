"""统计报表: pick a report, a period and a scope; read the table, open any number, export it.

The table is the report of app/reports as computed: two-row headers, 合计
and subtotal lines set apart, 环比 and 同比 beneath, the definitions as
footnotes and 零上报 said out loud when the period has nothing.  A double
click (or Enter) on a count opens the case list filtered to exactly the
cases that number counts (``drill_requested``).  The charts sit in a second
tab and are computed the first time it is shown.  Every computation and
every export runs on the task runner; a newer request makes an older
result moot, and an export writes a temporary file it renames only when
complete, so Cancel or a failure leaves nothing.
"""

from __future__ import annotations

import threading
from datetime import date
from functools import partial

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import i18n
from app.domain.errors import DomainError
from app.domain.text import _
from app.reports import Period, ReportKind, ReportTable, Scope, ScopeChoice
from app.reports.chart_data import ChartData, chart_data
from app.reports.compute import compute_report, drill_down, scopes_for
from app.reports.model import REPORT_TITLES, DrillDown
from app.services.casebase.workspace import Workspace
from app.services.cases.queries import CaseFilter
from app.ui.app_errors import error_text
from app.ui.reports.charts import ChartsPanel
from app.ui.reports.export import EXPORT_FORMATS, export_report
from app.ui.reports.pickers import PeriodPicker
from app.ui.reports.table_view import ReportTableView
from app.ui.tasks import TaskRunner

RECOMPUTE_DELAY_MS = 250
"""Picking a month in two clicks should compute once, not twice."""


class ReportsPage(QWidget):
    """统计报表: the report pickers, the table with its drill-down, the charts, the exports."""

    drill_requested = Signal(object)
    """A :class:`CaseFilter` listing exactly the cases of the clicked cell."""

    def __init__(self, workspace: Workspace, tasks: TaskRunner,
                 today: date | None = None) -> None:
        super().__init__()
        self.workspace, self.tasks = workspace, tasks
        self.table: ReportTable | None = None
        self.shown_scope = Scope.everything()
        self.charts_for: tuple[ReportKind, Period, Scope] | None = None
        self.chart_data: ChartData | None = None
        self._generation = 0
        self.cancel_event: threading.Event | None = None
        self.export_target = ""
        self.kind = QComboBox()
        for kind in ReportKind:
            self.kind.addItem(_(REPORT_TITLES[kind]), kind)
        self.period_picker = PeriodPicker(today or date.today())
        self.scope = QComboBox()
        self.scope.setMinimumWidth(220)
        self.scope.setMaxVisibleItems(24)
        self.export_buttons: dict[str, QPushButton] = {}
        pickers = QHBoxLayout()
        pickers.addWidget(QLabel(_("报表")))
        pickers.addWidget(self.kind)
        pickers.addWidget(QLabel(_("统计期")))
        pickers.addWidget(self.period_picker)
        pickers.addWidget(QLabel(_("范围")))
        pickers.addWidget(self.scope, 1)
        for fmt, text in EXPORT_FORMATS.items():
            button = QPushButton(_(text))
            button.clicked.connect(partial(self.choose_export, fmt))
            button.setEnabled(False)
            self.export_buttons[fmt] = button
            pickers.addWidget(button)
        self.status = QLabel()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.busy.hide()
        self.cancel_button = QPushButton(_("取消导出"))
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel_export)
        status = QHBoxLayout()
        status.addWidget(self.status, 1)
        status.addWidget(self.busy)
        status.addWidget(self.cancel_button)
        self.view = ReportTableView()
        self.view.drill.connect(self._drill)
        self.charts = ChartsPanel()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.view, _("报表"))
        self.tabs.addTab(self.charts, _("图表"))
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.addLayout(pickers)
        layout.addLayout(status)
        layout.addWidget(self.tabs, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RECOMPUTE_DELAY_MS)
        self._timer.timeout.connect(self.compute)
        self.kind.currentIndexChanged.connect(self._timer.start)
        self.scope.currentIndexChanged.connect(self._timer.start)
        self.period_picker.changed.connect(self._timer.start)

    def load(self) -> None:
        """Fill the scope picker with what the user may see, then compute last month's table."""
        db, user = self.workspace.db, self.workspace.user
        self.status.setText(_("正在读取统计范围…"))
        self.tasks.run(partial(scopes_for, db, user), self._fill_scopes, self._failed, owner=self)

    def _fill_scopes(self, choices: list[ScopeChoice]) -> None:
        self.scope.blockSignals(True)
        self.scope.clear()
        for choice in choices:
            indent = "\u3000" * choice.depth
            prefix = _("组织：") if choice.kind == "organisation" else ""
            self.scope.addItem(f"{indent}{prefix}{choice.label}", choice.scope)
        self.scope.blockSignals(False)
        self.compute()

    def select(self, kind: ReportKind, period: Period | None = None,
               scope_label: str | None = None) -> None:
        """Pick a report (and a month, a scope by its name) as if by hand; computes once."""
        self._timer.stop()
        for widget in (self.kind, self.scope, self.period_picker):
            widget.blockSignals(True)
        self.kind.setCurrentIndex(self.kind.findData(kind))
        if period is not None:
            self.period_picker.set_month(period.start.year, period.start.month)
        if scope_label is not None:
            for row in range(self.scope.count()):
                if self.scope.itemText(row).strip("\u3000") == scope_label:
                    self.scope.setCurrentIndex(row)
                    break
        for widget in (self.kind, self.scope, self.period_picker):
            widget.blockSignals(False)
        self.compute()

    def request(self) -> tuple[ReportKind, Period, Scope]:
        """The report the pickers describe."""
        scope = self.scope.currentData()
        return (ReportKind(self.kind.currentData()), self.period_picker.period(),
                scope if isinstance(scope, Scope) else Scope.everything())

    def compute(self) -> None:
        """Compute the chosen report in the background; a result overtaken by a newer is dropped."""
        self._timer.stop()
        try:
            kind, period, scope = self.request()
        except DomainError as exc:
            self.status.setText(error_text(exc))
            return
        self._generation += 1
        db, user = self.workspace.db, self.workspace.user
        self.status.setText(_("统计中…"))
        self.busy.show()
        for button in self.export_buttons.values():
            button.setEnabled(False)
        self.tasks.run(partial(compute_report, db, user, kind, period, scope),
                       partial(self._show, self._generation, scope), self._failed, owner=self)
        if self.tabs.currentWidget() is self.charts:
            self._compute_charts()

    def _show(self, generation: int, scope: Scope, table: ReportTable) -> None:
        if generation != self._generation:
            return
        self.busy.hide()
        self.table, self.shown_scope = table, scope
        self.view.show_table(table)
        self.status.setText(_("{title} · {scope} · {period}").format(
            title=table.title, scope=table.scope_label, period=table.period_label))
        for button in self.export_buttons.values():
            button.setEnabled(self.cancel_event is None)

    def _failed(self, exc: BaseException) -> None:
        self.busy.hide()
        self.status.setText(error_text(exc))

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.charts and self.charts_for != self._chart_key():
            self._compute_charts()

    def _chart_key(self) -> tuple[ReportKind, Period, Scope] | None:
        try:
            return self.request()
        except DomainError:
            return None

    def _compute_charts(self) -> None:
        key = self._chart_key()
        if key is None:
            return
        self.charts_for = key
        _kind, period, scope = key
        db, user = self.workspace.db, self.workspace.user
        self.charts.note.setText(_("正在绘制图表…"))
        self.tasks.run(partial(chart_data, db, user, period, scope),
                       partial(self._show_charts, key), self._failed, owner=self)

    def _show_charts(self, key: tuple[ReportKind, Period, Scope], data: ChartData) -> None:
        if key == self.charts_for:
            self.chart_data = data
            self.charts.show_data(data)

    def _drill(self, row_key: str, column_key: str, period: Period) -> None:
        """List the records behind one cell (cases open in the case list)."""
        if self.table is None:
            return
        kind, _period, scope = self.request()
        db, user = self.workspace.db, self.workspace.user
        self.status.setText(_("正在列出…"))
        self.tasks.run(partial(drill_down, db, user, kind, period, scope, row_key, column_key),
                       self._drilled, self._failed, owner=self)

    def _drilled(self, found: DrillDown) -> None:
        if found.entity != "case":
            self.status.setText(_("{title}：{n} 项（村民说事的事项请在“村民说事”页查看）").format(
                title=found.title, n=i18n.format_number(len(found.ids))))
            return
        label = _("统计报表：{title}（{n}）").format(title=found.title,
                                                  n=i18n.format_number(len(found.ids)))
        self.status.setText(label)
        self.drill_requested.emit(CaseFilter(case_ids=found.case_ids, label=label))

    def choose_export(self, fmt: str) -> None:
        """Ask where to save the table shown, then write it in the background."""
        if self.table is None:
            return
        name = f"{self.table.title}-{self.table.scope_label}-{self.table.period_label}.{fmt}"
        target, _filter = QFileDialog.getSaveFileName(self, _("导出到"), name, f"*.{fmt}")
        if target:
            self.start_export(fmt, target)

    def start_export(self, fmt: str, target: str) -> None:
        """Write the table shown to ``target`` as ``fmt`` (pdf, xlsx, csv) off the GUI thread."""
        if self.table is None:
            return
        self.export_target = target
        for button in self.export_buttons.values():
            button.setEnabled(False)
        self.busy.show()
        self.cancel_button.show()
        self.status.setText(_("正在导出…"))
        db, user = self.workspace.db, self.workspace.user
        charts = self.chart_data if self.chart_data is not None and (
            self.chart_data.period == self.table.period
            and self.charts_for is not None and self.charts_for[2] == self.shown_scope) else None
        self.cancel_event = self.tasks.run_with_progress(
            partial(export_report, db, user, self.table, self.shown_scope, fmt, target, charts),
            self._export_progress, self._exported, self._export_failed)

    def _export_progress(self, done: int, total: int) -> None:
        self.busy.setRange(0, max(total, 1))
        self.busy.setValue(done)

    def _exported(self, written: bool) -> None:
        self._export_finished()
        self.status.setText(_("已导出：{file}").format(file=self.export_target) if written
                            else _("已取消，没有写入文件（原有的同名文件不变）"))

    def _export_failed(self, exc: BaseException) -> None:
        self._export_finished()
        self.status.setText(error_text(exc))

    def _export_finished(self) -> None:
        self.cancel_event = None
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.cancel_button.hide()
        for button in self.export_buttons.values():
            button.setEnabled(self.table is not None)

    def cancel_export(self) -> None:
        """Stop a running export; it leaves no file."""
        if self.cancel_event is not None:
            self.cancel_event.set()
            self.status.setText(_("正在取消…"))

