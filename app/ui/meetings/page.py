"""The register of 村民说事 meetings, most recent first, with open matters counted."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app import i18n
from app.domain.text import N_, _
from app.services import meeting_queries
from app.services.meeting_queries import MeetingRow
from app.services.workspace import Workspace
from app.ui.table_view import fill_table, make_small_table
from app.ui.tasks import TaskRunner

MEETING_KINDS = {"regular": N_("例会"), "special": N_("专题"), "grid": N_("网格说事")}


class MeetingsPage(QWidget):
    """村民说事: each meeting and how many of its matters are not yet done."""

    def __init__(self, workspace: Workspace, tasks: TaskRunner) -> None:
        super().__init__()
        self.workspace, self.tasks = workspace, tasks
        self.summary = QLabel()
        self.table = make_small_table((150, 140, 80, 180, 100, 70, 80))
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)

    def load(self) -> None:
        """Fetch the most recent meetings."""
        self.tasks.run(lambda: meeting_queries.meetings(self.workspace.db), self._show, owner=self)

    def _show(self, rows: list[MeetingRow]) -> None:
        open_items = sum(r.open_items for r in rows)
        self.summary.setText(_("共 {m} 次说事会，未办结事项 {n} 件").format(
            m=i18n.format_number(len(rows)), n=i18n.format_number(open_items)))
        fill_table(
            self.table,
            [_("村（社区）"), _("时间"), _("类型"), _("地点"), _("主持人"), _("事项"), _("未办结")],
            [[r.village, i18n.format_datetime(r.held_at), _(MEETING_KINDS.get(r.kind, r.kind)),
              r.venue, r.host, str(r.items), str(r.open_items)] for r in rows],
            right_aligned=frozenset({5, 6}),
        )
