"""The case detail window: data, parties, timeline, and recording a refusal."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.services.casebase.workspace import Workspace
from app.services.cases.queries import CaseFilter, case_page
from app.ui.cases.page import CasesPage
from app.ui.tasks import TaskRunner
from tests.services.fixtures import ADMIN


def test_detail_shows_parties_and_timeline_and_refusal(qtbot: QtBot, workspace: Workspace,
                                                       tasks: TaskRunner) -> None:
    received = case_page(workspace.db, ADMIN, CaseFilter(status="received"), 0, 1)[0]
    page = CasesPage(workspace, tasks)
    qtbot.addWidget(page)
    dialog = page.open_case(received.id)
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=10000)
    assert received.number in dialog.header.text()
    assert dialog.parties.rowCount() >= 2
    assert "受理登记" in dialog.timeline.item(0).text()
    assert dialog.refuse_button.isVisible()
    dialog.record_refusal("不属于人民调解受理范围")
    qtbot.waitUntil(lambda: dialog.detail is not None and dialog.detail.status == "refused",
                    timeout=10000)
    assert not dialog.refuse_button.isVisible()
    texts = [dialog.timeline.item(i).text() for i in range(dialog.timeline.count())]
    assert any("不予受理" in t for t in texts)
