"""村民名册: the people of a village who attend and raise matters, kept in the app.

Attendance is ticked off this list, so it carries each person's role (村两委,
代表, 网格员 …), household group and phone.  Someone who is also a party
in a mediation case can be linked to their registry record; a matter they
raise that becomes a case then reuses that record instead of a new one.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import label
from app.domain.meeting_codes import ROSTER_ROLES
from app.domain.text import _
from app.services.casebase.workspace import Workspace
from app.services.meetings import proceedings as meetings
from app.services.meetings.proceedings import MemberInput, RosterMemberInfo
from app.services.meetings.queries import PartyMatch, party_matches
from app.ui.combos import vocab_combo
from app.ui.form_errors import ErrorLabel, FieldErrors
from app.ui.meetings.common import show_failure
from app.ui.table_view import fill_table, make_small_table
from app.ui.tasks import TaskRunner


class RosterDialog(QDialog):
    """Add and edit the members of one village's roster."""

    def __init__(self, workspace: Workspace, tasks: TaskRunner, village_code: str,
                 village_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.tasks, self.village_code = workspace, tasks, village_code
        self.members: list[RosterMemberInfo] = []
        self.editing: RosterMemberInfo | None = None
        self.setWindowTitle(_("村民名册 — {village}").format(village=village_name))
        self.resize(820, 640)
        self.errors = FieldErrors()
        self.table = make_small_table((110, 100, 110, 120, 120, 60))
        self.table.itemSelectionChanged.connect(self._picked)
        self.name, self.household, self.phone = QLineEdit(), QLineEdit(), QLineEdit()
        self.household.setPlaceholderText(_("如：第3村民小组"))
        self.role = vocab_combo(ROSTER_ROLES)
        self.active = QCheckBox(_("在册"))
        self.active.setChecked(True)
        self.party = QComboBox()
        self.party.addItem(_("不关联"), None)
        self.find_button = QPushButton(_("在当事人库中查找同名"))
        self.find_button.setAutoDefault(False)
        self.find_button.clicked.connect(self.find_party)
        self.add_button = QPushButton(_("新增"))
        self.save_button = QPushButton(_("保存修改"))
        self.clear_button = QPushButton(_("清空"))
        self.status = QLabel()
        self.count = QLabel()
        form = QFormLayout()
        for title, widget, field in ((_("姓名"), self.name, "name"), (_("身份"), self.role, "role"),
                                     (_("村民小组/户"), self.household, "household_group"),
                                     (_("联系电话"), self.phone, "phone")):
            form.addRow(title, widget)
            form.addRow("", self.errors.add(field, ErrorLabel()))
        party_row = QHBoxLayout()
        party_row.addWidget(self.party, 1)
        party_row.addWidget(self.find_button)
        form.addRow(_("当事人库"), party_row)
        form.addRow("", self.errors.add("party_id", ErrorLabel()))
        form.addRow("", self.active)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for button in (self.clear_button, self.save_button, self.add_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add)
        self.save_button.clicked.connect(self.save)
        self.clear_button.clicked.connect(self.clear)
        self.save_button.setEnabled(False)
        self.reload()

    def reload(self) -> None:
        """Fetch the roster, including people no longer on it."""
        db, user, code = self.workspace.db, self.workspace.user, self.village_code
        self.tasks.run(partial(meetings.list_members, db, user, code, True),
                       self._loaded, self._failed, owner=self)

    def _failed(self, exc: BaseException) -> None:
        show_failure(self.errors, self.status, exc)

    def _loaded(self, members: list[RosterMemberInfo]) -> None:
        self.members = members
        fill_table(self.table, [_("姓名"), _("身份"), _("村民小组/户"), _("联系电话"),
                                _("当事人库"), _("状态")],
                   [[m.name, label(ROSTER_ROLES, m.role), m.household_group or "",
                     m.phone or "", _("已关联") if m.party_id else "",
                     _("在册") if m.active else _("已移出")] for m in members])
        self.count.setText(_("名册共 {n} 人（选中一行可修改）").format(n=len(members)))

    def _picked(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        member = self.members[rows[0].row()]
        self.editing = member
        self.name.setText(member.name)
        self.role.setCurrentIndex(max(self.role.findData(member.role), 0))
        self.household.setText(member.household_group or "")
        self.phone.setText(member.phone or "")
        self.active.setChecked(member.active)
        self.party.clear()
        self.party.addItem(_("不关联"), None)
        if member.party_id is not None:
            self.party.addItem(_("已关联的当事人记录"), member.party_id)
            self.party.setCurrentIndex(1)
        self.save_button.setEnabled(True)

    def find_party(self) -> None:
        """Offer the registry persons with the name typed."""
        db, user, name = self.workspace.db, self.workspace.user, self.name.text()
        self.tasks.run(partial(party_matches, db, user, name), self._matches, owner=self)

    def _matches(self, found: list[PartyMatch]) -> None:
        keep = self.party.currentData()
        self.party.clear()
        self.party.addItem(_("不关联"), None)
        for match in found:
            self.party.addItem(f"{match.name}　{match.address}", match.id)
        self.party.setCurrentIndex(max(self.party.findData(keep), 0))
        self.status.setText(_("当事人库中有 {n} 位同名人员").format(n=len(found)))

    def value(self) -> MemberInput:
        """The form as a roster entry."""
        return MemberInput(self.name.text(), self.role.currentData(), self.household.text(),
                           self.phone.text(), self.party.currentData(), self.active.isChecked())

    def add(self) -> None:
        """Put the person in the form on the roster."""
        db, user = self.workspace.db, self.workspace.user
        self._run(partial(meetings.add_member, db, user, self.village_code, self.value()))

    def save(self) -> None:
        """Save the changes to the selected person."""
        if self.editing is None:
            return
        db, user, member = self.workspace.db, self.workspace.user, self.editing
        self._run(partial(meetings.update_member, db, user, member.id, member.version,
                          self.value()))

    def _run(self, call: Callable[[], RosterMemberInfo]) -> None:
        self.errors.clear()
        self.tasks.run(call, self._saved, self._failed, owner=self)

    def _saved(self, member: RosterMemberInfo) -> None:
        self.clear()
        self.status.setText(_("已保存：{name}").format(name=member.name))
        self.reload()

    def clear(self) -> None:
        """Empty the form for a new person."""
        self.editing = None
        self.table.clearSelection()
        for edit in (self.name, self.household, self.phone):
            edit.clear()
        self.active.setChecked(True)
        self.party.setCurrentIndex(0)
        self.save_button.setEnabled(False)
