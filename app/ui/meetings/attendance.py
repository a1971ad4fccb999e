"""签到: who came to a meeting — ticked off the village roster, or added on the spot.

The minutes must show present / total (the quorum rules of 村民委员会组织法
arts 22 and 26 are counted against it), so attendance is taken from the
roster wherever possible; a town official or guest who is not on it is
written in with a role.  The sheet shown is always the one the service
returned after saving, never a local guess.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import label
from app.domain.meeting_codes import ATTENDEE_ROLES, ROSTER_ROLES
from app.domain.text import _
from app.services.casebase.workspace import Workspace
from app.services.meetings import proceedings as meetings
from app.services.meetings.proceedings import AttendeeInfo, RosterMemberInfo
from app.ui.combos import vocab_combo
from app.ui.form_errors import ErrorLabel, FieldErrors
from app.ui.meetings.common import show_failure
from app.ui.table_view import fill_table, make_small_table
from app.ui.tasks import TaskRunner


class AttendancePanel(QWidget):
    """The sign-in sheet of one meeting; emits ``signed`` with the sheet after each save."""

    signed = Signal(object)

    def __init__(self, workspace: Workspace, tasks: TaskRunner, village_code: str) -> None:
        super().__init__()
        self.workspace, self.tasks, self.village_code = workspace, tasks, village_code
        self.meeting_id: int | None = None
        self.errors = FieldErrors()
        self.sheet = make_small_table((140, 120))
        self.roster = QListWidget()
        self.sign_button = QPushButton(_("所选人员签到"))
        self.all_button = QPushButton(_("全选"))
        self.guest_name = QLineEdit()
        self.guest_name.setPlaceholderText(_("名册外人员姓名，如镇联村干部"))
        self.guest_role = vocab_combo(ATTENDEE_ROLES)
        self.guest_role.setCurrentIndex(self.guest_role.findData("guest"))
        self.guest_button = QPushButton(_("添加列席"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        left = QVBoxLayout()
        left.addWidget(QLabel(_("本村名册（勾选到会人员）")))
        left.addWidget(self.roster, 1)
        picks = QHBoxLayout()
        picks.addWidget(self.all_button)
        picks.addWidget(self.sign_button)
        picks.addStretch(1)
        left.addLayout(picks)
        guests = QHBoxLayout()
        guests.addWidget(self.guest_name, 1)
        guests.addWidget(self.guest_role)
        guests.addWidget(self.guest_button)
        left.addLayout(guests)
        left.addWidget(self.errors.add("guests", ErrorLabel()))
        left.addWidget(self.errors.add("roster_ids", ErrorLabel()))
        right = QVBoxLayout()
        self.count = QLabel(_("签到表"))
        right.addWidget(self.count)
        right.addWidget(self.sheet, 1)
        right.addWidget(self.status)
        row = QHBoxLayout(self)
        row.addLayout(left, 1)
        row.addLayout(right, 1)
        self.all_button.clicked.connect(self._tick_all)
        self.sign_button.clicked.connect(self.sign_in)
        self.guest_button.clicked.connect(self.add_guest)
        self._present: set[int] = set()

    def show_sheet(self, meeting_id: int, sheet: Sequence[AttendeeInfo]) -> None:
        """Show the saved sheet and (re)load the roster of those not yet signed in."""
        self.meeting_id = meeting_id
        self._present = {a.roster_member_id for a in sheet if a.roster_member_id is not None}
        fill_table(self.sheet, [_("姓名"), _("身份")],
                   [[a.name, label(ATTENDEE_ROLES, a.role)] for a in sheet])
        self.count.setText(_("签到表：{n} 人").format(n=len(sheet)))
        db, user, code = self.workspace.db, self.workspace.user, self.village_code
        self.tasks.run(partial(meetings.list_members, db, user, code),
                       self._fill_roster, owner=self)

    def _fill_roster(self, members: list[RosterMemberInfo]) -> None:
        self.roster.clear()
        for m in members:
            if m.id in self._present:
                continue
            text = f"{m.name}（{label(ROSTER_ROLES, m.role)}）"
            if m.household_group:
                text += f"  {m.household_group}"
            item = QListWidgetItem(text, self.roster)
            item.setData(Qt.ItemDataRole.UserRole, m.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)

    def _tick_all(self) -> None:
        for row in range(self.roster.count()):
            self.roster.item(row).setCheckState(Qt.CheckState.Checked)

    def ticked(self) -> list[int]:
        """Roster ids ticked in the list."""
        return [int(self.roster.item(r).data(Qt.ItemDataRole.UserRole))
                for r in range(self.roster.count())
                if self.roster.item(r).checkState() == Qt.CheckState.Checked]

    def sign_in(self) -> None:
        """Sign the ticked roster members in."""
        ids = self.ticked()
        if ids:
            self._save(ids, [])

    def add_guest(self) -> None:
        """Write in someone not on the roster, with the role picked."""
        guest = meetings.AttendeeInput(self.guest_name.text(), self.guest_role.currentData())
        self._save([], [guest])

    def _save(self, ids: list[int], guests: list[meetings.AttendeeInput]) -> None:
        if self.meeting_id is None:
            return
        self.errors.clear()
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(meetings.add_attendees, db, user, self.meeting_id, ids, guests),
                       self._saved, self._failed, owner=self)

    def _failed(self, exc: BaseException) -> None:
        show_failure(self.errors, self.status, exc)

    def _saved(self, sheet: tuple[AttendeeInfo, ...]) -> None:
        self.guest_name.clear()
        self.status.setText(_("已签到"))
        assert self.meeting_id is not None
        self.show_sheet(self.meeting_id, sheet)
        self.signed.emit(sheet)
