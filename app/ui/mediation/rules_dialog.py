"""办理期限规则: the administrator's table of how many days each case source may take.

Deadlines are local policy (usually one month, after the Ministry of
Justice's 人民调解工作若干规定 art 33; 30 days for court-delegated cases under
the SPC 特邀调解规定 art 27; counties vary), so the administrator edits them
here; cases registered afterwards get the new limits, cases already
registered keep theirs (changing a case's deadline is an extension, with
reason and approver).
"""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import SOURCES, label
from app.domain.deadlines import FALLBACK_SOURCE, MAX_RULE_DAYS
from app.domain.text import _
from app.services.casebase.workspace import Workspace
from app.services.mediation.deadlines import RuleInfo, deadline_rules, set_deadline_rule
from app.ui.app_errors import error_text
from app.ui.mediation.common import choice_box
from app.ui.shortcuts import make_primary
from app.ui.table_view import fill_table, make_small_table
from app.ui.tasks import TaskRunner


class DeadlineRulesDialog(QDialog):
    """The rules table and a row to set one source's days."""

    def __init__(self, workspace: Workspace, tasks: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.tasks = workspace, tasks
        self.rules: list[RuleInfo] = []
        self.setWindowTitle(_("办理期限规则"))
        self.resize(720, 420)
        self.table = make_small_table((160, 70, 440))
        self.source = choice_box(SOURCES)
        self.source.setCurrentIndex(self.source.findData(FALLBACK_SOURCE))
        self.days = QSpinBox()
        self.days.setRange(1, MAX_RULE_DAYS)
        self.days.setValue(30)
        self.days.setSuffix(_(" 天"))
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("依据，如：本县规定"))
        self.save_button = QPushButton()
        make_primary(self, self.save_button, _("保存规则"), saves=True)
        self.save_button.clicked.connect(self.save)
        self.message = QLabel()
        self.message.setWordWrap(True)
        edit = QHBoxLayout()
        for widget in (self.source, self.days, self.note, self.save_button):
            edit.addWidget(widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("没有单独规则的来源按“其他”计算。修改只影响此后受理的案件。")))
        layout.addWidget(self.table)
        layout.addLayout(edit)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.load()

    def load(self) -> None:
        """Read the rules."""
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(deadline_rules, db, user), self.show_rules,
                       self.show_error, owner=self)

    def show_error(self, exc: BaseException) -> None:
        """One sentence on why the rules could not be read or saved."""
        self.message.setText(error_text(exc))

    def show_rules(self, rules: list[RuleInfo]) -> None:
        """Fill the table."""
        self.rules = rules
        fill_table(self.table, [_("案件来源"), _("天数"), _("依据")],
                   [[label(SOURCES, r.source), str(r.days), r.note or ""] for r in rules],
                   frozenset({1}))

    def save(self) -> None:
        """Save the rule in the form (administrators only; the service checks)."""
        db, user = self.workspace.db, self.workspace.user
        source, days, note = self.source.currentData(), self.days.value(), self.note.text()
        self.tasks.run(partial(set_deadline_rule, db, user, source, days, note), self._saved,
                       self.show_error, owner=self)

    def _saved(self, rule: RuleInfo) -> None:
        self.message.setText(_("已保存：{source} {days} 天").format(
            source=label(SOURCES, rule.source), days=rule.days))
        self.load()
