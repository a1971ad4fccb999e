"""The import wizard and the export dialog, driven offscreen on the demo county."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QWizard
from pytestqt.qtbot import QtBot

from app.services.casebase.workspace import Workspace
from app.services.cases import queries as case_queries
from app.services.cases.queries import CaseFilter
from app.ui.cases.export_dialog import ExportDialog
from app.ui.cases.import_wizard import ImportWizard
from app.ui.cases.page import CasesPage
from app.ui.tasks import TaskRunner
from tests.services.import_fixtures import BAD_CHEN, messy_ledger

TIMEOUT = 20000


def _page(qtbot: QtBot, workspace: Workspace, tasks: TaskRunner) -> CasesPage:
    page = CasesPage(workspace, tasks)
    qtbot.addWidget(page)
    page.show()
    page.load()
    qtbot.waitUntil(lambda: page.model.total() > 0, timeout=TIMEOUT)
    return page


def _with_ledger(qtbot: QtBot, workspace: Workspace, tasks: TaskRunner,
                 ledger: Path) -> ImportWizard:
    """A wizard shown with ``ledger`` chosen and read (its first page complete)."""
    wizard = ImportWizard(workspace, tasks)
    qtbot.addWidget(wizard)
    wizard.show()
    files = wizard.file_page
    qtbot.waitUntil(lambda: files.organisation.count() > 0, timeout=TIMEOUT)
    files.choose(str(ledger))
    qtbot.waitUntil(files.isComplete, timeout=TIMEOUT)
    return wizard


def _to_preview(qtbot: QtBot, wizard: ImportWizard, ledger: Path) -> None:
    files = wizard.file_page
    qtbot.waitUntil(lambda: files.organisation.count() > 0, timeout=TIMEOUT)
    files.choose(str(ledger))
    qtbot.waitUntil(files.isComplete, timeout=TIMEOUT)
    assert "表头在第3–4行" in files.status.text()
    wizard.next()
    mapping = wizard.mapping_page
    assert mapping.table.rowCount() == 15 and mapping.isComplete()
    fields = mapping.table.cellWidget(4, 2)
    assert isinstance(fields, QComboBox) and fields.currentData() == "applicant.id_number"
    wizard.next()
    assert wizard.values_page.isComplete()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.preview_page.preview is not None, timeout=TIMEOUT)


def test_a_ledger_goes_in_through_the_wizard(qtbot: QtBot, workspace: Workspace,
                                              tasks: TaskRunner, tmp_path: Path) -> None:
    page = _page(qtbot, workspace, tasks)
    before = page.model.total()
    wizard = page.open_import()
    _to_preview(qtbot, wizard, messy_ledger(tmp_path / "台账.xlsx"))
    preview = wizard.preview_page
    assert preview.isComplete() and preview.rows.rowCount() == 6
    assert "共 6 件案件可以导入" in preview.summary.text()
    wizard.next()
    run = wizard.run_page
    qtbot.waitUntil(lambda: run.result is not None, timeout=TIMEOUT)
    assert "已导入 6 件案件" in run.label.text()
    qtbot.waitUntil(lambda: page.model.total() == before + 6, timeout=TIMEOUT)
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()


def test_problems_are_shown_by_row_and_saved_into_a_copy(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner, tmp_path: Path) -> None:
    wizard = ImportWizard(workspace, tasks)
    qtbot.addWidget(wizard)
    wizard.show()
    _to_preview(qtbot, wizard, messy_ledger(tmp_path / "台账.xlsx", chen_id=BAD_CHEN))
    preview = wizard.preview_page
    assert not preview.isComplete()
    row, column = preview.problems.item(0, 0), preview.problems.item(0, 1)
    assert row is not None and column is not None
    assert (row.text(), column.text()) == ("7", "申请人身份证号码")
    target = tmp_path / "台账（错误）.xlsx"
    preview.write_copy(str(target))
    qtbot.waitUntil(target.exists, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: "写入副本" in preview.summary.text(), timeout=TIMEOUT)


def test_cancel_leaves_nothing_behind(qtbot: QtBot, workspace: Workspace, tasks: TaskRunner,
                                      tmp_path: Path) -> None:
    import csv

    from tests.services.import_fixtures import csv_ledger

    ledger = csv_ledger(tmp_path / "大台账.csv", "utf-8-sig")
    rows = list(csv.reader(ledger.read_text(encoding="utf-8-sig").splitlines()))
    template = rows[4]
    with ledger.open("a", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        for n in range(3000):
            writer.writerow([str(n), "", "2023-05-07", f"甲{n}", "", "", f"乙{n}", "", "",
                             *template[9:]])
    count = case_queries.count_cases(workspace.db, workspace.user, CaseFilter())
    wizard = _with_ledger(qtbot, workspace, tasks, ledger)
    for _step in range(3):
        wizard.next()
    qtbot.waitUntil(wizard.preview_page.isComplete, timeout=TIMEOUT)
    wizard.next()
    wizard.reject()
    qtbot.waitUntil(lambda: not wizard.run_page.running, timeout=TIMEOUT)
    assert "没有写入任何数据" in wizard.run_page.label.text()
    assert case_queries.count_cases(workspace.db, workspace.user, CaseFilter()) == count


def test_export_writes_the_list_as_filtered(qtbot: QtBot, workspace: Workspace,
                                            tasks: TaskRunner, tmp_path: Path) -> None:
    page = _page(qtbot, workspace, tasks)
    page.status_filter.setCurrentIndex(page.status_filter.findData("agreed"))
    qtbot.waitUntil(lambda: page.model.total() > 0, timeout=TIMEOUT)
    dialog = page.open_export()
    assert isinstance(dialog, ExportDialog)
    target = tmp_path / "list.csv"
    dialog.format.setCurrentIndex(dialog.format.findData("xlsx"))
    dialog.start(str(target))  # the name says CSV: the clerk gets CSV, the box follows
    assert dialog.format.currentData() == "csv"
    qtbot.waitUntil(lambda: "已导出" in dialog.status.text(), timeout=TIMEOUT)
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 1 + page.model.total()
    assert all(",达成协议," in line for line in lines[1:])


def test_a_ledger_with_no_case_rows_cannot_be_imported(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner, tmp_path: Path) -> None:
    import xlsxwriter

    ledger = tmp_path / "空台账.xlsx"
    book = xlsxwriter.Workbook(str(ledger))
    book.add_worksheet().write_row(0, 0, ["登记日期", "申请人", "被申请人", "纠纷类别", "调解结果"])
    book.close()
    wizard = _with_ledger(qtbot, workspace, tasks, ledger)
    wizard.next()
    assert wizard.mapping_page.isComplete()
    wizard.next()
    wizard.next()
    preview = wizard.preview_page
    qtbot.waitUntil(lambda: preview.preview is not None, timeout=TIMEOUT)
    assert not preview.isComplete()
    assert preview.summary.text() == "台账中没有可导入的案件：表头下面没有案件行"


def test_an_export_name_without_a_format_gets_the_chosen_one(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner, tmp_path: Path) -> None:
    page = _page(qtbot, workspace, tasks)
    dialog = page.open_export()
    assert isinstance(dialog, ExportDialog)
    dialog.format.setCurrentIndex(dialog.format.findData("xlsx"))
    dialog.start(str(tmp_path / "清单"))
    qtbot.waitUntil(lambda: "已导出" in dialog.status.text(), timeout=TIMEOUT)
    assert (tmp_path / "清单.xlsx").read_bytes()[:2] == b"PK"


def test_an_export_into_a_missing_folder_is_one_line(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner, tmp_path: Path) -> None:
    page = _page(qtbot, workspace, tasks)
    dialog = page.open_export()
    assert isinstance(dialog, ExportDialog)
    dialog.show()
    dialog.start(str(tmp_path / "没有的文件夹" / "清单.xlsx"))
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled(), timeout=TIMEOUT)
    assert dialog.status.text().startswith("文件夹不存在：")
    assert not dialog.bar.isVisible() and not (tmp_path / "没有的文件夹").exists()
