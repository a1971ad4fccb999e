"""The close dialog and the 防止结果 dialog record prevention outcomes (checkbox + people)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.services.casebase.workspace import Workspace
from app.services.cases.queries import CaseFilter, case_page
from app.services.mediation.preventions import case_preventions
from app.ui.cases.detail_dialog import CaseDetailDialog
from app.ui.cases.page import CasesPage
from app.ui.mediation.dialogs import OutcomeDialog
from app.ui.mediation.prevention_fields import PreventionDialog
from app.ui.tasks import TaskRunner
from tests.services.fixtures import ADMIN


def _detail(qtbot: QtBot, workspace: Workspace, tasks: TaskRunner, status: str
            ) -> tuple[int, CaseDetailDialog]:
    row = case_page(workspace.db, ADMIN, CaseFilter(status=status), 0, 1)[0]
    page = CasesPage(workspace, tasks)
    qtbot.addWidget(page)
    dialog = page.open_case(row.id)
    qtbot.waitUntil(lambda: dialog.mediation.progress is not None, timeout=10000)
    return row.id, dialog


def test_closing_records_the_ticked_outcomes(qtbot: QtBot, workspace: Workspace,
                                             tasks: TaskRunner) -> None:
    case_id, dialog = _detail(qtbot, workspace, tasks, "in_mediation")
    outcome = dialog.mediation.open_outcome()
    assert isinstance(outcome, OutcomeDialog)
    fields = outcome.preventions
    assert not fields.people["criminal"].isEnabled()
    fields.checks["criminal"].setChecked(True)
    assert fields.people["criminal"].isEnabled()
    fields.people["criminal"].setValue(3)
    fields.checks["group_petition"].setChecked(True)
    fields.checks["group_petition"].setChecked(False)
    outcome.reason.setPlainText("双方分歧过大")
    outcome.save()
    qtbot.waitUntil(lambda: not outcome.isVisible(), timeout=10000)
    assert case_preventions(workspace.db, ADMIN, case_id) == {"criminal": 3}  # replaced
    qtbot.waitUntil(lambda: dialog.mediation.buttons["prevention"].isVisible(), timeout=10000)


def test_an_agreed_case_gets_its_own_dialog_filled_with_what_was_recorded(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner) -> None:
    case_id, dialog = _detail(qtbot, workspace, tasks, "followed_up")
    bar = dialog.mediation
    before = case_preventions(workspace.db, ADMIN, case_id)
    assert bar.buttons["prevention"].isVisible()
    bar.open_prevention()
    qtbot.waitUntil(lambda: any(isinstance(c, PreventionDialog) for c in bar.children()),
                    timeout=10000)
    form = next(c for c in bar.children() if isinstance(c, PreventionDialog))
    assert form.fields.values() == before
    form.fields.checks["group_fight"].setChecked(True)
    form.fields.people["group_fight"].setValue(20)
    form.save()
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=10000)
    after = {**before, "group_fight": 20}
    assert case_preventions(workspace.db, ADMIN, case_id) == after
    bar.open_prevention()
    qtbot.waitUntil(lambda: sum(isinstance(c, PreventionDialog) and c.isVisible()
                                for c in bar.children()) == 1, timeout=10000)
    again = next(c for c in bar.children() if isinstance(c, PreventionDialog) and c.isVisible())
    assert again.fields.values() == after
    again.reject()
