"""Regions and the mediation organisations working in them, with their caseload."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from app import i18n
from app.domain.codes import ORG_KINDS, label
from app.domain.text import N_, _
from app.services import organisation_queries
from app.services.organisation_queries import OrganisationRow, RegionNode
from app.services.workspace import Workspace
from app.ui.table_view import fill_table, make_small_table
from app.ui.tasks import TaskRunner

LEVELS = {"city": N_("市"), "county": N_("县（区）"), "town": N_("乡镇（街道）"),
          "village": N_("村（社区）"), "grid": N_("网格")}


class OrganisationsPage(QWidget):
    """调解组织: pick a region on the left to see its organisations."""

    def __init__(self, workspace: Workspace, tasks: TaskRunner) -> None:
        super().__init__()
        self.workspace, self.tasks = workspace, tasks
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([_("行政区划"), _("层级")])
        self.tree.setColumnWidth(0, 220)
        self.table = make_small_table((300, 200, 140, 70, 80))
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.table)
        splitter.setSizes([320, 880])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.tree.currentItemChanged.connect(self._region_selected)

    def load(self) -> None:
        """Fetch the region tree and all organisations."""
        self.tasks.run(lambda: organisation_queries.region_tree(self.workspace.db),
                       self._show_tree, owner=self)
        self._load_orgs(None)

    def _show_tree(self, nodes: list[RegionNode]) -> None:
        self.tree.clear()
        items: dict[int, QTreeWidgetItem] = {}
        for node in nodes:
            parent = items.get(node.parent_id) if node.parent_id else None
            item = QTreeWidgetItem([node.name, _(LEVELS.get(node.level, node.level))])
            item.setData(0, Qt.ItemDataRole.UserRole, node.id)
            if parent is None:
                self.tree.addTopLevelItem(item)
            else:
                parent.addChild(item)
            items[node.id] = item
        for index in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(index)
            top.setExpanded(True)
            for child in range(top.childCount()):
                top.child(child).setExpanded(True)

    def _region_selected(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        self._load_orgs(current.data(0, Qt.ItemDataRole.UserRole) if current else None)

    def _load_orgs(self, region_id: int | None) -> None:
        self.tasks.run(
            lambda: organisation_queries.organisations(self.workspace.db, region_id),
            self._show_orgs, owner=self)

    def _show_orgs(self, rows: list[OrganisationRow]) -> None:
        fill_table(
            self.table,
            [_("名称"), _("类别"), _("所在区划"), _("调解员"), _("在办案件")],
            [[r.name, label(ORG_KINDS, r.kind), r.region, i18n.format_number(r.mediators),
              i18n.format_number(r.open_cases)] for r in rows],
            right_aligned=frozenset({3, 4}),
        )
