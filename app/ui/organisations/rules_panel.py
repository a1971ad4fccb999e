"""分流规则 admin: the routing rules in the order they are tried, and the rule editor.

Rules are the county's policy for where cases go; an administrator adds,
changes, disables and reorders them here and the next recommendation
follows.  Empty conditions read "任意" (any).
"""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import CATEGORIES, MEDIATION_TYPES, ORG_KINDS, RISKS, SOURCES, label
from app.domain.routing import Rule
from app.domain.text import N_, _
from app.services.assignment import rules as routing_rules
from app.services.assignment.rules import RuleInput
from app.services.casebase.workspace import Workspace
from app.ui.app_errors import error_text
from app.ui.combos import vocab_combo
from app.ui.form_errors import ErrorLabel
from app.ui.table_view import fill_table, make_small_table
from app.ui.tasks import TaskRunner

RULE_LEVELS = {"village": N_("村级"), "town": N_("乡镇级"), "county": N_("县级")}


def _any(value: str | None, vocab: dict[str, str] | None = None) -> str:
    if value is None:
        return _("任意")
    return label(vocab, value) if vocab else value


class RulesPanel(QWidget):
    """The rule table with add, disable, move and an editor below."""

    def __init__(self, workspace: Workspace, tasks: TaskRunner) -> None:
        super().__init__()
        self.workspace, self.tasks = workspace, tasks
        self.rules: list[Rule] = []
        self.current: Rule | None = None
        self.table = make_small_table((60, 100, 100, 80, 60, 120, 170, 60, 60))
        self.table.itemSelectionChanged.connect(self._selected)
        self.priority = QSpinBox()
        self.priority.setRange(0, 100000)
        any_text = _("任意")
        self.category = vocab_combo(CATEGORIES, any_text)
        self.source = vocab_combo(SOURCES, any_text)
        self.risk = vocab_combo(RISKS, any_text)
        self.min_people = QSpinBox()
        self.min_people.setRange(0, 10000)
        self.min_people.setSpecialValueText(any_text)
        self.mediation_type = vocab_combo(MEDIATION_TYPES)
        self.kind = vocab_combo(ORG_KINDS, _("属地调解组织"))
        self.level = vocab_combo(RULE_LEVELS, any_text)
        self.supervised = QCheckBox(_("挂牌督办"))
        self.active = QCheckBox(_("启用"))
        self.reason = QLineEdit()
        self.message = ErrorLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        self.action_buttons = []
        for text, slot in ((_("新增规则"), self.new), (_("上移"), lambda: self.move_rule(-1)),
                           (_("下移"), lambda: self.move_rule(1)), (_("保存规则"), self.save)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.action_buttons.append(button)
        form = QFormLayout()
        conditions = QHBoxLayout()
        for widget in (self.category, self.source, self.risk, self.min_people):
            conditions.addWidget(widget)
        target = QHBoxLayout()
        for target_widget in (self.mediation_type, self.kind, self.level, self.supervised,
                              self.active):
            target.addWidget(target_widget)
        form.addRow(_("优先级"), self.priority)
        form.addRow(_("条件（类型、来源、风险、最少人数）"), conditions)
        form.addRow(_("分流至（调解类型、组织类别、层级）"), target)
        form.addRow(_("理由"), self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 3)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.new()
        if not workspace.user.may("rules.admin"):
            for button in self.action_buttons:
                button.setEnabled(False)
            self.message.show_message(_("只有系统管理员可以修改分流规则"))

    def load_rules(self) -> None:
        """Fetch the rules in the order they are tried."""
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(routing_rules.rules, db, user), self._show, owner=self)

    def _show(self, rules: list[Rule]) -> None:
        self.rules = rules
        fill_table(self.table, [_("优先级"), _("纠纷类型"), _("来源"), _("风险"), _("人数≥"),
                                _("调解类型"), _("组织类别"), _("督办"), _("状态"), _("理由")],
                   [[str(r.priority), _any(r.category, dict(CATEGORIES)),
                     _any(r.source, dict(SOURCES)), _any(r.risk, dict(RISKS)),
                     str(r.min_people) if r.min_people else _("任意"),
                     label(MEDIATION_TYPES, r.mediation_type),
                     label(ORG_KINDS, r.organisation_kind) if r.organisation_kind
                     else _("属地调解组织"), _("是") if r.supervised else "",
                     _("启用") if r.active else _("停用"), r.reason] for r in rules])
        if self.current is not None:
            self.select(self.current.id)

    def select(self, rule_id: int) -> None:
        """Select a rule and show it in the editor."""
        for row, r in enumerate(self.rules):
            if r.id == rule_id:
                self.table.selectRow(row)

    def _selected(self) -> None:
        rows = {i.row() for i in self.table.selectedItems()}
        if len(rows) == 1:
            self.edit(self.rules[rows.pop()])

    def edit(self, r: Rule) -> None:
        """Show rule ``r`` in the editor."""
        self.current = r
        self.priority.setValue(r.priority)
        for combo, value in ((self.category, r.category), (self.source, r.source),
                             (self.risk, r.risk), (self.mediation_type, r.mediation_type),
                             (self.kind, r.organisation_kind), (self.level, r.level)):
            combo.setCurrentIndex(max(combo.findData(value), 0))
        self.min_people.setValue(r.min_people or 0)
        self.supervised.setChecked(r.supervised)
        self.active.setChecked(r.active)
        self.reason.setText(r.reason)

    def new(self) -> None:
        """Empty the editor for a new rule, tried before the default rule."""
        self.current = None
        self.table.clearSelection()
        self.priority.setValue(500)
        for combo in (self.category, self.source, self.risk, self.mediation_type, self.kind,
                      self.level):
            combo.setCurrentIndex(0)
        self.min_people.setValue(0)
        self.supervised.setChecked(False)
        self.active.setChecked(True)
        self.reason.clear()

    def value(self) -> RuleInput:
        """The rule the editor shows."""
        return RuleInput(self.priority.value(), self.mediation_type.currentData(),
                         self.reason.text(), self.category.currentData(),
                         self.source.currentData(), self.risk.currentData(),
                         self.min_people.value() or None, self.kind.currentData(),
                         self.level.currentData(), self.supervised.isChecked(),
                         self.active.isChecked())

    def save(self) -> None:
        """Save the editor's rule in the background."""
        rule_id = self.current.id if self.current else None
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(routing_rules.save_rule, db, user, self.value(), rule_id),
                       self._saved, self._failed, owner=self)

    def move_rule(self, step: int) -> None:
        """Move the selected rule one place up (−1) or down (+1)."""
        if self.current is None:
            return
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(routing_rules.move, db, user, self.current.id, step),
                       self._moved, self._failed, owner=self)

    def _moved(self, _result: None) -> None:
        self.load_rules()

    def _saved(self, rule: Rule) -> None:
        self.message.show_message(None)
        self.current = rule
        self.load_rules()

    def _failed(self, exc: BaseException) -> None:
        self.message.show_message(error_text(exc))
