"""说事 statistics per village and period: how many meetings, how far matters got, how fast.

Reported upwards each quarter and year: meetings held, matters raised /
decided / done / evaluated, average days from raising to done, and the
villagers' satisfaction rate.  For a town, one row per village that held
meetings, so the villages can be compared side by side.
"""

from __future__ import annotations

from datetime import date
from functools import partial

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app import i18n
from app.domain.text import _
from app.services.casebase.workspace import Workspace
from app.services.meetings.queries import NamedStats, area_stats
from app.ui.app_errors import error_text
from app.ui.date_edit import date_field, picked
from app.ui.table_view import fill_table, make_small_table
from app.ui.tasks import TaskRunner


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{i18n.format_number(round(value * 1000) / 10)}%"


def _days(value: float | None) -> str:
    return "—" if value is None else i18n.format_number(round(value, 1))


class StatsPanel(QWidget):
    """Statistics of the selected village or town over a chosen period."""

    def __init__(self, workspace: Workspace, tasks: TaskRunner) -> None:
        super().__init__()
        self.workspace, self.tasks = workspace, tasks
        self.region_code: str | None = None
        today = date.today()
        self.date_from, self.date_to = date_field(date(today.year, 1, 1)), date_field(today)
        self.button = QPushButton(_("统计"))
        self.button.clicked.connect(self.reload)
        self.message = QLabel()
        self.table = make_small_table((120, 80, 70, 70, 70, 70, 60, 100, 80))
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("统计期间")))
        bar.addWidget(self.date_from)
        bar.addWidget(QLabel("—"))
        bar.addWidget(self.date_to)
        bar.addWidget(self.button)
        bar.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table)

    def show_region(self, code: str) -> None:
        """Count for the village or town ``code``."""
        self.region_code = code
        self.reload()

    def reload(self) -> None:
        """Recount over the period in the date fields."""
        if self.region_code is None:
            return
        code, start, end = self.region_code, picked(self.date_from), picked(self.date_to)
        self.message.clear()
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(area_stats, db, user, code, start, end),
                       partial(self._show, code), self._failed, owner=self)

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(error_text(exc))

    def _show(self, code: str, rows: list[NamedStats]) -> None:
        if code != self.region_code:
            return  # an answer for a region no longer picked
        n = i18n.format_number
        fill_table(self.table, [_("村（社区）"), _("说事会"), _("提出"), _("议定"), _("办结"),
                                _("评事"), _("重办"), _("平均办结天数"), _("满意率")],
                   [[r.village, n(r.stats.meetings_held), n(r.stats.items_raised),
                     n(r.stats.items_decided), n(r.stats.items_done), n(r.stats.items_evaluated),
                     n(r.stats.items_reopened), _days(r.stats.average_days_to_done),
                     _rate(r.stats.satisfaction_rate)] for r in rows],
                   right_aligned=frozenset(range(1, 9)))
        if not rows:
            self.message.setText(_("该期间没有说事会记录"))
