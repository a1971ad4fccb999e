"""One party (applicant, respondent or third party) in the intake form.

While a name, ID number or phone is typed, matching records of the party
registry are offered; picking one fills the block and reuses that record.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QModelIndex, QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import ETHNICITIES, GENDERS, PARTY_KINDS, ROLES
from app.domain.text import _
from app.services.casebase.workspace import Workspace
from app.services.parties.queries import PartyRow
from app.services.parties.registry import PartyDetail, get_party, search_parties
from app.ui.combos import vocab_combo
from app.ui.form_errors import ErrorLabel, FieldErrors
from app.ui.tasks import TaskRunner

PERSON_FIELDS = ("id_number", "gender", "ethnicity", "occupation")
ORG_FIELDS = ("credit_code", "legal_representative")



class PartyEditor(QGroupBox):
    """Fields of one party; ``value()`` gives the intake-JSON dict."""

    remove_requested = Signal(object)
    changed = Signal()

    def __init__(self, workspace: Workspace, tasks: TaskRunner, errors: FieldErrors,
                 role: str = "applicant") -> None:
        super().__init__()
        self.workspace, self.tasks, self.errors = workspace, tasks, errors
        self.party_id: int | None = None
        self._suggestions: list[PartyRow] = []
        self.index = 0
        self.role = vocab_combo(ROLES)
        self.role.setCurrentIndex(self.role.findData(role))
        self.kind = vocab_combo(PARTY_KINDS)
        self.name = QLineEdit()
        self.id_number = QLineEdit()
        self.id_number.setPlaceholderText(_("18位公民身份号码"))
        self.gender = QComboBox()
        self.gender.addItem(_("（按身份证）"), None)
        for key, text in GENDERS.items():
            self.gender.addItem(_(text), key)
        self.ethnicity = QComboBox()
        self.ethnicity.setEditable(True)
        self.ethnicity.addItems(list(ETHNICITIES))
        self.phone = QLineEdit()
        self.address = QLineEdit()
        self.occupation = QLineEdit()
        self.credit_code = QLineEdit()
        self.credit_code.setPlaceholderText(_("18位统一社会信用代码"))
        self.legal_representative = QLineEdit()
        self.has_agent = QCheckBox(_("有代理人"))
        self.agent_name, self.agent_id = QLineEdit(), QLineEdit()
        self.agent_phone, self.agent_relation = QLineEdit(), QLineEdit()
        self.agent_relation.setPlaceholderText(_("如：子女、配偶、律师"))
        self.remove_button = QPushButton(_("删除此当事人"))
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self._remove)
        self._build()
        self._suggest_timer = QTimer(self)
        self._suggest_timer.setSingleShot(True)
        self._suggest_timer.setInterval(250)
        self._suggest_timer.timeout.connect(self._fetch_suggestions)
        self._suggest_source: QLineEdit | None = None
        self._completer_model = QStringListModel(self)
        for line in (self.name, self.id_number, self.phone):
            completer = QCompleter(self._completer_model, line)
            completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
            completer.activated[QModelIndex].connect(  # type: ignore[index]  # stubs lack overloaded signals
                self._picked)
            line.setCompleter(completer)
            line.textEdited.connect(partial(self._typed, line))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.has_agent.toggled.connect(self._agent_toggled)
        self._kind_changed()
        self._agent_toggled(False)

    def _row(self, form: QFormLayout, label: str, widget: QWidget, field: str) -> None:
        box = QVBoxLayout()
        box.setSpacing(1)
        box.addWidget(widget)
        error = ErrorLabel()
        box.addWidget(error)
        form.addRow(label, box)
        self._labels[field] = error
        self._rows[field] = box

    def _build(self) -> None:
        self._labels: dict[str, ErrorLabel] = {}
        self._rows: dict[str, QVBoxLayout] = {}
        top = QHBoxLayout()
        top.addWidget(self.role)
        top.addWidget(self.kind)
        top.addStretch(1)
        top.addWidget(self.remove_button)
        form = QFormLayout()
        self._form = form
        self._row(form, _("姓名/名称"), self.name, "name")
        self._row(form, _("身份证号码"), self.id_number, "id_number")
        self._row(form, _("性别"), self.gender, "gender")
        self._row(form, _("民族"), self.ethnicity, "ethnicity")
        self._row(form, _("统一社会信用代码"), self.credit_code, "credit_code")
        self._row(form, _("法定代表人"), self.legal_representative, "legal_representative")
        self._row(form, _("联系电话"), self.phone, "phone")
        self._row(form, _("住址"), self.address, "address")
        self._row(form, _("职业"), self.occupation, "occupation")
        agent_form = QFormLayout()
        self._agent_form = agent_form
        self._row(agent_form, _("代理人姓名"), self.agent_name, "agent.name")
        self._row(agent_form, _("代理人身份证号"), self.agent_id, "agent.id_number")
        self._row(agent_form, _("代理人电话"), self.agent_phone, "agent.phone")
        self._row(agent_form, _("与当事人关系"), self.agent_relation, "agent.relation")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        self.top_error = ErrorLabel()
        layout.addWidget(self.top_error)
        layout.addLayout(form)
        layout.addWidget(self.has_agent)
        layout.addLayout(agent_form)
        for widget in (self.name, self.id_number, self.phone, self.address, self.occupation,
                       self.credit_code, self.legal_representative, self.agent_name,
                       self.agent_id, self.agent_phone, self.agent_relation):
            widget.textChanged.connect(self.changed)
        for combo in (self.role, self.kind, self.gender, self.ethnicity):
            combo.currentIndexChanged.connect(self.changed)

    def focus_chain(self) -> list[QWidget]:
        """The block's widgets in the order Tab visits them."""
        return [self.role, self.kind, self.name, self.id_number, self.gender, self.ethnicity,
                self.credit_code, self.legal_representative, self.phone, self.address,
                self.occupation, self.has_agent, self.agent_name, self.agent_id,
                self.agent_phone, self.agent_relation, self.remove_button]

    def set_index(self, index: int) -> None:
        """Number this block and register its error labels under ``parties[index]``."""
        self.index = index
        self.setTitle(_("当事人 {n}").format(n=index + 1))
        self.errors.add(f"parties[{index}]", self.top_error)
        for field, label in self._labels.items():
            self.errors.add(f"parties[{index}].{field}", label)

    def _kind_changed(self) -> None:
        person = self.kind.currentData() == "person"
        for field in PERSON_FIELDS:
            self._form.setRowVisible(self._rows[field], person)
        for field in ORG_FIELDS:
            self._form.setRowVisible(self._rows[field], not person)

    def _agent_toggled(self, on: bool) -> None:
        for field in ("agent.name", "agent.id_number", "agent.phone", "agent.relation"):
            self._agent_form.setRowVisible(self._rows[field], on)

    def _remove(self) -> None:
        self.remove_requested.emit(self)

    def _typed(self, source: QLineEdit, _text: str = "") -> None:
        self.party_id = None
        self._suggest_source = source
        if len(source.text().strip()) >= 1:
            self._suggest_timer.start()

    def _fetch_suggestions(self) -> None:
        source = self._suggest_source
        if source is None:
            return
        text = source.text().strip()
        db, viewer = self.workspace.db, self.workspace.user
        self.tasks.run(partial(search_parties, db, viewer, text, 8),
                       partial(self._show_suggestions, source, text), owner=self)

    def _show_suggestions(self, source: QLineEdit, text: str, rows: list[PartyRow]) -> None:
        if source.text().strip() != text:
            return
        self._suggestions = rows
        self._completer_model.setStringList(
            [f"{r.name}  {r.identifier}  {r.phone or ''}  " + _("{n}件案件").format(n=r.case_count)
             for r in rows])
        completer = source.completer()
        if rows and source.hasFocus() and completer is not None:
            completer.setCompletionPrefix("")
            completer.complete()

    def _picked(self, index: QModelIndex) -> None:
        row = index.row()
        if not 0 <= row < len(self._suggestions):
            return
        chosen = self._suggestions[row]
        db, viewer = self.workspace.db, self.workspace.user
        self.tasks.run(partial(get_party, db, viewer, chosen.id), self.fill_from_registry,
                       owner=self)

    def fill_from_registry(self, detail: PartyDetail) -> None:
        """Fill the block from a registry record and remember to reuse it."""
        self.kind.setCurrentIndex(self.kind.findData(detail.kind))
        self.name.setText(detail.name)
        self.id_number.setText("" if detail.masked else detail.id_number or "")
        self.phone.setText("" if detail.masked else detail.phone or "")
        self.address.setText(detail.address or "")
        self.occupation.setText(detail.occupation or "")
        self.credit_code.setText(detail.credit_code or "")
        self.legal_representative.setText(detail.legal_representative or "")
        if detail.ethnicity:
            self.ethnicity.setCurrentText(detail.ethnicity)
        self.party_id = detail.id
        self.setTitle(_("当事人 {n}（已有记录）").format(n=self.index + 1))

    def value(self) -> dict[str, Any]:
        """The party as an intake-JSON object (empty fields left out)."""
        data: dict[str, Any] = {"role": self.role.currentData(), "kind": self.kind.currentData(),
                                "name": self.name.text(), "phone": self.phone.text(),
                                "address": self.address.text()}
        if data["kind"] == "person":
            data.update(id_number=self.id_number.text(), gender=self.gender.currentData(),
                        ethnicity=self.ethnicity.currentText(),
                        occupation=self.occupation.text())
        else:
            data.update(credit_code=self.credit_code.text(),
                        legal_representative=self.legal_representative.text())
        if self.has_agent.isChecked():
            data["agent"] = {k: v for k, v in {
                "name": self.agent_name.text(), "id_number": self.agent_id.text(),
                "phone": self.agent_phone.text(), "relation": self.agent_relation.text(),
            }.items() if v.strip()}
        if self.party_id is not None:
            data["party_id"] = self.party_id
        return {k: v for k, v in data.items() if v not in (None, "")}

    def load(self, data: dict[str, Any]) -> None:
        """Restore the block from ``value()`` output (draft recovery)."""
        for combo, key in ((self.role, "role"), (self.kind, "kind"), (self.gender, "gender")):
            index = combo.findData(data.get(key))
            if index >= 0:
                combo.setCurrentIndex(index)
        for line, key in ((self.name, "name"), (self.id_number, "id_number"),
                          (self.phone, "phone"), (self.address, "address"),
                          (self.occupation, "occupation"), (self.credit_code, "credit_code"),
                          (self.legal_representative, "legal_representative")):
            line.setText(str(data.get(key, "")))
        if data.get("ethnicity"):
            self.ethnicity.setCurrentText(str(data["ethnicity"]))
        agent = data.get("agent")
        if isinstance(agent, dict):
            self.has_agent.setChecked(True)
            for line, key in ((self.agent_name, "name"), (self.agent_id, "id_number"),
                              (self.agent_phone, "phone"), (self.agent_relation, "relation")):
                line.setText(str(agent.get(key, "")))
        party_id = data.get("party_id")
        self.party_id = party_id if isinstance(party_id, int) else None

    def focus_first(self) -> None:
        """Put the cursor in the name field."""
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)
