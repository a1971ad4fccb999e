"""The agreement editor (调解协议): facts, disputed matters, responsibilities, terms.

The parties come from the case, so a debtor or creditor can only be someone
who took part.  Saving checks every element the law requires and, for a case
still in mediation, records that agreement was reached; the service does
both in one transaction on a worker thread, and the dialog shows the one
sentence that explains a refusal.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ValidationError
from app.domain.text import _
from app.services.agreements.agreement import (
    AgreementInfo,
    AgreementInput,
    load_agreement,
    save_agreement,
)
from app.services.casebase.workspace import Workspace
from app.ui.app_errors import error_text
from app.ui.date_edit import picked, qdate
from app.ui.documents.obligations import ObligationsTable
from app.ui.shortcuts import make_primary
from app.ui.tasks import TaskRunner


def _text_box(lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setFixedHeight(22 * lines + 12)
    return box


class AgreementEditorDialog(QDialog):
    """Edit and save the case's agreement; emits ``saved`` with the stored agreement."""

    saved = Signal(object)

    def __init__(self, workspace: Workspace, tasks: TaskRunner, case_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.tasks, self.case_id = workspace, tasks, case_id
        self.info: AgreementInfo | None = None
        self.setWindowTitle(_("调解协议"))
        self.resize(980, 760)
        self.form_kind = QComboBox()
        self.form_kind.addItem(_("书面协议（人民调解协议书）"), "written")
        self.form_kind.addItem(_("口头协议（登记表）"), "oral")
        self.signed_on = QDateEdit(QDate.currentDate())
        self.signed_on.setCalendarPopup(True)
        self.signed_on.setDisplayFormat("yyyy-MM-dd")
        self.copies = QSpinBox()
        self.copies.setRange(0, 20)
        self.copies.setSpecialValueText(_("自动（当事人数＋1）"))
        self.facts, self.disputed = _text_box(4), _text_box(2)
        self.responsibilities, self.terms = _text_box(2), _text_box(2)
        self.parties_label = QLabel()
        self.parties_label.setWordWrap(True)
        self.obligations = ObligationsTable()
        self.parts = QSpinBox()
        self.parts.setRange(2, 24)
        self.parts.setValue(3)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.save_button = QPushButton()
        make_primary(self, self.save_button, _("保存协议"), saves=True)
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        form = QFormLayout()
        form.addRow(_("当事人"), self.parties_label)
        form.addRow(_("协议形式"), self.form_kind)
        form.addRow(_("签订日期"), self.signed_on)
        form.addRow(_("协议份数"), self.copies)
        form.addRow(_("纠纷主要事实"), self.facts)
        form.addRow(_("争议事项"), self.disputed)
        form.addRow(_("各方责任"), self.responsibilities)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(_("协议内容（每行一项义务；分期履行请拆成多行）")))
        layout.addWidget(self.obligations, 1)
        row_buttons = QHBoxLayout()
        for text, slot in ((_("添加一项"), self.add_obligation),
                           (_("删除选中项"), self.remove_obligation)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            row_buttons.addWidget(button)
        row_buttons.addWidget(QLabel(_("期数")))
        row_buttons.addWidget(self.parts)
        split = QPushButton(_("按期拆分选中项"))
        split.clicked.connect(self.split_obligation)
        row_buttons.addWidget(split)
        row_buttons.addStretch(1)
        layout.addLayout(row_buttons)
        layout.addWidget(QLabel(_("其他约定（每行一条，排在各项义务之后）")))
        layout.addWidget(self.terms)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        cancel = QPushButton(_("关闭"))
        cancel.clicked.connect(self.reject)
        bottom.addWidget(self.save_button)
        bottom.addWidget(cancel)
        layout.addLayout(bottom)
        db, user = workspace.db, workspace.user
        self.tasks.run(partial(load_agreement, db, user, case_id), self.show_info,
                       self.show_error, owner=self)

    def show_info(self, info: AgreementInfo) -> None:
        """Fill the editor from the stored agreement (or the case alone when there is none)."""
        self.info = info
        self.setWindowTitle(_("调解协议 — {number}").format(number=info.case_number))
        self.parties_label.setText("；".join(p.name for p in info.parties))
        a = info.agreement
        if a is not None:
            self.form_kind.setCurrentIndex(max(self.form_kind.findData(a.form), 0))
            self.signed_on.setDate(qdate(a.signed_on))
            self.copies.setValue(a.copies or 0)
            self.facts.setPlainText(a.facts)
            self.disputed.setPlainText(a.disputed_matters)
            self.responsibilities.setPlainText(a.responsibilities)
            self.terms.setPlainText(a.terms or "")
        self.obligations.set_values(info.parties, a.obligations if a else ())
        if a is None:
            self.obligations.add_row()
        self.save_button.setEnabled(True)

    def show_error(self, exc: BaseException) -> None:
        """Show why loading or saving failed."""
        self.message.setText(error_text(exc))
        self.save_button.setEnabled(self.info is not None)

    def add_obligation(self) -> None:
        """A new empty term."""
        self.obligations.add_row()

    def remove_obligation(self) -> None:
        """Drop the selected term."""
        row = self.obligations.currentRow()
        if row >= 0:
            self.obligations.removeRow(row)

    def split_obligation(self) -> None:
        """Split the selected money term into instalments."""
        try:
            self.obligations.split(max(self.obligations.currentRow(), 0), self.parts.value())
        except ValidationError as exc:
            self.message.setText(str(exc))

    def value(self) -> AgreementInput:
        """The editor's content as the service's input (ValidationError for a bad amount)."""
        return AgreementInput(
            form=str(self.form_kind.currentData()), facts=self.facts.toPlainText().strip(),
            disputed_matters=self.disputed.toPlainText().strip(),
            responsibilities=self.responsibilities.toPlainText().strip(),
            obligations=self.obligations.values(), signed_on=picked(self.signed_on),
            terms=self.terms.toPlainText().strip() or None, copies=self.copies.value() or None)

    def save(self) -> None:
        """Check and save in the background; close on success."""
        assert self.info is not None
        try:
            data = self.value()
        except ValidationError as exc:
            self.message.setText(str(exc))
            return
        db, user = self.workspace.db, self.workspace.user
        self.save_button.setEnabled(False)
        self.message.setText(_("正在保存…"))
        self.tasks.run(partial(save_agreement, db, user, self.case_id, data, self.info.version),
                       self.done_saving, self.show_error, owner=self)

    def done_saving(self, info: AgreementInfo) -> None:
        """Tell the case page and close."""
        self.info = info
        self.message.setText(_("已保存"))
        self.saved.emit(info)
        self.accept()
