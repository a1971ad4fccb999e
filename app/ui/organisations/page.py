"""调解组织: the region tree with its organisations, the mediators, and the routing rules.

Three tabs for the three things an administrator keeps up to date; other
roles see the same data read-only (the services refuse their changes too).
A region or organisation entered by mistake is deactivated here (never
deleted: old cases name it), shown greyed, and can be taken back.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import i18n
from app.domain.codes import ORG_KINDS, label
from app.domain.text import _
from app.services.casebase.workspace import Workspace
from app.services.organisations import queries as organisation_queries
from app.services.organisations.queries import OrganisationRow, RegionNode
from app.services.organisations.status import set_organisation_active, set_region_active
from app.ui.app_errors import error_text
from app.ui.organisations.editors import LEVELS, OrganisationDialog, RegionDialog
from app.ui.organisations.mediators_panel import MediatorsPanel
from app.ui.organisations.rules_panel import RulesPanel
from app.ui.table_view import fill_table, make_small_table
from app.ui.tasks import TaskRunner


class OrganisationsPage(QWidget):
    """调解组织 page: 区划与组织, 调解员, 分流规则."""

    def __init__(self, workspace: Workspace, tasks: TaskRunner) -> None:
        super().__init__()
        self.workspace, self.tasks = workspace, tasks
        self.nodes: dict[int, RegionNode] = {}
        self.rows: list[OrganisationRow] = []
        self.all_rows: list[OrganisationRow] = []
        self.dialog: QDialog | None = None
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([_("行政区划"), _("层级")])
        self.tree.setColumnWidth(0, 220)
        self.table = make_small_table((80, 260, 200, 130, 70, 80))
        self.table.doubleClicked.connect(lambda _i: self.edit_organisation())
        self.tree.currentItemChanged.connect(self._region_selected)
        admin = workspace.user.may("network.admin")
        tree_buttons, org_buttons = QHBoxLayout(), QHBoxLayout()
        for row, text, slot in ((tree_buttons, _("新增下级区划…"), self.add_region),
                                (tree_buttons, _("修改区划…"), self.edit_region),
                                (tree_buttons, _("停用/启用区划…"), self.toggle_region),
                                (org_buttons, _("新增组织…"), self.add_organisation),
                                (org_buttons, _("修改组织…"), self.edit_organisation),
                                (org_buttons, _("停用/启用组织…"), self.toggle_organisation)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            button.setEnabled(admin)
            row.addWidget(button)
        tree_buttons.addStretch(1)
        org_buttons.addStretch(1)
        left, right = QWidget(), QWidget()
        left_layout, right_layout = QVBoxLayout(left), QVBoxLayout(right)
        left_layout.addWidget(self.tree)
        left_layout.addLayout(tree_buttons)
        right_layout.addWidget(self.table)
        right_layout.addLayout(org_buttons)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([340, 860])
        self.mediators = MediatorsPanel(workspace, tasks)
        self.rules = RulesPanel(workspace, tasks)
        self.tabs = QTabWidget()
        self.tabs.addTab(splitter, _("区划与组织"))
        self.tabs.addTab(self.mediators, _("调解员"))
        self.tabs.addTab(self.rules, _("分流规则"))
        layout = QVBoxLayout(self)
        if not admin:
            layout.addWidget(QLabel(_("只读：只有系统管理员可以修改调解组织、调解员和分流规则")))
        layout.addWidget(self.tabs)

    def load(self) -> None:
        """Fetch the region tree, organisations, mediators and rules."""
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(organisation_queries.region_tree, db, user, True),
                       self._show_tree, owner=self)
        self.tasks.run(partial(organisation_queries.organisations, db, user, None, True),
                       self._all_organisations, owner=self)
        self._load_orgs(None)
        self.rules.load_rules()

    def _all_organisations(self, rows: list[OrganisationRow]) -> None:
        self.all_rows = rows
        self.mediators.set_organisations(rows)
        self.mediators.load_mediators()

    def _show_tree(self, nodes: list[RegionNode]) -> None:
        self.nodes = {n.id: n for n in nodes}
        self.tree.clear()
        items: dict[int, QTreeWidgetItem] = {}
        for node in nodes:
            parent = items.get(node.parent_id) if node.parent_id else None
            item = QTreeWidgetItem([node.name if node.active else
                                    _("{name}（已停用）").format(name=node.name),
                                    label(LEVELS, node.level)])
            item.setData(0, Qt.ItemDataRole.UserRole, node.id)
            if not node.active:
                for column in (0, 1):
                    item.setForeground(column, QBrush(QColor("#9e9e9e")))
            if parent is None:
                self.tree.addTopLevelItem(item)
            else:
                parent.addChild(item)
            items[node.id] = item
        for node in nodes:
            if node.level in ("city", "county"):
                items[node.id].setExpanded(True)

    def current_region(self) -> RegionNode | None:
        """The region selected in the tree."""
        item = self.tree.currentItem()
        return self.nodes.get(item.data(0, Qt.ItemDataRole.UserRole)) if item else None

    def _region_selected(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        self._load_orgs(current.data(0, Qt.ItemDataRole.UserRole) if current else None)

    def _load_orgs(self, region_id: int | None) -> None:
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(organisation_queries.organisations, db, user, region_id, True),
                       self._show_orgs, owner=self)

    def _show_orgs(self, rows: list[OrganisationRow]) -> None:
        self.rows = rows
        fill_table(
            self.table,
            [_("代码"), _("名称"), _("类别"), _("所在区划"), _("调解员"), _("在办案件")],
            [[r.code, r.name if r.active else _("{name}（已停用）").format(name=r.name),
              label(ORG_KINDS, r.kind), r.region, i18n.format_number(r.mediators),
              i18n.format_number(r.open_cases)] for r in rows],
            right_aligned=frozenset({4, 5}),
        )
        grey = QBrush(QColor("#9e9e9e"))
        for index, row in enumerate(rows):
            for column in range(self.table.columnCount()) if not row.active else ():
                cell = self.table.item(index, column)
                if cell is not None:
                    cell.setForeground(grey)

    def _open(self, dialog: RegionDialog | OrganisationDialog) -> None:
        self.dialog = dialog
        dialog.saved.connect(self._saved)
        dialog.open()

    def _saved(self, _id: int) -> None:
        self.load()

    def add_region(self) -> None:
        """A new region under the selected one."""
        self._open(RegionDialog(self.workspace, self.tasks, None, self.current_region(), self))

    def edit_region(self) -> None:
        """Rename or recode the selected region."""
        node = self.current_region()
        if node is not None:
            self._open(RegionDialog(self.workspace, self.tasks, node,
                                    self.nodes.get(node.parent_id or 0), self))

    def add_organisation(self) -> None:
        """A new organisation."""
        self._open(OrganisationDialog(self.workspace, self.tasks, list(self.nodes.values()),
                                      self.all_rows, None, self))

    def edit_organisation(self) -> None:
        """Edit the organisation selected in the table."""
        rows = {i.row() for i in self.table.selectedItems()}
        if len(rows) == 1:
            org = self.rows[rows.pop()]
            self._open(OrganisationDialog(self.workspace, self.tasks, list(self.nodes.values()),
                                          self.all_rows, org.id, self))

    def _selected_organisation(self) -> OrganisationRow | None:
        rows = {i.row() for i in self.table.selectedItems()}
        return self.rows[rows.pop()] if len(rows) == 1 else None

    def toggle_region(self) -> None:
        """Deactivate the selected region (entered by mistake), or take it back."""
        node = self.current_region()
        if node is not None and self._confirm(node.name, node.active):
            db, user = self.workspace.db, self.workspace.user
            self.tasks.run(partial(set_region_active, db, user, node.code, not node.active),
                           self._toggled, self._toggle_failed, owner=self)

    def toggle_organisation(self) -> None:
        """Deactivate the selected organisation (entered by mistake), or take it back."""
        org = self._selected_organisation()
        if org is not None and self._confirm(org.name, org.active):
            db, user = self.workspace.db, self.workspace.user
            self.tasks.run(partial(set_organisation_active, db, user, org.code, not org.active),
                           self._toggled, self._toggle_failed, owner=self)

    def _confirm(self, name: str, active: bool) -> bool:
        if not active:
            return True
        answer = QMessageBox.question(self, _("停用"), _(
            "停用“{name}”？停用后不再出现在选择列表和分流推荐中，已有案件仍显示它；"
            "以后可以重新启用。").format(name=name))
        return answer == QMessageBox.StandardButton.Yes

    def _toggled(self, _name: str) -> None:
        self.load()

    def _toggle_failed(self, exc: BaseException) -> None:
        QMessageBox.warning(self, _("操作失败"), error_text(exc))
