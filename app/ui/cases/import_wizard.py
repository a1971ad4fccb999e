"""案件 → 导入台账…: bring an office's old ledger in, step by step, seeing everything first.

Choose the file, sheet and organisation → correct which column is which
field → decide every written value the tables do not know → preview the
first cases as stored and every problem by row and column (and save the
problems into a copy of the ledger) → import, with a progress bar and
Cancel.  Reading, checking and importing run on the task runner; the import
is one transaction, so Cancel leaves nothing behind.  The corrections are
saved for the office and offered with its next ledger.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.domain.ledger_mapping import LedgerMapping
from app.domain.text import _
from app.services.casebase.opening import Database
from app.services.casebase.workspace import Workspace
from app.services.imports.plan import Survey, survey_ledger
from app.services.imports.run import import_ledger
from app.services.imports.saved import save_mapping, saved_mapping
from app.services.imports.types import (
    ImportCancelled,
    ImportPreview,
    ImportRequest,
    ImportResult,
)
from app.services.organisations import queries as organisation_queries
from app.services.organisations.queries import OrganisationRow
from app.services.security.users import UserInfo
from app.ui.app_errors import error_text
from app.ui.cases.import_pages import MappingPage, PreviewPage, ValuesPage
from app.ui.tasks import TaskRunner

LEDGER_FILES = "*.xlsx *.xls *.ods *.csv"


@dataclass
class ImportState:
    """What the wizard's pages share: the file, the organisation and the user's corrections."""

    path: str = ""
    sheet: str | None = None
    organisation: str | None = None
    mapping: LedgerMapping = field(default_factory=LedgerMapping)
    survey: Survey | None = None
    preview: ImportPreview | None = None
    match_name_phone: bool = False
    same_file_confirmed: bool = False

    def request(self) -> ImportRequest:
        """The import (or preview) as the pages have set it up."""
        return ImportRequest(self.path, self.sheet, self.mapping, self.organisation,
                             self.same_file_confirmed, self.match_name_phone)


def _open_ledger(db: Database, user: UserInfo, path: str, sheet: str | None,
                 organisation: str) -> tuple[LedgerMapping, Survey]:
    """The office's saved mapping and the ledger read under it (runs on a worker)."""
    mapping = saved_mapping(db, user, organisation)
    return mapping, survey_ledger(path, sheet, mapping)


class FilePage(QWizardPage):
    """Step 1: which file, which sheet, for which organisation."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(_("选择台账文件"))
        self.setSubTitle(_("支持 Excel（.xlsx、.xls）、WPS 或 LibreOffice（.ods）表格，"
                           "以及 CSV 文件"))
        self.path = QLineEdit()
        self.path.setReadOnly(True)
        browse = QPushButton(_("选择文件…"))
        browse.clicked.connect(self.browse)
        self.sheet = QComboBox()
        self.organisation = QComboBox()
        self.status = QLabel()
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow(_("台账文件"), row)
        form.addRow(_("工作表"), self.sheet)
        form.addRow(_("案件所属组织"), self.organisation)
        form.addRow(self.status)
        self.sheet.currentIndexChanged.connect(self._sheet_changed)
        self.organisation.currentIndexChanged.connect(self._reload)

    def initializePage(self) -> None:
        """Fill the organisations the user may import for."""
        if self.organisation.count() == 0:
            ws = self.wiz.workspace
            self.wiz.tasks.run(partial(organisation_queries.organisations, ws.db, ws.user),
                               self._fill_organisations, self._failed, owner=self)

    def _fill_organisations(self, orgs: list[OrganisationRow]) -> None:
        own = self.wiz.workspace.user.organisation_id
        self.organisation.blockSignals(True)
        for org in orgs:
            self.organisation.addItem(org.name, org.code)
            if org.id == own:
                self.organisation.setCurrentIndex(self.organisation.count() - 1)
        self.organisation.blockSignals(False)
        self._reload()

    def browse(self) -> None:
        """Ask for the ledger file."""
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("选择台账文件"), "", _("台账") + f" ({LEDGER_FILES})")
        if chosen:
            self.choose(chosen)

    def choose(self, path: str) -> None:
        """Use ``path`` as the ledger (first sheet)."""
        self.path.setText(path)
        self.wiz.state.path, self.wiz.state.sheet = path, None
        self.sheet.blockSignals(True)
        self.sheet.clear()
        self.sheet.blockSignals(False)
        self._reload()

    def _sheet_changed(self) -> None:
        self.wiz.state.sheet = self.sheet.currentText() or None
        self._reload()

    def _reload(self) -> None:
        state = self.wiz.state
        state.organisation = self.organisation.currentData()
        state.survey = None
        self.completeChanged.emit()
        if not state.path or state.organisation is None:
            return
        self.status.setText(_("正在读取台账…"))
        ws = self.wiz.workspace
        self.wiz.tasks.run(partial(_open_ledger, ws.db, ws.user, state.path, state.sheet,
                                   state.organisation), self._opened, self._failed, owner=self)

    def _opened(self, result: tuple[LedgerMapping, Survey]) -> None:
        mapping, survey = result
        state = self.wiz.state
        state.mapping, state.survey, state.sheet = mapping, survey, survey.sheet
        self.sheet.blockSignals(True)
        self.sheet.clear()
        self.sheet.addItems(list(survey.sheets))
        self.sheet.setCurrentText(survey.sheet)
        self.sheet.blockSignals(False)
        first, last = survey.header_rows[0], survey.header_rows[-1]
        rows = str(first) if first == last else f"{first}–{last}"
        self.status.setText(_("表头在第{rows}行，共 {n} 行数据").format(rows=rows, n=survey.rows))
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.wiz.state.survey = None
        self.status.setText(error_text(exc))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        """Ready once the ledger has been read for a chosen organisation."""
        return self.wiz.state.survey is not None


class RunPage(QWizardPage):
    """Step 5: the import itself, with a progress bar and Cancel."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(_("导入"))
        self.result: ImportResult | None = None
        self.cancel_event: threading.Event | None = None
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.cancel_button = QPushButton(_("取消导入"))
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        layout.addStretch(1)

    def initializePage(self) -> None:
        """Start the import."""
        self.result = None
        self.label.setText(_("正在导入…"))
        self.cancel_button.setEnabled(True)
        ws, request = self.wiz.workspace, self.wiz.state.request()
        self.cancel_event = self.wiz.tasks.run_with_progress(
            partial(import_ledger, ws.db, ws.user, request), self.progressed, self.done,
            self.failed)

    @property
    def running(self) -> bool:
        """Whether the import is still going."""
        return self.cancel_event is not None

    def progressed(self, done: int, total: int) -> None:
        """Move the bar."""
        self.bar.setMaximum(max(total, 1))
        self.bar.setValue(done)

    def cancel(self) -> None:
        """Ask the import to stop; it rolls back and reports."""
        if self.cancel_event is not None:
            self.cancel_event.set()
            self.label.setText(_("正在取消…"))
            self.cancel_button.setEnabled(False)

    def done(self, result: ImportResult) -> None:
        """Show what came in, save the office's mapping, let the wizard finish."""
        self.cancel_event, self.result = None, result
        self.cancel_button.setEnabled(False)
        counts = result.counts
        self.label.setText(_("已导入 {cases} 件案件（批次 {batch}），新建当事人 {parties} 名。"
                             "导入的对照已保存，下次导入本组织的台账时自动使用。").format(
            cases=counts.cases, batch=result.batch_id, parties=counts.parties_new))
        state, ws = self.wiz.state, self.wiz.workspace
        if state.organisation is not None:
            self.wiz.tasks.run(partial(save_mapping, ws.db, ws.user, state.organisation,
                                       state.mapping), None, self.failed, owner=self)
        self.wiz.imported.emit(result)
        self.completeChanged.emit()

    def failed(self, exc: BaseException) -> None:
        """Cancelled or refused: nothing was written, and the page says so."""
        self.cancel_event = None
        self.cancel_button.setEnabled(False)
        self.label.setText(str(ImportCancelled()) if isinstance(exc, ImportCancelled)
                           else error_text(exc))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        """Finish is offered once the import has ended, however it ended."""
        return self.cancel_event is None


class ImportWizard(QWizard):
    """The import wizard; ``imported`` carries the ImportResult."""

    imported = Signal(object)

    def __init__(self, workspace: Workspace, tasks: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.tasks = workspace, tasks
        self.state = ImportState()
        self.setWindowTitle(_("导入台账"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.resize(980, 680)
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.values_page = ValuesPage(self)
        self.preview_page = PreviewPage(self)
        self.run_page = RunPage(self)
        for page in (self.file_page, self.mapping_page, self.values_page, self.preview_page,
                     self.run_page):
            self.addPage(page)
        for button, text in ((QWizard.WizardButton.BackButton, _("< 上一步")),
                             (QWizard.WizardButton.NextButton, _("下一步 >")),
                             (QWizard.WizardButton.CommitButton, _("导入")),
                             (QWizard.WizardButton.FinishButton, _("完成")),
                             (QWizard.WizardButton.CancelButton, _("取消"))):
            self.setButtonText(button, text)

    def reject(self) -> None:
        """Closing while importing cancels the import first (nothing is left behind)."""
        if self.run_page.running:
            self.run_page.cancel()
            return
        super().reject()

    def default_copy_name(self) -> str:
        """Where the error copy is offered to go: beside the ledger, named after it."""
        source = Path(self.state.path)
        suffix = ".csv" if source.suffix.lower() in (".csv", ".txt") else ".xlsx"
        return str(source.with_name(source.stem + _("（错误）") + suffix))
