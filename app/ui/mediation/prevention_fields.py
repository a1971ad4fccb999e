"""The prevention outcomes of a concluded case: a checkbox and a number of people per kind.

Shown in the no-agreement / withdrawal dialog and, for a case that ended in
an agreement, in its own dialog (防止结果…) until the file is archived.
The statistics table counts them in cases and people (app/domain/prevention.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from PySide6.QtWidgets import QCheckBox, QGridLayout, QSpinBox, QWidget

from app.domain.prevention import MAX_PEOPLE, PREVENTION_KINDS
from app.domain.text import _
from app.services.casebase.workspace import Workspace
from app.services.mediation.preventions import record_preventions
from app.ui.mediation.common import FormDialog, Job
from app.ui.tasks import TaskRunner


class PreventionFields(QWidget):
    """One row per kind: 防止… ☐ and 涉及 N 人 (enabled when ticked, at least 1)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.checks: dict[str, QCheckBox] = {}
        self.people: dict[str, QSpinBox] = {}
        for row, (kind, text) in enumerate(PREVENTION_KINDS.items()):
            check = QCheckBox(_(text))
            spin = QSpinBox()
            spin.setRange(1, MAX_PEOPLE)
            spin.setSuffix(_(" 人"))
            spin.setPrefix(_("涉及 "))
            spin.setEnabled(False)
            check.toggled.connect(spin.setEnabled)
            grid.addWidget(check, row, 0)
            grid.addWidget(spin, row, 1)
            self.checks[kind], self.people[kind] = check, spin

    def values(self) -> dict[str, int]:
        """The ticked kinds with their people."""
        return {kind: self.people[kind].value() for kind, check in self.checks.items()
                if check.isChecked()}

    def set_values(self, values: Mapping[str, int]) -> None:
        """Tick and fill what was recorded before."""
        for kind, check in self.checks.items():
            check.setChecked(kind in values)
            if kind in values:
                self.people[kind].setValue(values[kind])


class PreventionDialog(FormDialog):
    """防止结果: what a concluded mediation prevented, replacing what was recorded before."""

    def __init__(self, workspace: Workspace, tasks: TaskRunner, case_id: int,
                 recorded: Mapping[str, int] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(workspace, tasks, _("防止结果"), self._job, parent)
        self.case_id = case_id
        self.fields = PreventionFields()
        self.fields.set_values(recorded or {})
        self.add_row(_("防止结果"), self.fields, "preventions")

    def _job(self) -> Job:
        db, user, case_id = self.workspace.db, self.workspace.user, self.case_id
        return partial(record_preventions, db, user, case_id, self.fields.values())
