"""调解员 admin: the list with each mediator's current open caseload, and the editor.

The caseload column lets an administrator see who is overloaded before the
recommendation does; the ties to parties recorded here are what the
conflict-of-interest check (回避) reads.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app import i18n
from app.domain.codes import CATEGORIES, label
from app.domain.text import _
from app.services.casebase.workspace import Workspace
from app.services.organisations import network as organisations
from app.services.organisations.network import MediatorInput, MediatorLine, PartyHit
from app.services.organisations.queries import OrganisationRow
from app.ui.app_errors import error_text
from app.ui.form_errors import ErrorLabel
from app.ui.organisations.editors import CheckList
from app.ui.table_view import fill_table, make_small_table
from app.ui.tasks import TaskRunner


class MediatorsPanel(QWidget):
    """Mediators of one organisation (or all), with the editor on the right."""

    def __init__(self, workspace: Workspace, tasks: TaskRunner) -> None:
        super().__init__()
        self.workspace, self.tasks = workspace, tasks
        self.lines: list[MediatorLine] = []
        self.current: MediatorLine | None = None
        self.filter = QComboBox()
        self.filter.addItem(_("全部调解组织"), None)
        self.filter.currentIndexChanged.connect(self.load_mediators)
        self.table = make_small_table((90, 110, 220, 80, 60))
        self.table.itemSelectionChanged.connect(self._selected)
        self.name, self.title, self.phone, self.id_number = (QLineEdit() for _n in range(4))
        self.organisations = CheckList(150)
        self.specialties = CheckList(150)
        self.specialties.set_items((k, label(CATEGORIES, k)) for k in CATEGORIES)
        self.active = QCheckBox(_("在职"))
        self.caseload = QLabel()
        self.caseload.setStyleSheet("font-weight: bold;")
        self.relations = QListWidget()
        self.relations.setMaximumHeight(80)
        self.party_query = QLineEdit()
        self.party_query.setPlaceholderText(_("查找当事人：姓名、证件号或电话"))
        self.party_query.returnPressed.connect(self._find_parties)
        self.party = QComboBox()
        self.relation = QLineEdit()
        self.relation.setPlaceholderText(_("关系，如：表兄弟、原同事"))
        add_tie = QPushButton(_("登记关系"))
        add_tie.clicked.connect(self.add_relation)
        remove_tie = QPushButton(_("删除所选关系"))
        remove_tie.clicked.connect(self._remove_relations)
        self.message = ErrorLabel()
        self.save_button = QPushButton(_("保存调解员"))
        self.save_button.clicked.connect(self.save)
        new_button = QPushButton(_("新增调解员"))
        new_button.clicked.connect(self.new)
        form = QFormLayout()
        form.addRow(_("姓名"), self.name)
        form.addRow(_("职务"), self.title)
        form.addRow(_("联系电话"), self.phone)
        form.addRow(_("身份证号"), self.id_number)
        form.addRow(_("所属组织"), self.organisations)
        form.addRow(_("擅长类型"), self.specialties)
        form.addRow("", self.active)
        form.addRow(_("当前在办"), self.caseload)
        form.addRow(_("与当事人的关系"), self.relations)
        tie_row = QHBoxLayout()
        for widget in (self.party_query, self.party, self.relation, add_tie, remove_tie):
            tie_row.addWidget(widget)
        form.addRow(tie_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(new_button)
        buttons.addWidget(self.save_button)
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.addLayout(form)
        editor_layout.addLayout(buttons)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.table)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(editor)
        splitter.setSizes([560, 640])
        QVBoxLayout(self).addWidget(splitter)
        if not workspace.user.may("network.admin"):
            self.save_button.setEnabled(False)
            add_tie.setEnabled(False)
            self.message.show_message(_("只有系统管理员可以修改调解员"))

    def set_organisations(self, rows: list[OrganisationRow]) -> None:
        """The organisations for the filter and the membership list."""
        for r in rows:
            self.filter.addItem(r.name, r.id)
        self.organisations.set_items((r.id, r.name) for r in rows)

    def load_mediators(self) -> None:
        """Fetch the mediators of the filtered organisation with their caseload."""
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(organisations.mediators, db, user, self.filter.currentData()),
                       self._show, owner=self)

    def _show(self, lines: list[MediatorLine]) -> None:
        self.lines = lines
        names = {self.filter.itemData(i): self.filter.itemText(i)
                 for i in range(1, self.filter.count())}
        fill_table(self.table, [_("姓名"), _("职务"), _("所属组织"), _("在办案件"), _("状态")],
                   [[m.name, m.title or "", "、".join(names.get(o, "") for o in m.organisation_ids),
                     i18n.format_number(m.open_cases), _("在职") if m.active else _("停用")]
                    for m in lines], right_aligned=frozenset({3}))
        if self.current is not None:
            self.select(self.current.id)

    def select(self, mediator_id: int) -> None:
        """Select a mediator in the list and show them in the editor."""
        for row, m in enumerate(self.lines):
            if m.id == mediator_id:
                self.table.selectRow(row)

    def _selected(self) -> None:
        rows = {i.row() for i in self.table.selectedItems()}
        if len(rows) == 1:
            self.edit(self.lines[rows.pop()])

    def edit(self, m: MediatorLine) -> None:
        """Show ``m`` in the editor."""
        self.current = m
        self.name.setText(m.name)
        self.title.setText(m.title or "")
        self.phone.setText(m.phone or "")
        self.id_number.setText(m.id_number or "")
        self.organisations.set_checked(m.organisation_ids)
        self.specialties.set_checked(m.specialties)
        self.active.setChecked(m.active)
        self.caseload.setText(_("{n} 件").format(n=i18n.format_number(m.open_cases)))
        self.relations.clear()
        for tie in m.relations:
            item = QListWidgetItem(f"{tie.party_name}：{tie.relation}", self.relations)
            item.setData(Qt.ItemDataRole.UserRole, tie.id)

    def new(self) -> None:
        """Empty the editor for a new mediator."""
        self.current = None
        self.table.clearSelection()
        for widget in (self.name, self.title, self.phone, self.id_number):
            widget.clear()
        self.organisations.set_checked(())
        self.specialties.set_checked(())
        self.active.setChecked(True)
        self.caseload.setText("")
        self.relations.clear()

    def save(self) -> None:
        """Save the editor's mediator in the background."""
        data = MediatorInput(self.name.text(), tuple(int(i) for i in self.organisations.checked()),
                             tuple(str(k) for k in self.specialties.checked()),
                             self.current.region_id if self.current else None,
                             self.current.gender if self.current else None,
                             self.id_number.text(), self.phone.text(), self.title.text(),
                             self.active.isChecked())
        mediator_id = self.current.id if self.current else None
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(organisations.save_mediator, db, user, data, mediator_id),
                       self._saved, self._failed, owner=self)

    def _saved(self, mediator_id: int) -> None:
        self.message.show_message(None)
        self.current = next((m for m in self.lines if m.id == mediator_id), self.current)
        self.load_mediators()

    def _failed(self, exc: BaseException) -> None:
        self.message.show_message(error_text(exc))

    def _find_parties(self) -> None:
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(organisations.find_parties, db, user, self.party_query.text()),
                       self._show_parties, self._failed, owner=self)

    def _show_parties(self, hits: list[PartyHit]) -> None:
        self.party.clear()
        for hit in hits:
            self.party.addItem(f"{hit.name} {hit.id_number or ''}".strip(), hit.id)

    def add_relation(self) -> None:
        """Record the chosen party's tie to the mediator being edited."""
        if self.current is None or self.party.currentData() is None:
            self.message.show_message(_("请先选择调解员并查找当事人"))
            return
        mid, pid, relation = self.current.id, int(self.party.currentData()), self.relation.text()
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(organisations.add_relation, db, user, mid, pid, relation),
                       partial(self._ties_saved, mid), self._failed, owner=self)

    def _remove_relations(self) -> None:
        ids = [int(i.data(Qt.ItemDataRole.UserRole)) for i in self.relations.selectedItems()]
        if self.current is None or not ids:
            return
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(organisations.remove_relations, db, user, ids),
                       partial(self._ties_saved, self.current.id), self._failed, owner=self)

    def _ties_saved(self, mediator_id: int, _result: object) -> None:
        self._saved(mediator_id)
