"""The party registry page: search, open, edit, audited reveal."""

from __future__ import annotations

from dataclasses import replace

from pytestqt.qtbot import QtBot

from app.services.casebase.workspace import Workspace
from app.services.parties.registry import get_party
from app.ui.parties.page import PartiesPage
from app.ui.tasks import TaskRunner


def test_search_open_edit_and_reveal(qtbot: QtBot, workspace: Workspace,
                                     tasks: TaskRunner) -> None:
    clerk = Workspace(workspace.db, replace(workspace.user, role="clerk", login="liwen"))
    page = PartiesPage(clerk, tasks)
    qtbot.addWidget(page)
    page.load()
    qtbot.waitUntil(lambda: page.model.total() > 0, timeout=10000)
    page.model.data(page.model.index(0, 0))
    qtbot.waitUntil(lambda: page.model.row_object(0) is not None, timeout=10000)
    first = page.model.row_object(0)
    page.search.setText(first.name)
    qtbot.waitUntil(lambda: 0 < page.model.total() < 500, timeout=10000)

    dialog = page.open_party(first.id)
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=10000)
    assert dialog.detail.masked
    assert "*" in dialog.edits["phone"].text() and dialog.edits["phone"].isReadOnly()
    dialog.reveal_button.click()
    qtbot.waitUntil(lambda: not dialog.edits["phone"].isReadOnly(), timeout=10000)
    assert "*" not in dialog.edits["phone"].text()
    dialog.edits["address"].setText("墙头镇溪口村99号")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: "已保存" in dialog.message.text(), timeout=10000)
    assert get_party(workspace.db, workspace.user, first.id).address == "墙头镇溪口村99号"
