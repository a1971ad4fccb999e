"""The case detail window: data, parties, timeline, recording a refusal, a stale screen."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

from app.services.casebase.workspace import Workspace
from app.services.cases.queries import CaseFilter, case_page
from app.services.mediation.deadlines import extend_deadline
from app.services.security.users import get_user
from app.services.uow import UnitOfWork
from app.store.models import Case, User
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


def test_acting_on_a_stale_case_shows_the_other_persons_change(qtbot: QtBot,
                                                               workspace: Workspace,
                                                               tasks: TaskRunner) -> None:
    received = case_page(workspace.db, ADMIN, CaseFilter(status="received"), 0, 1)[0]
    with UnitOfWork(workspace.db, ADMIN) as uow:
        uow.session.add(User(login="zhou", display_name="周主任", role="director"))
        uow.commit()
    director = get_user(workspace.db, "zhou")
    page = CasesPage(workspace, tasks)
    qtbot.addWidget(page)
    dialog = page.open_case(received.id)
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=10000)
    shown = dialog.detail
    assert shown is not None and shown.deadline is not None
    later = shown.deadline + timedelta(days=10)
    extend_deadline(workspace.db, director, received.id, later, "案情复杂", "周主任")

    dialog.record_refusal("不属于人民调解受理范围")
    qtbot.waitUntil(lambda: dialog.detail is not None and dialog.detail.deadline == later,
                    timeout=10000)
    assert "周主任" in dialog.message.text() and "办理期限" in dialog.message.text()
    assert dialog.detail.status == "received"
    dialog.record_refusal("不属于人民调解受理范围")
    qtbot.waitUntil(lambda: dialog.detail is not None and dialog.detail.status == "refused",
                    timeout=10000)


def test_long_facts_are_shown_whole(qtbot: QtBot, workspace: Workspace,
                                    tasks: TaskRunner) -> None:
    """A long 纠纷事实 is shown whole in a box of its own that scrolls (it used to be cut off)."""
    received = case_page(workspace.db, ADMIN, CaseFilter(status="received"), 0, 1)[0]
    facts = "申请人与被申请人系前后邻居，因宅基地边界及排水沟走向发生争执，" * 12
    with UnitOfWork(workspace.db, ADMIN) as uow:
        uow.session.get(Case, received.id).facts = facts  # type: ignore[union-attr]
        uow.commit()
    page = CasesPage(workspace, tasks)
    qtbot.addWidget(page)
    dialog = page.open_case(received.id)
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=10000)
    dialog.show()
    qtbot.waitExposed(dialog)

    def facts_box() -> QPlainTextEdit | None:
        return next((w for w in dialog.findChildren(QPlainTextEdit)
                     if w.toPlainText() == facts and w.isVisible()), None)

    # rows added to a window already on screen are shown by a queued call (QLayout)
    qtbot.waitUntil(lambda: facts_box() is not None, timeout=10000)
    shown = facts_box()
    assert shown is not None and shown.isReadOnly() and shown.isVisible()
    assert shown.height() >= 5 * shown.fontMetrics().lineSpacing()
    bar = shown.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert shown.cursorForPosition(shown.viewport().rect().bottomLeft()).block().text() == facts
