"""The party registry page: search, open, edit, audited reveal."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.services.casebase.workspace import Workspace
from app.services.parties.registry import get_party
from app.services.security.users import get_user
from app.ui.parties.page import PartiesPage
from app.ui.parties.party_dialog import PartyDialog
from app.ui.tasks import TaskRunner


def _first_party(qtbot: QtBot, page: PartiesPage) -> PartyDialog:
    page.load()
    qtbot.waitUntil(lambda: page.model.total() > 0, timeout=10000)
    page.model.data(page.model.index(0, 0))
    qtbot.waitUntil(lambda: page.model.row_object(0) is not None, timeout=10000)
    first = page.model.row_object(0)
    page.search.setText(first.name)
    qtbot.waitUntil(lambda: 0 < page.model.total() < 500, timeout=10000)
    dialog = page.open_party(first.id)
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=10000)
    return dialog


def test_a_masked_role_searches_opens_and_reveals_but_may_not_edit(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner) -> None:
    official = Workspace(workspace.db, get_user(workspace.db, "village01"))
    page = PartiesPage(official, tasks)
    qtbot.addWidget(page)
    dialog = _first_party(qtbot, page)
    assert dialog.detail is not None and dialog.detail.masked
    assert "*" in dialog.edits["phone"].text() and dialog.edits["phone"].isReadOnly()
    assert not dialog.save_button.isEnabled() and not dialog.merge_button.isEnabled()
    dialog.reveal_button.click()
    qtbot.waitUntil(lambda: not dialog.edits["phone"].isReadOnly(), timeout=10000)
    assert "*" not in dialog.edits["phone"].text()


def test_a_clerk_sees_full_numbers_and_edits(qtbot: QtBot, workspace: Workspace,
                                             tasks: TaskRunner) -> None:
    clerk = Workspace(workspace.db, get_user(workspace.db, "clerk02"))
    page = PartiesPage(clerk, tasks)
    qtbot.addWidget(page)
    dialog = _first_party(qtbot, page)
    assert dialog.detail is not None and not dialog.detail.masked
    assert not dialog.reveal_button.isVisible()
    dialog.edits["address"].setText("墙头镇溪口村99号")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: "已保存" in dialog.message.text(), timeout=10000)
    assert get_party(workspace.db, workspace.user, dialog.detail.id).address == "墙头镇溪口村99号"
