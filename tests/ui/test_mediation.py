"""From the GUI: mediate an assigned case to archive; the warning panel; the ledger; reopen."""

from __future__ import annotations

from datetime import date, timedelta

from pytestqt.qtbot import QtBot

from app.services.casebase.workspace import Workspace
from app.services.cases.queries import CaseFilter, case_page
from app.services.mediation.dashboard import warning_board
from app.services.mediation.performance import ledger
from app.ui.cases.detail_dialog import CaseDetailDialog
from app.ui.cases.page import CasesPage
from app.ui.mediation.warnings_page import WarningsPage
from app.ui.tasks import TaskRunner
from tests.services.fixtures import ADMIN


def _detail(qtbot: QtBot, workspace: Workspace, tasks: TaskRunner, status: str
            ) -> CaseDetailDialog:
    row = case_page(workspace.db, ADMIN, CaseFilter(status=status), 0, 1)[0]
    page = CasesPage(workspace, tasks)
    qtbot.addWidget(page)
    dialog = page.open_case(row.id)
    qtbot.waitUntil(lambda: dialog.mediation.progress is not None, timeout=10000)
    return dialog


def _wait_status(qtbot: QtBot, dialog: CaseDetailDialog, status: str) -> None:
    qtbot.waitUntil(lambda: dialog.detail is not None and dialog.detail.status == status
                    and dialog.mediation.progress is not None
                    and dialog.mediation.progress.status == status, timeout=10000)


def _timeline(dialog: CaseDetailDialog) -> str:
    return "\n".join(dialog.timeline.item(i).text() for i in range(dialog.timeline.count()))


def test_assigned_case_mediated_closed_and_archived(qtbot: QtBot, workspace: Workspace,
                                                    tasks: TaskRunner) -> None:
    dialog = _detail(qtbot, workspace, tasks, "assigned")
    bar = dialog.mediation
    assert bar.buttons["start"].isVisible() and not bar.buttons["archive"].isVisible()
    bar.buttons["start"].click()
    _wait_status(qtbot, dialog, "in_mediation")
    assert not bar.buttons["start"].isVisible()

    session = bar.open_session()
    session.save()
    qtbot.waitUntil(lambda: "调解经过" in session.errors.labels["record"].text(), timeout=5000)
    assert session.isVisible()
    session.place.setText("镇调解室")
    session.record.setPlainText("申请人要求赔偿，被申请人不同意，双方分歧较大。")
    session.rights_read.setChecked(True)
    session.save()
    qtbot.waitUntil(lambda: "调解会议：镇调解室" in _timeline(dialog), timeout=10000)

    outcome = bar.open_outcome()
    outcome.save()
    qtbot.waitUntil(lambda: "原因" in outcome.errors.labels["reason"].text(), timeout=5000)
    outcome.reason.setPlainText("双方对赔偿数额分歧过大，无法达成一致")
    outcome.guidance.setCurrentIndex(outcome.guidance.findData("arbitration"))
    outcome.save()
    _wait_status(qtbot, dialog, "not_agreed")
    assert bar.buttons["archive"].isVisible() and not bar.buttons["session"].isVisible()

    archive = bar.open_archive()
    assert "分歧过大" in archive.summary.toPlainText()
    archive.location.setText("档案室2号柜")
    archive.save()
    _wait_status(qtbot, dialog, "archived")
    assert "人调字第" in bar.summary.text() and "档案室2号柜" in bar.summary.text()
    text = _timeline(dialog)
    for step in ("已指派 → 调解中", "调解会议：镇调解室", "调解中 → 调解不成",
                 "引导申请仲裁", "调解不成 → 已归档"):
        assert step in text, text
    assert bar.buttons["reopen"].isVisible()
    bar.record_reopen("当事人补交证据材料")
    _wait_status(qtbot, dialog, "not_agreed")
    assert "重新打开已归档案件：当事人补交证据材料" in _timeline(dialog)


def test_refused_move_shows_its_reason(qtbot: QtBot, workspace: Workspace,
                                       tasks: TaskRunner) -> None:
    dialog = _detail(qtbot, workspace, tasks, "assigned")
    outcome = dialog.mediation.open_outcome()
    outcome.reason.setPlainText("分歧过大")
    outcome.save()
    qtbot.waitUntil(lambda: "尚未开始调解" in outcome.message.text(), timeout=5000)
    assert outcome.isVisible()


def test_warning_panel_lists_overdue_and_opens_the_case(qtbot: QtBot, workspace: Workspace,
                                                        tasks: TaskRunner) -> None:
    earliest = warning_board(workspace.db, ADMIN, date(2099, 1, 1)).overdue.rows[0].deadline
    assert earliest is not None
    today = earliest + timedelta(days=2)
    page = WarningsPage(workspace, tasks, today=lambda: today)
    qtbot.addWidget(page)
    counts: list[str] = []
    page.counted.connect(counts.append)
    page.load()
    qtbot.waitUntil(lambda: page.board is not None, timeout=10000)
    expected = warning_board(workspace.db, ADMIN, today)
    assert expected.overdue.total > 0
    table = page.tables["overdue"]
    assert table.rowCount() == len(expected.overdue.rows)
    assert table.item(0, 0).text() == expected.overdue.rows[0].number
    assert "已超期" in table.item(0, 6).text()
    assert f"已超期（{expected.overdue.total}）" == page.tabs.tabText(1)
    assert counts and "履行逾期" in counts[0]
    missed = page.tables["missed"]
    assert missed.rowCount() == len(expected.missed.rows) > 0
    assert "回访督促" in missed.item(0, 7).text()
    dialog = page.open_row("overdue", 0)
    assert isinstance(dialog, CaseDetailDialog)
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=10000)
    assert dialog.detail.number == expected.overdue.rows[0].number
    qtbot.waitUntil(lambda: dialog.mediation.progress is not None, timeout=10000)
    assert "期限" in dialog.mediation.summary.text()


def test_ledger_records_a_payment(qtbot: QtBot, workspace: Workspace,
                                  tasks: TaskRunner) -> None:
    board = warning_board(workspace.db, ADMIN, date.today())
    missed = next(r for r in board.missed.rows if r.outstanding)
    page = CasesPage(workspace, tasks)
    qtbot.addWidget(page)
    dialog = page.open_case(missed.case_id)
    qtbot.waitUntil(lambda: dialog.mediation.progress is not None, timeout=10000)
    window = dialog.mediation.open_ledger()
    qtbot.waitUntil(lambda: window.ledger is not None, timeout=10000)
    before = window.lines.rowCount()
    payment = window.open_payment()
    payment.obligation.setCurrentIndex(payment.obligation.findText(missed.obligation or "",
                                                                   flags=_contains()))
    payment.amount.setText("abc")
    payment.save()
    assert "数字" in payment.errors.labels["amount"].text()
    payment.amount.setText("100")
    payment.note.setText("现金，收条已存档")
    payment.save()
    qtbot.waitUntil(lambda: window.lines.rowCount() == before + 1, timeout=10000)
    book = ledger(workspace.db, ADMIN, missed.case_id)
    assert any(line.note == "现金，收条已存档" for o in book.obligations for line in o.lines)


def _contains() -> object:
    from PySide6.QtCore import Qt

    return Qt.MatchFlag.MatchContains


def test_followup_planned_and_recorded(qtbot: QtBot, workspace: Workspace,
                                                   tasks: TaskRunner) -> None:
    dialog = _detail(qtbot, workspace, tasks, "agreed")
    bar = dialog.mediation
    assert bar.buttons["schedule"].isVisible() and bar.buttons["ledger"].isVisible()
    bar.buttons["schedule"].click()
    qtbot.waitUntil(lambda: "待回访" in bar.summary.text(), timeout=10000)
    assert not bar.buttons["schedule"].isVisible()
    visit = bar.open_followup()
    visit.visitor.clear()
    visit.save()
    qtbot.waitUntil(lambda: "回访人" in visit.errors.labels["visitor"].text(), timeout=5000)
    visit.visitor.setText("王丽")
    visit.performance.setCurrentIndex(visit.performance.findData("performed"))
    visit.save()
    qtbot.waitUntil(lambda: "履行台账" in visit.errors.labels["performance"].text(),
                    timeout=5000)
    visit.performance.setCurrentIndex(visit.performance.findData("unperformed"))
    visit.notes.setPlainText("被申请人称月底前支付，已督促")
    visit.save()
    _wait_status(qtbot, dialog, "performing")
    assert "回访" in _timeline(dialog) and not bar.buttons["archive"].isVisible()


def test_admin_edits_deadline_rules(qtbot: QtBot, workspace: Workspace,
                                    tasks: TaskRunner) -> None:
    page = WarningsPage(workspace, tasks)
    qtbot.addWidget(page)
    assert not page.rules_button.isHidden()
    rules = page.open_rules()
    qtbot.waitUntil(lambda: rules.table.rowCount() == 3, timeout=10000)
    rules.source.setCurrentIndex(rules.source.findData("walk_in"))
    rules.days.setValue(20)
    rules.save()
    qtbot.waitUntil(lambda: rules.table.rowCount() == 4, timeout=10000)
    assert "已保存" in rules.message.text()
