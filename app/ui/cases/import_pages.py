"""The middle steps of the import wizard: columns, values, and the preview with every problem.

Each step shows what the synonym tables proposed and lets the user correct
it; a correction re-reads the ledger (on the task runner) so the next step
always shows the ledger as it will be read.  Nothing is guessed: a column
the tables do not know is not imported unless the user says what it is,
and a value they do not know must be decided before the preview.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from app import i18n
from app.domain.codes import CATEGORIES, label
from app.domain.ledger_fields import BY_KEY, FIELDS, VOCABULARIES
from app.domain.text import N_, _
from app.domain.workflow import STATUS_LABELS, CaseStatus
from app.reports.ledger_errors import write_error_copy
from app.services.imports.plan import Survey, survey_ledger
from app.services.imports.run import preview_ledger
from app.services.imports.types import NO_CASES, ImportPreview
from app.ui.app_errors import error_text

if TYPE_CHECKING:
    from app.ui.cases.import_wizard import ImportWizard

UNKNOWN = QColor("#fde7e9")
EMPTY_ALLOWED = frozenset({"gender", "risk"})
"""Coded fields a written value may be mapped to "leave empty" in."""
VOCAB_NAMES = {"category": N_("纠纷类型"), "source": N_("纠纷来源"), "risk": N_("风险等级"),
               "gender": N_("性别"), "result": N_("调解结果")}


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


class MappingPage(QWizardPage):
    """Step 2: which ledger column is which field."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(_("核对列对照"))
        self.setSubTitle(_("每一列按列名自动对应到字段；对应错了或没有对应上的，请在“导入为”中选择"))
        self.header_row = QSpinBox()
        self.header_row.setRange(0, 30)
        self.header_row.setSpecialValueText(_("自动"))
        self.header_row.valueChanged.connect(self._header_changed)
        self.missing = QLabel()
        self.missing.setStyleSheet("color: #b00020;")
        self.table = _table([_("台账中的列"), _("示例"), _("导入为")])
        top = QHBoxLayout()
        top.addWidget(QLabel(_("表头所在行")))
        top.addWidget(self.header_row)
        top.addStretch(1)
        top.addWidget(self.missing)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self._loading = False

    def initializePage(self) -> None:
        """Show the columns as the ledger was read."""
        self._show(self.wiz.state.survey)

    def _show(self, survey: Survey | None) -> None:
        if survey is None:
            return
        self.table.setRowCount(len(survey.columns))
        for row, column in enumerate(survey.columns):
            self.table.setItem(row, 0, QTableWidgetItem(column.label or _("（无列名）")))
            self.table.setItem(row, 1, QTableWidgetItem("；".join(column.samples)))
            combo = QComboBox()
            combo.addItem(_("（不导入）"), None)
            for item in FIELDS:
                combo.addItem(_(item.label), item.key)
            combo.setCurrentIndex(max(combo.findData(column.field), 0))
            combo.currentIndexChanged.connect(partial(self._field_changed, column.key, combo))
            self.table.setCellWidget(row, 2, combo)
        self._show_missing(survey)

    def _show_missing(self, survey: Survey) -> None:
        names = "、".join(_(BY_KEY[k].label) for k in survey.missing)
        self.missing.setText(_("缺少：{fields}").format(fields=names) if names else "")
        self.completeChanged.emit()

    def _field_changed(self, key: str, combo: QComboBox) -> None:
        state = self.wiz.state
        columns = dict(state.mapping.columns)
        columns[key] = combo.currentData()
        state.mapping = replace(state.mapping, columns=columns)
        self._resurvey(rebuild=False)

    def _header_changed(self, value: int) -> None:
        state = self.wiz.state
        state.mapping = replace(state.mapping, header_row=value or None)
        self._resurvey(rebuild=True)

    def _resurvey(self, rebuild: bool) -> None:
        state = self.wiz.state
        self._loading = True
        self.completeChanged.emit()
        done = self._rebuilt if rebuild else self._updated
        self.wiz.tasks.run(partial(survey_ledger, state.path, state.sheet, state.mapping),
                           done, self._failed, owner=self)

    def _updated(self, survey: Survey) -> None:
        self._loading = False
        self.wiz.state.survey = survey
        self._show_missing(survey)

    def _rebuilt(self, survey: Survey) -> None:
        self._updated(survey)
        self._show(survey)

    def _failed(self, exc: BaseException) -> None:
        self._loading = False
        self.missing.setText(error_text(exc))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        """Every required field has a column and the ledger has been re-read."""
        survey = self.wiz.state.survey
        return not self._loading and survey is not None and not survey.missing


class ValuesPage(QWizardPage):
    """Step 3: what each written value of a coded column means; unknown ones first."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(_("核对取值对照"))
        self.setSubTitle(_("台账里的写法对应到本系统的分类。标红的写法不认识，请逐一选择；"
                           "其余的可以改正"))
        self.table = _table([_("字段"), _("台账中的写法"), _("行数"), _("对应为")])
        self.combos: list[tuple[str, str, QComboBox]] = []
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)

    def initializePage(self) -> None:
        """List every written value, unknown ones at the top."""
        survey = self.wiz.state.survey
        values = sorted(survey.values if survey else (), key=lambda v: (v.known, v.vocab))
        self.table.setRowCount(len(values))
        self.combos = []
        for row, value in enumerate(values):
            cells = [_(VOCAB_NAMES.get(value.vocab, value.vocab)), value.written, str(value.count)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if not value.known:
                    item.setBackground(QBrush(UNKNOWN))
                self.table.setItem(row, col, item)
            combo = QComboBox()
            if not value.known:
                combo.addItem(_("请选择…"), "")
            if value.vocab in EMPTY_ALLOWED:
                combo.addItem(_("（留空）"), None)
            for code, text in VOCABULARIES[value.vocab].items():
                combo.addItem(_(text), code)
            if value.known:
                combo.setCurrentIndex(max(combo.findData(value.code), 0))
            combo.currentIndexChanged.connect(self._changed)
            self.table.setCellWidget(row, 3, combo)
            self.combos.append((value.vocab, value.written, combo))
        self.completeChanged.emit()

    def _changed(self) -> None:
        self.completeChanged.emit()

    def validatePage(self) -> bool:
        """Keep every choice in the mapping the preview and import use."""
        values = {k: dict(v) for k, v in self.wiz.state.mapping.values.items()}
        for vocab, written, combo in self.combos:
            values.setdefault(vocab, {})[written] = combo.currentData()
        self.wiz.state.mapping = replace(self.wiz.state.mapping, values=values)
        return True

    def isComplete(self) -> bool:
        """Every unknown value has been decided."""
        return all(combo.currentData() != "" for _v, _w, combo in self.combos)


class PreviewPage(QWizardPage):
    """Step 4: the first cases as stored, and every problem by row and column."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(_("预览"))
        self.setCommitPage(True)
        self.preview: ImportPreview | None = None
        self.cancel_event: threading.Event | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.bar = QProgressBar()
        self.match = QCheckBox(_("没有证件号码的当事人，与名册中姓名和电话都相同的视为同一人"))
        self.match.toggled.connect(self._options_changed)
        self.confirm = QCheckBox(_("确认再次导入这个文件"))
        self.confirm.toggled.connect(self._options_changed)
        self.confirm.hide()
        self.rows = _table([_("行"), _("案号"), _("受理日期"), _("申请人"), _("被申请人"),
                            _("纠纷类型"), _("调解结果"), _("涉及金额")])
        self.problems = _table([_("行"), _("列"), _("问题")])
        self.save_errors = QPushButton(_("把错误另存为副本（加一列“导入错误”）…"))
        self.save_errors.clicked.connect(self.save_copy)
        self.save_errors.setEnabled(False)
        layout = QVBoxLayout(self)
        for widget in (self.summary, self.bar, self.match, self.confirm, self.rows,
                       self.problems, self.save_errors):
            layout.addWidget(widget)

    def initializePage(self) -> None:
        """Check the whole ledger as it will be imported."""
        self._run()

    def _options_changed(self) -> None:
        state = self.wiz.state
        state.match_name_phone, state.same_file_confirmed = (self.match.isChecked(),
                                                             self.confirm.isChecked())
        if self.sender() is self.match:
            self._run()
        else:
            self.completeChanged.emit()

    def _run(self) -> None:
        self.preview = None
        self.summary.setText(_("正在检查台账…"))
        self.completeChanged.emit()
        ws, request = self.wiz.workspace, self.wiz.state.request()
        self.cancel_event = self.wiz.tasks.run_with_progress(
            partial(preview_ledger, ws.db, ws.user, request), self._progressed, self._shown,
            self._failed)

    def _progressed(self, done: int, total: int) -> None:
        self.bar.setMaximum(max(total, 1))
        self.bar.setValue(done)

    def _shown(self, preview: ImportPreview) -> None:
        self.cancel_event = None
        self.preview = self.wiz.state.preview = preview
        c = preview.counts
        text = _("共 {cases} 件案件可以导入：{agreements} 件调解成功，{numbered} 件将在导入时编号；"
                 "新建当事人 {new} 名，沿用名册中的 {found} 名。").format(
            cases=c.cases, agreements=c.agreements, numbered=c.numbers_assigned, new=c.parties_new,
            found=c.parties_found + c.name_phone_merged)
        if preview.problem_count:
            text = _("发现 {n} 处错误，改正后才能导入。").format(n=preview.problem_count) + text
        elif not c.cases:
            text = _(NO_CASES)
        if preview.skipped:
            text += _("跳过 {n} 行（合计、签名等）。").format(n=len(preview.skipped))
        if c.name_phone_offers:
            text += _("{n} 名当事人与名册中姓名、电话相同。").format(n=c.name_phone_offers)
        self.summary.setText(text)
        self.confirm.setVisible(preview.earlier is not None)
        if preview.earlier is not None:
            self.confirm.setText(_("这个文件已于 {at} 由 {user} 导入过；确认再次导入").format(
                at=preview.earlier.imported_at.strftime("%Y-%m-%d %H:%M"),
                user=preview.earlier.imported_by))
        self._fill_rows(preview)
        self.problems.setRowCount(len(preview.problems) + len(preview.warnings))
        for row, problem in enumerate((*preview.problems, *preview.warnings)):
            for col, text in enumerate((str(problem.row) if problem.row else "", problem.column,
                                        problem.message)):
                self.problems.setItem(row, col, QTableWidgetItem(text))
        self.save_errors.setEnabled(bool(preview.problems))
        self.completeChanged.emit()

    def _fill_rows(self, preview: ImportPreview) -> None:
        self.rows.setRowCount(len(preview.rows))
        for row, item in enumerate(preview.rows):
            amount = "" if item.amount is None else i18n.format_number(item.amount)
            cells = (str(item.row), item.number, i18n.format_date(item.received_at.date()),
                     item.applicants, item.respondents, label(CATEGORIES, item.category),
                     _(STATUS_LABELS[CaseStatus(item.status)]), amount)
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if col == 1 and item.number_on_import:
                    cell.setToolTip(_("台账中没有案号，导入时编号"))
                if col == 7:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.rows.setItem(row, col, cell)

    def _failed(self, exc: BaseException) -> None:
        self.cancel_event = None
        self.summary.setText(error_text(exc))
        self.completeChanged.emit()

    def save_copy(self) -> None:
        """Write the ledger with an error column where the user chooses."""
        target, _filter = QFileDialog.getSaveFileName(self, _("把错误另存为"),
                                                      self.wiz.default_copy_name())
        if target:
            self.write_copy(target)

    def write_copy(self, target: str) -> None:
        """Write the error copy to ``target`` in the background."""
        state, preview = self.wiz.state, self.preview
        if preview is None or state.survey is None:
            return
        self.wiz.tasks.run(partial(write_error_copy, state.path, state.sheet, preview.problems,
                                   state.survey.header_rows, target),
                           self._copy_written, self._failed, owner=self)

    def _copy_written(self, rows: int) -> None:
        self.summary.setText(self.summary.text() + _("已把 {n} 行的错误写入副本。").format(n=rows))

    def isComplete(self) -> bool:
        """Importable: no problem, and a repeated file confirmed."""
        p = self.preview
        return (p is not None and p.ok
                and (p.earlier is None or self.wiz.state.same_file_confirmed))

