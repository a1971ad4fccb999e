"""受理登记: register a dispute in under a minute, with the keyboard alone.

Every field of the standard intake register; parties added as blocks; inline
messages from the same rules the CLI uses (app.domain.intake); a warning
listing the parties' other open or recent cases before the save is confirmed;
the form kept as a draft on disk after every change so nothing is lost.
"""

from __future__ import annotations

import itertools
from datetime import datetime
from functools import partial
from typing import Any

from PySide6.QtCore import QDateTime, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import CATEGORIES, RISKS, SOURCES, label
from app.domain.intake import IntakeInput, check_intake
from app.domain.text import _
from app.domain.workflow import STATUS_LABELS, CaseStatus
from app.services.casebase.opening import Database
from app.services.casebase.workspace import Workspace
from app.services.cases.drafts import discard_draft, save_draft
from app.services.cases.intake import IntakeResult, RelatedCase, find_repeat_cases, register_case
from app.services.organisations import queries as organisation_queries
from app.services.organisations.queries import OrganisationRow, RegionNode
from app.services.security.users import UserInfo
from app.ui.app_errors import error_text
from app.ui.cases.intake_draft import DRAFT
from app.ui.cases.party_editor import PartyEditor
from app.ui.combos import vocab_combo
from app.ui.date_edit import DateTimeField
from app.ui.form_errors import ErrorLabel, FieldErrors
from app.ui.shortcuts import ADD_PARTY, make_primary
from app.ui.tasks import TaskRunner

PICKABLE_LEVELS = ("town", "village", "grid")


def _picker_lists(db: Database, user: UserInfo
                  ) -> tuple[list[RegionNode], list[OrganisationRow]]:
    """The places and organisations the form offers, fetched together on a worker."""
    return (organisation_queries.region_tree(db, user),
            organisation_queries.organisations(db, user))


class IntakeDialog(QDialog):
    """The intake form; emits ``registered`` with the new case's number."""

    registered = Signal(object)

    def __init__(self, workspace: Workspace, tasks: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.tasks = workspace, tasks
        self.setWindowTitle(_("受理登记"))
        self.resize(860, 900)
        self.errors = FieldErrors()
        self.parties: list[PartyEditor] = []
        self._confirmed_repeats = False
        self._saving = False

        self.source = vocab_combo(SOURCES)
        self.received_at = DateTimeField(QDateTime.currentDateTime())
        self.received_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.received_at.setCalendarPopup(True)
        self.category = vocab_combo(CATEGORIES, _("请选择"))
        self.facts = QPlainTextEdit()
        self.facts.setTabChangesFocus(True)
        self.facts.setPlaceholderText(_("纠纷简要情况：时间、地点、起因、经过、争议焦点"))
        self.facts.setFixedHeight(90)
        self.claims = QPlainTextEdit()
        self.claims.setTabChangesFocus(True)
        self.claims.setPlaceholderText(_("请求事项，可分条填写"))
        self.claims.setFixedHeight(60)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(_("如 12000 或 12,000.50（无则不填）"))
        self.people = QSpinBox()
        self.people.setRange(1, 100000)
        self.people.setValue(2)
        self.region = QComboBox()
        self.region.setEditable(True)
        self.region.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        region_text = self.region.lineEdit()
        assert region_text is not None  # an editable combo box always has one
        region_text.setPlaceholderText(_("输入村（社区）或网格名称"))
        self.risk = vocab_combo(RISKS)
        self.organisation = QComboBox()
        self.registrar = QLabel(workspace.user.display_name)

        form = QFormLayout()
        self._field(form, _("案件来源"), self.source, "source")
        self._field(form, _("受理时间"), self.received_at, "received_at")
        self._field(form, _("纠纷类型"), self.category, "category")
        self._field(form, _("纠纷事实"), self.facts, "facts")
        self._field(form, _("请求事项"), self.claims, "claims")
        self._field(form, _("争议金额（元）"), self.amount, "amount")
        self._field(form, _("涉及人数"), self.people, "people_involved")
        self._field(form, _("发生地点"), self.region, "region")
        self._field(form, _("风险等级"), self.risk, "risk")
        self._field(form, _("受理组织"), self.organisation, "organisation")
        form.addRow(_("登记人"), self.registrar)

        self.parties_box = QVBoxLayout()
        self.parties_error = self.errors.add("parties", ErrorLabel())
        add_row = QHBoxLayout()
        self.add_applicant = QPushButton(_("添加申请人 (Alt+1)"))
        self.add_respondent = QPushButton(_("添加被申请人 (Alt+2)"))
        self.add_third = QPushButton(_("添加第三人 (Alt+3)"))
        for button, role, key in ((self.add_applicant, "applicant", ADD_PARTY.keys[0]),
                                  (self.add_respondent, "respondent", ADD_PARTY.keys[1]),
                                  (self.add_third, "third_party", ADD_PARTY.keys[2])):
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, r=role: self.add_party(r, focus=True))
            QShortcut(QKeySequence(key), self).activated.connect(
                partial(self.add_party, role, focus=True))
            add_row.addWidget(button)
        add_row.addStretch(1)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addLayout(form)
        heading = QLabel(_("当事人"))
        heading.setStyleSheet("font-weight: bold; font-size: 15px; margin-top: 8px;")
        body_layout.addWidget(heading)
        body_layout.addWidget(self.parties_error)
        body_layout.addLayout(self.parties_box)
        body_layout.addLayout(add_row)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)

        self.repeat_panel = QLabel()
        self.repeat_panel.setWordWrap(True)
        self.repeat_panel.setStyleSheet(
            "background: #fff4e5; border: 1px solid #b26a00; padding: 6px; color: #5d3a00;")
        self.repeat_panel.hide()
        self.status = QLabel()
        self.save_button = QPushButton()
        make_primary(self, self.save_button, _("保存"), saves=True)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(_("关闭（保留草稿）"))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.discard_button = QPushButton(_("清空草稿"))
        self.discard_button.setAutoDefault(False)
        self.discard_button.clicked.connect(self.discard)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.discard_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.repeat_panel)
        layout.addLayout(buttons)

        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(800)
        self._draft_timer.timeout.connect(self.keep_draft)
        self._pickers_loaded = False
        self._pending_draft: dict[str, Any] | None = None
        self.add_party("applicant")
        self.add_party("respondent")
        self._watch(self.source, self.category, self.risk, self.organisation, self.region)
        self.facts.textChanged.connect(self._changed)
        self.claims.textChanged.connect(self._changed)
        self.amount.textChanged.connect(self._changed)
        self.people.valueChanged.connect(self._changed)
        self._load_pickers()
        self.source.setFocus()

    def _field(self, form: QFormLayout, title: str, widget: QWidget, field: str) -> None:
        box = QVBoxLayout()
        box.setSpacing(1)
        box.addWidget(widget)
        box.addWidget(self.errors.add(field, ErrorLabel()))
        form.addRow(title, box)

    def _watch(self, *combos: QComboBox) -> None:
        for combo in combos:
            combo.currentIndexChanged.connect(self._changed)

    def _changed(self) -> None:
        self._confirmed_repeats = False
        self.repeat_panel.hide()
        self._draft_timer.start()

    def _load_pickers(self) -> None:
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(_picker_lists, db, user), self._fill_pickers, owner=self)

    def _fill_pickers(self, loaded: tuple[list[RegionNode], list[OrganisationRow]]) -> None:
        regions, orgs = loaded
        names = {r.id: r.name for r in regions}
        self.region.addItem("", None)
        for r in regions:
            if r.level in PICKABLE_LEVELS:
                parent = names.get(r.parent_id or 0, "")
                self.region.addItem(_("{name}（{detail}）").format(name=r.name, detail=parent),
                                    r.code)
        completer = self.region.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        for o in orgs:
            self.organisation.addItem(o.name, o.code)
        own = self.workspace.user.organisation_id
        index = next((i for i, o in enumerate(orgs) if o.id == own), -1)
        if index < 0:
            index = next((i for i, o in enumerate(orgs) if o.kind == "county_centre"), 0)
        self.organisation.setCurrentIndex(index)
        self._pickers_loaded = True
        if self._pending_draft is not None:
            self.load(self._pending_draft)
            self._pending_draft = None

    def add_party(self, role: str, focus: bool = False) -> PartyEditor:
        """Add a party block (Alt+1/2/3)."""
        editor = PartyEditor(self.workspace, self.tasks, self.errors, role)
        editor.remove_requested.connect(self.remove_party)
        editor.changed.connect(self._changed)
        self.parties.append(editor)
        self.parties_box.addWidget(editor)
        self._renumber()
        if focus:
            editor.focus_first()
        return editor

    def remove_party(self, editor: PartyEditor) -> None:
        """Drop a party block."""
        self.parties.remove(editor)
        editor.setParent(None)
        editor.deleteLater()
        self._renumber()
        self._changed()

    def _renumber(self) -> None:
        self.errors.labels = {k: v for k, v in self.errors.labels.items()
                              if not k.startswith("parties[")}
        for index, editor in enumerate(self.parties):
            editor.set_index(index)
        chain: list[QWidget] = [self.source, self.received_at, self.category, self.facts,
                                self.claims, self.amount, self.people, self.region, self.risk,
                                self.organisation]
        for editor in self.parties:
            chain += editor.focus_chain()
        chain += [self.add_applicant, self.add_respondent, self.add_third, self.save_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def value(self) -> dict[str, Any]:
        """The form as the intake document of ``tiaojie case add`` (see README.md)."""
        received = self.received_at.dateTime().toPython()
        assert isinstance(received, datetime)
        data: dict[str, Any] = {
            "source": self.source.currentData(),
            "received_at": received.strftime("%Y-%m-%dT%H:%M"),
            "category": self.category.currentData(),
            "facts": self.facts.toPlainText(),
            "claims": self.claims.toPlainText(),
            "amount": self.amount.text().strip(),
            "people_involved": self.people.value(),
            "region": self._region_code(),
            "risk": self.risk.currentData(),
            "organisation": self.organisation.currentData(),
            "parties": [p.value() for p in self.parties],
        }
        return {k: v for k, v in data.items() if v not in (None, "")}

    def _region_code(self) -> str | None:
        text = self.region.currentText().strip()
        if not text:
            return None
        index = self.region.findText(text)
        if index >= 0:
            return str(self.region.itemData(index)) if self.region.itemData(index) else None
        return text

    def load(self, data: dict[str, Any]) -> None:
        """Fill the form from a draft."""
        if not self._pickers_loaded:
            self._pending_draft = data
            return
        for combo, key in ((self.source, "source"), (self.category, "category"),
                           (self.risk, "risk"), (self.organisation, "organisation"),
                           (self.region, "region")):
            index = combo.findData(data.get(key))
            if index >= 0:
                combo.setCurrentIndex(index)
        if data.get("received_at"):
            self.received_at.setDateTime(QDateTime.fromString(str(data["received_at"]),
                                                              "yyyy-MM-ddTHH:mm"))
        self.facts.setPlainText(str(data.get("facts", "")))
        self.claims.setPlainText(str(data.get("claims", "")))
        self.amount.setText(str(data.get("amount", "")))
        self.people.setValue(int(data.get("people_involved", 2)))
        for editor in list(self.parties):
            self.remove_party(editor)
        for party in data.get("parties", []):
            self.add_party(str(party.get("role", "applicant"))).load(party)
        self.status.setText(_("已恢复上次未完成的登记"))

    def keep_draft(self) -> None:
        """Write the current form to the draft file."""
        if not self._saving:
            save_draft(self.workspace.user, DRAFT, self.value())

    def discard(self) -> None:
        """Throw the draft away and start a blank form."""
        for editor in list(self.parties):
            self.remove_party(editor)
        self.add_party("applicant")
        self.add_party("respondent")
        self.category.setCurrentIndex(0)
        self.facts.clear()
        self.claims.clear()
        self.amount.clear()
        self._draft_timer.stop()
        discard_draft(self.workspace.user, DRAFT)
        self.status.setText(_("草稿已清空"))

    def save(self) -> None:
        """Check, warn about repeat disputes once, then register in the background."""
        if self._saving:
            return
        self.errors.clear()
        check = check_intake(self.value())
        if not check.ok:
            unplaced = [e for e in check.errors if not self.errors.show(
                e.field or "", _("请选择纠纷类型") if e.field == "category" else e.message)]
            for e in unplaced:
                self.errors.show("parties", f"{e.field}: {e.message}")
            self.status.setText(_("有 {n} 处需要修改，请看标红的提示").format(n=len(check.errors)))
            return
        for warning in check.warnings:
            self.errors.show(warning.field or "",
                             _("提示：{m}（仍可保存）").format(m=warning.message))
        assert check.value is not None
        intake = check.value
        self._saving = True
        self.save_button.setEnabled(False)
        if self._confirmed_repeats:
            self._register(intake)
            return
        self.status.setText(_("正在检查是否有相关案件…"))
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(find_repeat_cases, db, user, intake.parties),
                       partial(self._repeats_checked, intake), self._failed, owner=self)

    def _repeats_checked(self, intake: IntakeInput, related: list[RelatedCase]) -> None:
        if not related:
            self._register(intake)
            return
        self._saving = False
        self.save_button.setEnabled(True)
        self._confirmed_repeats = True
        lines = [_("注意：当事人还涉及以下未结或近一年内的案件（重复纠纷可能激化）：")]
        lines += [f"· {r.number}  {r.party_name}  {label(CATEGORIES, r.category)}  "
                  f"{_(STATUS_LABELS[CaseStatus(r.status)])}" for r in related[:8]]
        lines.append(_("确认无误请再按一次“保存”登记本案。"))
        self.repeat_panel.setText("\n".join(lines))
        self.repeat_panel.show()
        self.status.setText(_("发现 {n} 件相关案件").format(n=len(related)))

    def _register(self, intake: IntakeInput) -> None:
        self.status.setText(_("正在保存…"))
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(register_case, db, user, intake, user.organisation_id),
                       self._registered, self._failed, owner=self)

    def _registered(self, result: IntakeResult) -> None:
        self._saving = False
        self._draft_timer.stop()
        discard_draft(self.workspace.user, DRAFT)
        self.registered.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        field = getattr(exc, "field", None)
        if not (field and self.errors.show(field, str(exc))):
            self.status.setText(error_text(exc))
        else:
            self.status.setText(_("保存失败，请看标红的提示"))

    def reject(self) -> None:
        """Close, keeping what was typed as a draft."""
        self._draft_timer.stop()
        self.keep_draft()
        super().reject()
