"""The documents area in the GUI: agreement editor, judicial confirmation, documents, printing."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QTableWidgetItem
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.domain.document_kinds import COMMITTEE_KINDS
from app.services.agreements import agreement as agreements
from app.services.casebase.workspace import Workspace
from app.services.documents.records import list_documents
from app.services.mediation import archive, followups, performance
from app.store.models import Case, Organisation
from app.ui.cases.detail_dialog import CaseDetailDialog
from app.ui.documents.agreement_editor import AgreementEditorDialog
from app.ui.documents.batch_print import BatchPrintDialog
from app.ui.documents.confirmation_dialog import ConfirmationDialog
from app.ui.documents.panel import DocumentsDialog
from app.ui.documents.printing import a4_printer
from app.ui.tasks import TaskRunner
from tests.services.fixtures import ADMIN


def _case(workspace: Workspace, status: str) -> int:
    """A case in ``status`` handled by a people's mediation committee (which issues every paper)."""
    with workspace.db.session() as s:
        case_id = s.execute(
            select(Case.id).join(Organisation, Organisation.id == func.coalesce(
                Case.current_organisation_id, Case.organisation_id))
            .where(Case.status == status, Organisation.kind.in_(COMMITTEE_KINDS))
            .order_by(Case.id)).scalars().first()
    assert case_id is not None
    return case_id


def _agree(workspace: Workspace, case_id: int, signed_on: date) -> None:
    info = agreements.load_agreement(workspace.db, ADMIN, case_id)
    debtor, creditor = info.parties[-1].party_id, info.parties[0].party_id
    agreements.save_agreement(workspace.db, ADMIN, case_id, agreements.AgreementInput(
        "written", "双方因排水沟堵塞发生争执。", "损失由谁承担。", "被申请人负主要责任。",
        (agreements.ObligationInput(debtor, creditor, "money", "赔偿款", Decimal("6007.14"),
                                    signed_on + timedelta(days=10), "银行转账"),),
        signed_on), info.version)


def _fill(editor: AgreementEditorDialog, row: int, column: int, text: str) -> None:
    editor.obligations.setItem(row, column, QTableWidgetItem(text))


def test_the_editor_saves_instalments_and_the_case_reaches_agreement(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner) -> None:
    case_id = _case(workspace, "in_mediation")
    editor = AgreementEditorDialog(workspace, tasks, case_id)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitUntil(lambda: editor.save_button.isEnabled(), timeout=10000)
    assert editor.obligations.rowCount() == 1
    editor.facts.setPlainText("双方因排水沟堵塞发生争执。")
    editor.disputed.setPlainText("损失由谁承担。")
    _fill(editor, 0, 3, "赔偿款")
    _fill(editor, 0, 4, "10000")
    _fill(editor, 0, 6, "银行转账")
    editor.save()
    qtbot.waitUntil(lambda: "各方责任" in editor.message.text(), timeout=10000)
    editor.responsibilities.setPlainText("被申请人负主要责任。")
    editor.obligations.setCurrentCell(0, 3)
    editor.parts.setValue(3)
    editor.split_obligation()
    values = editor.obligations.values()
    assert [v.amount for v in values] == [Decimal("3333.33"), Decimal("3333.33"),
                                          Decimal("3333.34")]
    assert values[1].description == "第二期赔偿款"
    saved: list[object] = []
    editor.saved.connect(saved.append)
    editor.save()
    qtbot.waitUntil(lambda: bool(saved), timeout=10000)
    stored = agreements.load_agreement(workspace.db, ADMIN, case_id)
    assert stored.status == "agreed" and stored.agreement is not None
    assert len(stored.agreement.obligations) == 3


def test_the_case_warns_when_the_confirmation_deadline_is_near(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner) -> None:
    case_id = _case(workspace, "in_mediation")
    _agree(workspace, case_id, date.today() - timedelta(days=26))
    dialog = CaseDetailDialog(workspace, tasks, case_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: "仅剩4天" in dialog.documents.deadline.text(), timeout=10000)
    assert "#b26a00" in dialog.documents.deadline.styleSheet()
    child = dialog.documents.open_confirmation()
    assert isinstance(child, ConfirmationDialog)
    qtbot.waitUntil(lambda: "仅剩4天" in child.deadline.text(), timeout=10000)
    child.close()


def test_confirmation_is_recorded_and_a_passed_deadline_is_shown(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner) -> None:
    case_id = _case(workspace, "in_mediation")
    signed = date.today() - timedelta(days=3)
    _agree(workspace, case_id, signed)
    late = ConfirmationDialog(workspace, tasks, case_id, today=signed + timedelta(days=31))
    qtbot.addWidget(late)
    qtbot.waitUntil(lambda: "已于" in late.deadline.text(), timeout=10000)
    assert "#b00020" in late.deadline.styleSheet()
    dialog = ConfirmationDialog(workspace, tasks, case_id)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.apply_button.isEnabled(), timeout=10000)
    assert dialog.court.text()
    changes: list[bool] = []
    dialog.changed.connect(lambda: changes.append(True))
    dialog.record_application()
    qtbot.waitUntil(lambda: dialog.decide_button.isEnabled(), timeout=10000)
    dialog.ruling.setText("（2026）浙0225民特5号")
    dialog.record_decision()
    qtbot.waitUntil(lambda: "强制执行力" in dialog.status.text(), timeout=10000)
    assert not dialog.apply_button.isEnabled() and len(changes) == 2


def _generate_application(qtbot: QtBot, workspace: Workspace, tasks: TaskRunner,
                          case_id: int) -> DocumentsDialog:
    panel = DocumentsDialog(workspace, tasks, case_id)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: panel.kind.findData("judicial-confirmation") >= 0, timeout=10000)
    panel.kind.setCurrentIndex(panel.kind.findData("judicial-confirmation"))
    panel.generate()
    qtbot.waitUntil(lambda: "正在生成" not in panel.message.text(), timeout=15000)
    return panel


def test_the_application_is_refused_after_day_30_and_warned_in_the_last_week(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner) -> None:
    case_id = _case(workspace, "in_mediation")
    signed = date.today() - timedelta(days=31)
    _agree(workspace, case_id, signed)
    late = _generate_application(qtbot, workspace, tasks, case_id)
    last = signed + timedelta(days=30)
    assert f"{last.year}年{last.month}月{last.day}日" in late.message.text()
    assert "起诉" in late.message.text() and late.table.rowCount() == 0
    _agree(workspace, case_id, date.today() - timedelta(days=26))
    near = _generate_application(qtbot, workspace, tasks, case_id)
    qtbot.waitUntil(lambda: near.table.rowCount() == 1, timeout=10000)
    assert "仅剩4天" in near.message.text()


def test_documents_are_generated_listed_and_batch_printed(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner, tmp_path: Path) -> None:
    case_id = _case(workspace, "in_mediation")
    _agree(workspace, case_id, date.today())
    panel = DocumentsDialog(workspace, tasks, case_id)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: panel.kind.count() > 0, timeout=10000)
    panel.kind.setCurrentIndex(panel.kind.findData("agreement"))
    panel.generate()
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=15000)
    assert panel.table.item(0, 0).text() == "人民调解协议书"
    assert len(panel.table.item(0, 5).text()) == 64
    batch = BatchPrintDialog(workspace, tasks, panel.batch_jobs(), panel)
    qtbot.addWidget(batch)
    printer = a4_printer(QPrinter())
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    pages: list[int] = []
    batch.finished_printing.connect(pages.append)
    batch.start(printer)
    qtbot.waitUntil(lambda: bool(pages), timeout=30000)
    assert pages[0] >= len(panel.batch_jobs())
    assert batch.bar.value() == len(panel.batch_jobs())
    assert (tmp_path / "printed.pdf").stat().st_size > 10000
    assert len(list_documents(workspace.db, ADMIN, case_id)) == 1 + len(panel.batch_jobs())


def test_a_cancelled_batch_prints_only_what_was_generated(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner, tmp_path: Path) -> None:
    case_id = _case(workspace, "followed_up")
    jobs = [(case_id, "application")] * 6
    batch = BatchPrintDialog(workspace, tasks, jobs)
    qtbot.addWidget(batch)
    printer = a4_printer(QPrinter())
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    pages: list[int] = []
    batch.finished_printing.connect(pages.append)
    batch.start(printer)
    batch.cancel()
    qtbot.waitUntil(lambda: bool(pages), timeout=30000)
    assert "已取消" in batch.label.text()
    assert len(list_documents(workspace.db, ADMIN, case_id)) < 6


def test_print_preview_paints_the_stored_pdf(qtbot: QtBot, workspace: Workspace,
                                             tasks: TaskRunner) -> None:
    from app.documents.generation import generate
    from app.ui.documents.printing import preview_dialog

    case_id = _case(workspace, "followed_up")
    content = generate(workspace.db, ADMIN, case_id, "intake-form", "pdf").content
    dialog = preview_dialog([content])
    qtbot.addWidget(dialog)
    painted: list[object] = []
    dialog.paintRequested.connect(painted.append)
    dialog.open()
    qtbot.waitUntil(lambda: bool(painted), timeout=10000)
    dialog.close()


def test_an_archived_case_shows_no_deadline_and_locks_the_agreement(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner) -> None:
    case_id = _case(workspace, "in_mediation")
    _agree(workspace, case_id, date.today() - timedelta(days=5))
    followup = followups.FollowUpInput(date.today(), "王调解", "visit", "performed")
    ledger = performance.ledger(workspace.db, ADMIN, case_id, date.today())
    for line in ledger.obligations:
        performance.record_performance(workspace.db, ADMIN, line.id, date.today(),
                                       line.amount, today=date.today())
    followups.record_followup(workspace.db, ADMIN, case_id, followup, date.today())
    archive.archive_case(workspace.db, ADMIN, case_id, "档案室A柜", "good", "协议已履行",
                         date.today())
    dialog = CaseDetailDialog(workspace, tasks, case_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=10000)
    qtbot.waitUntil(lambda: not dialog.documents.agreement.isEnabled(), timeout=10000)
    assert dialog.documents.deadline.text() == ""
    assert dialog.documents.documents.isEnabled()
