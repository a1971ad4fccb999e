"""Statistics for a year: cases received, outcomes, success rate, by category and source."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app import i18n
from app.domain.codes import CATEGORIES, SOURCES, label
from app.domain.text import _
from app.domain.workflow import STATUS_LABELS, CaseStatus
from app.reports import statistics as stats
from app.reports.statistics import PeriodSummary
from app.services.casebase.workspace import Workspace
from app.ui.table_view import fill_table, make_small_table
from app.ui.tasks import TaskRunner


class ReportsPage(QWidget):
    """统计报表: the headline counts of the MoJ-style monthly report for one year."""

    def __init__(self, workspace: Workspace, tasks: TaskRunner) -> None:
        super().__init__()
        self.workspace, self.tasks = workspace, tasks
        self.year = QComboBox()
        self.year.setMaximumWidth(120)
        this_year = date.today().year
        for year in range(this_year, this_year - 6, -1):
            self.year.addItem(str(year), year)
        self.received = QLabel()
        self.success = QLabel()
        self.amount = QLabel()
        form = QFormLayout()
        form.addRow(_("年度"), self.year)
        form.addRow(_("受理案件"), self.received)
        form.addRow(_("调解成功率"), self.success)
        form.addRow(_("协议涉及金额"), self.amount)
        self.by_category = make_small_table((160, 90))
        self.by_status = make_small_table((160, 90))
        self.by_source = make_small_table((160, 90))
        tables = QHBoxLayout()
        for table in (self.by_category, self.by_status, self.by_source):
            tables.addWidget(table)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(tables)
        self.year.currentIndexChanged.connect(self.load)

    def load(self) -> None:
        """Compute the statistics for the chosen year in the background."""
        year = int(self.year.currentData())
        self.received.setText(_("统计中…"))
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(stats.summary, db, user, date(year, 1, 1), date(year, 12, 31)),
                       self._show, owner=self)

    def _show(self, s: PeriodSummary) -> None:
        self.received.setText(i18n.format_number(s.received))
        rate = s.success_rate
        self.success.setText(_("暂无结案") if rate is None else
                             _("{rate}（成功 {ok} 件 / 结案 {n} 件）").format(
                                 rate=f"{rate:.1%}", ok=i18n.format_number(s.succeeded),
                                 n=i18n.format_number(s.concluded)))
        self.amount.setText(i18n.format_money(s.agreement_amount))

        def rows(counts: dict[str, int], name: Callable[[str], str]) -> list[list[str]]:
            ordered = sorted(counts.items(), key=lambda kv: -kv[1])
            return [[name(k), i18n.format_number(n)] for k, n in ordered]

        fill_table(self.by_category, [_("纠纷类型"), _("件数")],
                   rows(s.by_category, lambda k: label(CATEGORIES, k)), frozenset({1}))
        fill_table(self.by_status, [_("办理状态"), _("件数")],
                   rows(s.by_status, lambda k: _(STATUS_LABELS[CaseStatus(k)])), frozenset({1}))
        fill_table(self.by_source, [_("案件来源"), _("件数")],
                   rows(s.by_source, lambda k: label(SOURCES, k)), frozenset({1}))
