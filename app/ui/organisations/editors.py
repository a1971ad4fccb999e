"""The region and organisation editors of the admin page, and their tick lists.

A region is a node of the county's tree (code, name, level, parent); an
organisation says what kind it is, where it sits, which mediation types and
dispute categories it takes (what routing reads) and how to reach it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import CATEGORIES, MEDIATION_TYPES, ORG_KINDS, label
from app.domain.text import N_, _
from app.services.casebase.workspace import Workspace
from app.services.organisations import network as organisations
from app.services.organisations.network import OrganisationInput
from app.services.organisations.queries import OrganisationRow, RegionNode
from app.ui.app_errors import error_text
from app.ui.combos import vocab_combo
from app.ui.form_errors import ErrorLabel
from app.ui.shortcuts import make_primary
from app.ui.tasks import TaskRunner

LEVELS = {"city": N_("市"), "county": N_("县（区）"), "town": N_("乡镇（街道）"),
          "village": N_("村（社区）"), "grid": N_("网格")}


class CheckList(QListWidget):
    """Items carry a key as data; ``checked()`` returns the ticked keys in list order."""

    def __init__(self, height: int = 110) -> None:
        super().__init__()
        self.setMaximumHeight(height)

    def set_items(self, items: Iterable[tuple[object, str]]) -> None:
        """Replace the entries with (key, label) pairs, all unticked."""
        self.clear()
        for key, text in items:
            item = QListWidgetItem(text, self)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            item.setCheckState(Qt.CheckState.Unchecked)

    def set_checked(self, keys: Iterable[object]) -> None:
        """Tick exactly these keys."""
        wanted = set(keys)
        for row in range(self.count()):
            item = self.item(row)
            item.setCheckState(Qt.CheckState.Checked
                               if item.data(Qt.ItemDataRole.UserRole) in wanted
                               else Qt.CheckState.Unchecked)

    def checked(self) -> list[Any]:
        """The ticked keys."""
        return [self.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.count())
                if self.item(row).checkState() == Qt.CheckState.Checked]


class _Editor(QDialog):
    """Form, message line and save/cancel; subclasses fill the form and connect the save."""

    saved = Signal(int)

    def __init__(self, workspace: Workspace, tasks: TaskRunner, title: str,
                 parent: QWidget | None) -> None:
        super().__init__(parent)
        self.workspace, self.tasks = workspace, tasks
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.message = ErrorLabel()
        self.save_button = QPushButton()
        make_primary(self, self.save_button, _("保存"), saves=True)
        cancel = QPushButton(_("取消"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addLayout(buttons)

    def _run(self, work: Callable[[], int]) -> None:
        self.tasks.run(work, self._done, self._failed, owner=self)

    def _failed(self, exc: BaseException) -> None:
        self.message.show_message(error_text(exc))

    def _done(self, new_id: int) -> None:
        self.saved.emit(new_id)
        self.accept()


class RegionDialog(_Editor):
    """Add a child of ``parent`` or change ``node``."""

    def __init__(self, workspace: Workspace, tasks: TaskRunner, node: RegionNode | None,
                 parent_node: RegionNode | None, parent: QWidget | None = None) -> None:
        super().__init__(workspace, tasks, _("行政区划"), parent)
        self.node = node
        self.parent_id = node.parent_id if node else (parent_node.id if parent_node else None)
        self.code, self.name = QLineEdit(node.code if node else ""), QLineEdit(
            node.name if node else "")
        self.level = vocab_combo(LEVELS)
        self.level.setCurrentIndex(self.level.findData(node.level if node else "village"))
        self.form.addRow(_("上级区划"), QLineEdit(parent_node.name if parent_node else "—"))
        self.form.addRow(_("区划代码"), self.code)
        self.form.addRow(_("名称"), self.name)
        self.form.addRow(_("层级"), self.level)
        self.save_button.clicked.connect(self.save)

    def save(self) -> None:
        """Save the region in the background."""
        db, user = self.workspace.db, self.workspace.user
        code, name, level = self.code.text(), self.name.text(), self.level.currentData()
        node_id = self.node.id if self.node else None
        self._run(partial(organisations.save_region, db, user, code, name, level, self.parent_id,
                          node_id))


class OrganisationDialog(_Editor):
    """Add or change an organisation."""

    def __init__(self, workspace: Workspace, tasks: TaskRunner, regions: list[RegionNode],
                 orgs: list[OrganisationRow], organisation_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(workspace, tasks, _("调解组织"), parent)
        self.resize(640, 640)
        self.organisation_id = organisation_id
        self.code, self.name, self.short_name = QLineEdit(), QLineEdit(), QLineEdit()
        self.kind = vocab_combo(ORG_KINDS)
        self.region = QComboBox()
        for r in regions:
            if r.level in ("city", "county", "town", "village"):
                self.region.addItem(f"{r.name}（{label(LEVELS, r.level)}）", r.id)
        self.parent_org = QComboBox()
        self.parent_org.addItem(_("（无）"), None)
        for o in orgs:
            if o.id != organisation_id:
                self.parent_org.addItem(o.name, o.id)
        self.types = CheckList(120)
        self.types.set_items((k, label(MEDIATION_TYPES, k)) for k in MEDIATION_TYPES)
        self.categories = CheckList(160)
        self.categories.set_items((k, label(CATEGORIES, k)) for k in CATEGORIES)
        self.address, self.phone, self.court = QLineEdit(), QLineEdit(), QLineEdit()
        self.active = QCheckBox(_("在用"))
        self.active.setChecked(True)
        for title, widget in ((_("组织代码"), self.code), (_("名称"), self.name),
                              (_("简称（用于案号）"), self.short_name), (_("类别"), self.kind),
                              (_("所在区划"), self.region), (_("上级组织"), self.parent_org),
                              (_("调解类型"), self.types),
                              (_("受理的纠纷类型（不选为全部）"), self.categories),
                              (_("地址"), self.address), (_("电话"), self.phone),
                              (_("司法确认法院"), self.court), ("", self.active)):
            self.form.addRow(title, widget)
        self.save_button.clicked.connect(self.save)
        if organisation_id is not None:
            db, user = workspace.db, workspace.user
            self.tasks.run(partial(organisations.organisation_detail, db, user, organisation_id),
                           self.show_organisation, owner=self)

    def show_organisation(self, o: OrganisationInput) -> None:
        """Fill the form from ``o``."""
        self.code.setText(o.code)
        self.name.setText(o.name)
        self.short_name.setText(o.short_name)
        self.kind.setCurrentIndex(self.kind.findData(o.kind))
        self.region.setCurrentIndex(self.region.findData(o.region_id))
        self.parent_org.setCurrentIndex(max(self.parent_org.findData(o.parent_id), 0))
        self.types.set_checked(o.mediation_types)
        self.categories.set_checked(o.categories)
        self.address.setText(o.address or "")
        self.phone.setText(o.phone or "")
        self.court.setText(o.court_name or "")
        self.active.setChecked(o.active)

    def save(self) -> None:
        """Save the organisation in the background."""
        data = OrganisationInput(
            self.code.text(), self.name.text(), self.short_name.text(), self.kind.currentData(),
            self.region.currentData(), tuple(self.types.checked()),
            tuple(self.categories.checked()), self.parent_org.currentData(), self.address.text(),
            self.phone.text(), self.court.text(), self.active.isChecked())
        db, user, org_id = self.workspace.db, self.workspace.user, self.organisation_id
        self._run(partial(organisations.save_organisation, db, user, data, org_id))
