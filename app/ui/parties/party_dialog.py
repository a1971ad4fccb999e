"""One registry record: its cases, editing, an audited full view, and merging a duplicate."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import CATEGORIES, ROLES, label
from app.domain.text import N_, _
from app.domain.workflow import STATUS_LABELS, CaseStatus
from app.services.casebase.workspace import Workspace
from app.services.parties.registry import (
    PartyDetail,
    get_party,
    merge_parties,
    reveal,
    update_party,
)
from app.ui.app_errors import error_text
from app.ui.form_errors import ErrorLabel, FieldErrors
from app.ui.shortcuts import make_primary
from app.ui.table_view import fill_table, make_small_table
from app.ui.tasks import TaskRunner

PERSON_EDITABLE = (("name", N_("姓名")), ("id_number", N_("身份证号码")),
                   ("phone", N_("联系电话")), ("address", N_("住址")), ("occupation", N_("职业")))
ORG_EDITABLE = (("name", N_("名称")), ("credit_code", N_("统一社会信用代码")),
                ("legal_representative", N_("法定代表人")), ("phone", N_("联系电话")),
                ("address", N_("住址")))


class PartyDialog(QDialog):
    """Edit a party; emits ``changed`` after a save or merge."""

    changed = Signal()

    def __init__(self, workspace: Workspace, tasks: TaskRunner, party_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.tasks, self.party_id = workspace, tasks, party_id
        self.detail: PartyDetail | None = None
        self.setWindowTitle(_("当事人"))
        self.resize(760, 620)
        self.errors = FieldErrors()
        self.form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        self.cases = make_small_table((200, 80, 110, 90))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.reveal_button = QPushButton(_("显示完整号码（留痕）"))
        self.reveal_button.clicked.connect(self.reveal)
        self.merge_id = QLineEdit()
        self.merge_id.setPlaceholderText(_("重复记录的编号"))
        self.merge_button = QPushButton(_("合并到本记录"))
        self.merge_button.clicked.connect(self.merge)
        self.save_button = QPushButton()
        make_primary(self, self.save_button, _("保存修改"), saves=True)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        may = workspace.user.may
        self.save_button.setEnabled(may("party.edit"))
        self.merge_button.setEnabled(may("party.merge"))
        close = QPushButton(_("关闭"))
        close.setAutoDefault(False)
        close.clicked.connect(self.accept)
        merge_row = QHBoxLayout()
        merge_row.addWidget(QLabel(_("合并重复记录：")))
        merge_row.addWidget(self.merge_id)
        merge_row.addWidget(self.merge_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reveal_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(QLabel(_("涉及案件")))
        layout.addWidget(self.cases, 1)
        layout.addLayout(merge_row)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        """Fetch the record again."""
        db, viewer = self.workspace.db, self.workspace.user
        self.tasks.run(partial(get_party, db, viewer, self.party_id), self.show_party,
                       self._failed, owner=self)

    def show_party(self, d: PartyDetail) -> None:
        """Fill the form and the case list."""
        self.detail = d
        self.setWindowTitle(_("当事人 — {name}（编号 {id}）").format(name=d.name, id=d.id))
        while self.form.rowCount():
            self.form.removeRow(0)
        self.edits.clear()
        self.errors.labels.clear()
        fields = PERSON_EDITABLE if d.kind == "person" else ORG_EDITABLE
        for key, title in fields:
            edit = QLineEdit(str(getattr(d, key) or ""))
            masked = d.masked and key in ("id_number", "phone")
            edit.setReadOnly(masked)
            box = QVBoxLayout()
            box.addWidget(edit)
            box.addWidget(self.errors.add(key, ErrorLabel()))
            self.form.addRow(_(title), box)
            self.edits[key] = edit
        self.reveal_button.setVisible(d.masked and self.workspace.user.may("party.reveal"))
        fill_table(self.cases, [_("案号"), _("身份"), _("纠纷类型"), _("状态")],
                   [[c.number, label(ROLES, c.role) if c.role in ROLES else _("代理人"),
                     label(CATEGORIES, c.category), _(STATUS_LABELS[CaseStatus(c.status)])]
                    for c in d.cases])

    def changes(self) -> dict[str, str]:
        """Fields the user changed (masked ones can only change after a reveal)."""
        assert self.detail is not None
        result = {}
        for key, edit in self.edits.items():
            if edit.isReadOnly():
                continue
            if edit.text().strip() != (getattr(self.detail, key) or ""):
                result[key] = edit.text()
        return result

    def save(self) -> None:
        """Save changed fields against the version that was shown."""
        if self.detail is None:
            return
        changes = self.changes()
        if not changes:
            self.message.setText(_("没有修改"))
            return
        self.errors.clear()
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(update_party, db, user, self.party_id, self.detail.version,
                               changes),
                       self._saved, self._failed, owner=self)

    def _saved(self, _result: None) -> None:
        self._done(_("已保存"))

    def reveal(self) -> None:
        """Show the full numbers; the service writes an audit entry."""
        db, viewer = self.workspace.db, self.workspace.user
        self.tasks.run(partial(reveal, db, viewer, self.party_id), self._revealed, self._failed,
                       owner=self)

    def _revealed(self, numbers: tuple[str | None, str | None]) -> None:
        identifier, phone = numbers
        key = "id_number" if "id_number" in self.edits else "credit_code"
        for field, value in ((key, identifier), ("phone", phone)):
            if field in self.edits:
                self.edits[field].setText(value or "")
                self.edits[field].setReadOnly(False)
        if self.detail is not None:
            shown = replace(self.detail, masked=False, phone=phone)
            self.detail = (replace(shown, id_number=identifier) if key == "id_number"
                           else replace(shown, credit_code=identifier))
        self.reveal_button.hide()
        self.message.setText(_("已显示完整号码，本次查看已记入审计"))

    def merge(self) -> None:
        """Fold the duplicate record named in the field into this one."""
        text = self.merge_id.text().strip()
        if not text.isdigit():
            self.message.setText(_("请输入重复记录的编号（数字）"))
            return
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(merge_parties, db, user, self.party_id, int(text)), self._merged,
                       self._failed, owner=self)

    def _merged(self, moved: int) -> None:
        self._done(_("已合并，{n} 个案件关联已转到本记录").format(n=moved))

    def _done(self, text: str) -> None:
        self.message.setStyleSheet("color: #2e7d32;")
        self.message.setText(text)
        self.changed.emit()
        self.reload()

    def _failed(self, exc: BaseException) -> None:
        field = getattr(exc, "field", None)
        if field and self.errors.show(field, str(exc)):
            return
        self.message.setStyleSheet("color: #c62828;")
        self.message.setText(error_text(exc))
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
