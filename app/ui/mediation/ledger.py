"""履行台账 and 回访: the ledger of an agreement's obligations, and the follow-up record.

The ledger window lists each obligation (instalments one per line) with
what is still owed and whether its due date has passed, and below it every
payment or act recorded.  "记录履行…" adds a line; the codes are recomputed
by the service and the window reloads.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app import i18n
from app.domain.codes import label
from app.domain.errors import ValidationError
from app.domain.performance import FOLLOWUP_FINDINGS, OBLIGATION_STATUSES, PERFORMANCE_CODES
from app.domain.text import _
from app.services.casebase.workspace import Workspace
from app.services.mediation.followups import METHODS, FollowUpInput, record_followup
from app.services.mediation.performance import Ledger, ledger, record_performance
from app.ui.app_errors import error_text
from app.ui.date_edit import date_field, picked
from app.ui.mediation.common import FormDialog, Job, choice_box, text_box
from app.ui.shortcuts import make_primary
from app.ui.table_view import fill_table, make_small_table
from app.ui.tasks import TaskRunner

OVERDUE = QColor("#c62828")


class LedgerDialog(QDialog):
    """The agreement's ledger; emits ``changed`` after a line is recorded."""

    changed = Signal()

    def __init__(self, workspace: Workspace, tasks: TaskRunner, case_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.tasks, self.case_id = workspace, tasks, case_id
        self.ledger: Ledger | None = None
        self.setWindowTitle(_("履行台账"))
        self.resize(900, 560)
        self.summary = QLabel(_("加载中…"))
        self.summary.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.obligations = make_small_table((240, 100, 110, 110, 110, 120))
        self.lines = make_small_table((240, 110, 110, 260))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.record_button = QPushButton()
        make_primary(self, self.record_button, _("记录履行…"))
        self.record_button.clicked.connect(self.open_payment)
        close = QPushButton(_("关闭"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.record_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(_("履行事项")))
        layout.addWidget(self.obligations, 3)
        layout.addWidget(QLabel(_("履行记录")))
        layout.addWidget(self.lines, 2)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        """Read the ledger again."""
        db, user, case_id = self.workspace.db, self.workspace.user, self.case_id
        self.tasks.run(partial(ledger, db, user, case_id), self.show_ledger,
                       self.show_error, owner=self)

    def show_error(self, exc: BaseException) -> None:
        """One sentence on why the ledger could not be read."""
        self.message.setText(error_text(exc))

    def show_ledger(self, book: Ledger) -> None:
        """Fill both tables from ``book``."""
        self.ledger = book
        text = _("协议编号 {number}　履行情况：{code}").format(
            number=book.agreement_number or "—", code=label(PERFORMANCE_CODES, book.code))
        if book.confirmed:
            text += _("　（已经人民法院司法确认：不履行的可申请强制执行）")
        self.summary.setText(text)
        fill_table(self.obligations, [_("履行事项"), _("金额"), _("履行期限"), _("已履行"),
                                      _("尚欠"), _("状态")],
                   [[o.description, i18n.format_money(o.amount), i18n.format_date(o.due_date),
                     i18n.format_money(o.performed_amount), i18n.format_money(o.outstanding),
                     label(OBLIGATION_STATUSES, o.status) + (_("（已逾期）") if o.overdue else "")]
                    for o in book.obligations], frozenset({1, 3, 4}))
        for row, o in enumerate(book.obligations):
            for column in range(self.obligations.columnCount() if o.overdue else 0):
                item = self.obligations.item(row, column)
                if item is not None:
                    item.setForeground(OVERDUE)
        fill_table(self.lines, [_("履行事项"), _("日期"), _("金额"), _("说明（记录人）")],
                   [[o.description, i18n.format_date(line.on_date),
                     i18n.format_money(line.amount),
                     f"{line.note or ''}（{line.recorded_by or ''}）"]
                    for o in book.obligations for line in o.lines], frozenset({2}))
        self.record_button.setEnabled(any(o.status != "performed" for o in book.obligations))

    def open_payment(self) -> PaymentDialog:
        """The form for one payment or act."""
        assert self.ledger is not None
        dialog = PaymentDialog(self.workspace, self.tasks, self.ledger, self)
        dialog.saved.connect(self._recorded)
        dialog.open()
        return dialog

    def _recorded(self, _result: object) -> None:
        self.changed.emit()
        self.reload()


class PaymentDialog(FormDialog):
    """记录履行: which obligation, when, how much, and a note (receipt, transfer…)."""

    def __init__(self, workspace: Workspace, tasks: TaskRunner, book: Ledger,
                 parent: QWidget | None = None) -> None:
        super().__init__(workspace, tasks, _("记录履行"), self._job, parent)
        self.obligation = QComboBox()
        for o in book.obligations:
            if o.status != "performed":
                owed = i18n.format_money(o.outstanding) if o.outstanding is not None else ""
                self.obligation.addItem(f"{o.description} {owed}".strip(), o.id)
        self.on_date, self.amount, self.note = date_field(), QLineEdit(), QLineEdit()
        self.amount.setPlaceholderText(_("金额（元）；履行行为可不填"))
        self.add_row(_("履行事项"), self.obligation)
        self.add_row(_("履行日期"), self.on_date, "on_date")
        self.add_row(_("金额"), self.amount, "amount")
        self.add_row(_("说明"), self.note)

    def _job(self) -> Job:
        text = self.amount.text().strip().replace(",", "")
        try:
            amount = Decimal(text) if text else None
        except InvalidOperation:
            raise ValidationError(_("金额请填写数字，例如 1500.00"), "amount") from None
        db, user = self.workspace.db, self.workspace.user
        obligation, on, note = self.obligation.currentData(), picked(self.on_date), self.note.text()
        return partial(record_performance, db, user, obligation, on, amount, note)


class FollowUpDialog(FormDialog):
    """回访记录: method, what was found, satisfaction per aspect (1–5), notes."""

    def __init__(self, workspace: Workspace, tasks: TaskRunner, case_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(workspace, tasks, _("回访"), self._job, parent)
        self.case_id = case_id
        self.visited_on, self.visitor = date_field(), QLineEdit(workspace.user.display_name)
        self.method, self.performance = choice_box(METHODS), choice_box(FOLLOWUP_FINDINGS)
        self.scores: dict[str, QSpinBox] = {}
        for key in ("fairness", "attitude", "result"):
            spin = QSpinBox()
            spin.setRange(1, 5)
            spin.setValue(5)
            self.scores[key] = spin
        self.notes = text_box(4)
        self.add_row(_("回访日期"), self.visited_on, "visited_on")
        self.add_row(_("回访人"), self.visitor, "visitor")
        self.add_row(_("回访方式"), self.method, "method")
        self.add_row(_("履行情况"), self.performance, "performance")
        self.add_row(_("对调解公正性的满意度"), self.scores["fairness"], "fairness")
        self.add_row(_("对调解员态度的满意度"), self.scores["attitude"], "attitude")
        self.add_row(_("对调解结果的满意度"), self.scores["result"], "result")
        self.add_row(_("回访情况"), self.notes)

    def _job(self) -> Job:
        entry = FollowUpInput(
            visited_on=picked(self.visited_on), visitor=self.visitor.text(),
            method=self.method.currentData(), performance=self.performance.currentData(),
            notes=self.notes.toPlainText(), fairness=self.scores["fairness"].value(),
            attitude=self.scores["attitude"].value(), result=self.scores["result"].value())
        db, user, case_id = self.workspace.db, self.workspace.user, self.case_id
        return partial(record_followup, db, user, case_id, entry)
