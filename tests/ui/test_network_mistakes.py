"""Undoing mistakes from the screens: withdraw a pending referral, set aside an organisation."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.services.assignment.referrals import refer
from app.services.casebase.workspace import Workspace
from app.services.cases.queries import CaseFilter, case_page
from app.services.organisations import network as org_service
from app.services.organisations import queries as organisation_queries
from app.ui.cases.detail_dialog import CaseDetailDialog
from app.ui.organisations.page import OrganisationsPage
from app.ui.tasks import TaskRunner
from tests.services.fixtures import ADMIN


def test_a_pending_referral_is_withdrawn_from_the_case_window(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner) -> None:
    case = case_page(workspace.db, ADMIN, CaseFilter(status="received"), 0, 1)[0]
    others = [o for o in organisation_queries.organisations(workspace.db, ADMIN)
              if o.kind == "professional_committee"]
    refer(workspace.db, ADMIN, case.id, "按专业移交", to_organisation_id=others[0].id)
    dialog = CaseDetailDialog(workspace, tasks, case.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.routing.state is not None
                    and dialog.routing.state.pending is not None, timeout=10000)
    assert dialog.routing.withdraw_button.isVisible()
    assert not dialog.routing.refer_button.isVisible()
    dialog.routing.withdraw("接收组织选错了")
    qtbot.waitUntil(lambda: dialog.routing.state is not None
                    and dialog.routing.state.pending is None
                    and dialog.routing.state.status == "received", timeout=10000)
    assert not dialog.routing.withdraw_button.isVisible()
    assert dialog.routing.refer_button.isVisible()


def test_an_organisation_entered_by_mistake_is_set_aside_and_taken_back(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner,
        monkeypatch: pytest.MonkeyPatch) -> None:
    org_id = org_service.save_organisation(workspace.db, ADMIN, org_service.OrganisationInput(
        "XS-WRONG", "录错的调解委员会", "错", "professional_committee", None))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    page = OrganisationsPage(workspace, tasks)
    qtbot.addWidget(page)
    page.load()
    qtbot.waitUntil(lambda: any(r.id == org_id for r in page.rows), timeout=10000)
    row = next(i for i, r in enumerate(page.rows) if r.id == org_id)
    assert page.table.item(row, 0).text() == "XS-WRONG"
    page.table.selectRow(row)
    page.toggle_organisation()
    qtbot.waitUntil(lambda: any(r.id == org_id and not r.active for r in page.rows),
                    timeout=10000)
    row = next(i for i, r in enumerate(page.rows) if r.id == org_id)
    assert page.table.item(row, 1).text() == "录错的调解委员会（已停用）"
    assert org_id not in {o.id for o in organisation_queries.organisations(workspace.db, ADMIN)}
    page.table.selectRow(row)
    page.toggle_organisation()
    qtbot.waitUntil(lambda: any(r.id == org_id and r.active for r in page.rows), timeout=10000)
