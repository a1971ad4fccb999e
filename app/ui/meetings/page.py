"""村民说事 page: pick a village (or a whole town), see its meetings, open matters and figures.

A village official works on one village: opens a new meeting, continues an
earlier one, keeps the roster.  A town clerk picks the town to see every
village's open matters on one board, overdue first.  The picker only offers
the villages the user's organisation covers.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import i18n
from app.domain.codes import label
from app.domain.meeting_codes import MEETING_KINDS
from app.domain.text import _
from app.services.casebase.workspace import Workspace
from app.services.meetings import queries as meeting_queries
from app.services.meetings.queries import MeetingRow, VillageNode
from app.ui.meetings.board import OpenMattersBoard
from app.ui.meetings.common import stretch_column
from app.ui.meetings.item_dialog import ItemDialog
from app.ui.meetings.meeting_dialog import MeetingDialog
from app.ui.meetings.roster_dialog import RosterDialog
from app.ui.meetings.stats_panel import StatsPanel
from app.ui.table_view import fill_table, make_small_table, open_key, open_on_keys
from app.ui.tasks import TaskRunner

CODE, LEVEL = Qt.ItemDataRole.UserRole, Qt.ItemDataRole.UserRole + 1


class MeetingsPage(QWidget):
    """村民说事: village picker, meeting register with statistics, and the open-matters board."""

    def __init__(self, workspace: Workspace, tasks: TaskRunner) -> None:
        super().__init__()
        self.workspace, self.tasks = workspace, tasks
        self.rows: list[MeetingRow] = []
        self.villages = QTreeWidget()
        self.villages.setHeaderLabels([_("村（社区）"), _("说事会")])
        self.villages.setColumnWidth(0, 150)
        self.villages.header().setStretchLastSection(False)
        self.villages.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.villages.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.villages.currentItemChanged.connect(self._region_changed)
        self.title = QLabel(_("请选择村（社区）"))
        self.title.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.new_button = QPushButton(_("新建说事会"))
        self.open_button = QPushButton(_("打开"))
        self.roster_button = QPushButton(_("村民名册"))
        self.new_button.clicked.connect(self.new_meeting)
        self.open_button.clicked.connect(self._open_current)
        self.roster_button.clicked.connect(self.open_roster)
        self.summary = QLabel()
        self.table = make_small_table((110, 170, 90, 260, 90, 60, 70))
        self.table.doubleClicked.connect(self._open_row)
        open_on_keys(self.table, self._open_row)
        stretch_column(self.table, 3, 7)
        self.stats = StatsPanel(workspace, tasks)
        self.board = OpenMattersBoard(workspace, tasks)
        self.board.open_item.connect(self.open_item)
        open_on_keys(self.board.table,
                     lambda index: self.open_item(self.board.shown[index.row()].item_id))
        open_key(self, self._open_current)
        register = QWidget()
        register_layout = QVBoxLayout(register)
        register_layout.addWidget(self.summary)
        register_layout.addWidget(self.table, 3)
        register_layout.addWidget(QLabel(_("说事统计")))
        register_layout.addWidget(self.stats, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(register, _("说事会台账"))
        self.tabs.addTab(self.board, _("未办结事项"))
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        for button in (self.new_button, self.open_button, self.roster_button):
            top.addWidget(button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(top)
        right_layout.addWidget(self.tabs, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.villages)
        split.addWidget(right)
        split.setSizes([230, 1000])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self._enable(village=False)

    def load(self) -> None:
        """Fetch the villages this user may pick (called when the page is first shown)."""
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(meeting_queries.meeting_villages, db, user), self._fill_villages,
                       owner=self)

    def _fill_villages(self, villages: list[VillageNode]) -> None:
        self.villages.clear()
        towns: dict[str, QTreeWidgetItem] = {}
        first: QTreeWidgetItem | None = None
        for v in villages:
            town = towns.get(v.town_code)
            if town is None:
                town = QTreeWidgetItem(self.villages, [v.town_name, ""])
                town.setData(0, CODE, v.town_code)
                town.setData(0, LEVEL, "town")
                towns[v.town_code] = town
            item = QTreeWidgetItem(town, [v.name,
                                          i18n.format_number(v.meetings) if v.meetings else ""])
            item.setData(0, CODE, v.code)
            item.setData(0, LEVEL, "village")
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
            if first is None and v.meetings:
                first = item
        if len(towns) == 1:
            self.villages.expandAll()
        if first is None and villages:
            first = next(iter(towns.values())).child(0)
        if first is not None:
            self.villages.setCurrentItem(first)

    def select_region(self, code: str) -> bool:
        """Pick the town or village ``code`` in the tree; False if it is not offered."""
        found = [item for item in self.villages.findItems(
            "*", Qt.MatchFlag.MatchWildcard | Qt.MatchFlag.MatchRecursive)
            if item.data(0, CODE) == code]
        if found:
            self.villages.setCurrentItem(found[0])
        return bool(found)

    def current_region(self) -> tuple[str, str, bool] | None:
        """Code, name and whether it is a village, of the picked tree item."""
        item = self.villages.currentItem()
        if item is None:
            return None
        return str(item.data(0, CODE)), item.text(0), item.data(0, LEVEL) == "village"

    def _enable(self, village: bool) -> None:
        self.new_button.setEnabled(village and self.workspace.user.may("meeting.write"))
        self.roster_button.setEnabled(village)

    def _region_changed(self) -> None:
        region = self.current_region()
        if region is None:
            return
        _code, name, village = region
        current = self.villages.currentItem()
        if village and current is not None and (parent := current.parent()) is not None:
            parent.setExpanded(True)
        self.title.setText(name if village else _("{town}（全镇各村）").format(town=name))
        self._enable(village)
        self.reload()

    def reload(self) -> None:
        """Refresh the register, the board and the statistics of the picked region."""
        region = self.current_region()
        if region is None:
            return
        code, _name, village = region
        db, user = self.workspace.db, self.workspace.user
        fetch = partial(meeting_queries.meetings, db, user,
                        village_code=code if village else None,
                        town_code=None if village else code)
        self.tasks.run(fetch, partial(self._show, code), owner=self)
        self.board.show_region(code)
        self.stats.show_region(code)

    def _show(self, code: str, rows: list[MeetingRow]) -> None:
        region = self.current_region()
        if region is None or region[0] != code:
            return  # an answer for a region no longer picked
        self.rows = rows
        open_items = sum(r.open_items for r in rows)
        self.summary.setText(_("共 {m} 次说事会，未办结事项 {n} 件").format(
            m=i18n.format_number(len(rows)), n=i18n.format_number(open_items)))
        fill_table(
            self.table,
            [_("村（社区）"), _("时间"), _("类型"), _("地点"), _("主持人"), _("事项"), _("未办结")],
            [[r.village, i18n.format_datetime(r.held_at), label(MEETING_KINDS, r.kind),
              r.venue, r.host, str(r.items), str(r.open_items)] for r in rows],
            right_aligned=frozenset({5, 6}),
        )

    def new_meeting(self) -> MeetingDialog | None:
        """Open a new meeting of the picked village."""
        region = self.current_region()
        if region is None or not region[2]:
            return None
        return self._meeting_dialog(region[0], region[1], None)

    def open_meeting(self, row: MeetingRow) -> MeetingDialog:
        """Continue an existing meeting."""
        return self._meeting_dialog(row.village_code, row.village, row.id)

    def _meeting_dialog(self, code: str, name: str, meeting_id: int | None) -> MeetingDialog:
        dialog = MeetingDialog(self.workspace, self.tasks, code, name, meeting_id, self)
        dialog.changed.connect(self.reload)
        dialog.open()
        return dialog

    def _open_row(self, index: QModelIndex) -> None:
        if 0 <= index.row() < len(self.rows):
            self.open_meeting(self.rows[index.row()])

    def _open_current(self) -> None:
        if self.tabs.currentWidget() is self.board:
            index = self.board.table.currentIndex()
            if 0 <= index.row() < len(self.board.shown):
                self.open_item(self.board.shown[index.row()].item_id)
            return
        self._open_row(self.table.currentIndex())

    def open_item(self, item_id: int) -> ItemDialog:
        """Open one matter from the board."""
        dialog = ItemDialog(self.workspace, self.tasks, item_id, self)
        dialog.changed.connect(self.reload)
        dialog.open()
        return dialog

    def open_roster(self) -> RosterDialog | None:
        """Edit the picked village's roster."""
        region = self.current_region()
        if region is None or not region[2]:
            return None
        dialog = RosterDialog(self.workspace, self.tasks, region[0], region[1], self)
        dialog.open()
        return dialog
