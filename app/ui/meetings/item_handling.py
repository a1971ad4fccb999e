"""办事 and 评事: who handles a matter by when, what was done, and how villagers rated it.

The regulation asks for a named handler and a deadline for every matter and
for the villagers' assessment (宁波市法治乡村建设促进条例 art 18); the
deadline offered is the 20-day answer limit of its art 16, counted from the
meeting.  Each button emits the service call to run, as a ``partial`` still
missing the database, the user and the matter; the dialog adds those and
runs it off the GUI thread.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
)

from app import i18n
from app.domain.meeting_stages import ANSWER_DAYS, ItemStage, answer_due, evaluation_result
from app.domain.text import _
from app.services.meetings import proceedings as meetings
from app.services.meetings.queries import ItemView
from app.ui.date_edit import date_field, picked, qdate
from app.ui.form_errors import ErrorLabel, FieldErrors
from app.ui.meetings.common import count_field

S = ItemStage


def _row(*widgets: Any) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row


class HandleForm(QGroupBox):
    """交办, progress notes, 办结 and 公示; emits ``submitted`` with the call to run."""

    submitted = Signal(object)

    def __init__(self, errors: FieldErrors) -> None:
        super().__init__(_("办：交办、进展与办结"))
        self.decision = QLineEdit()
        self.decision.setPlaceholderText(_("议定的处理决定"))
        self.responsible = QLineEdit()
        self.responsible.setPlaceholderText(_("责任人姓名"))
        self.deadline = date_field()
        self.due_hint = QLabel()
        self.due_hint.setStyleSheet("color: #555;")
        self.assign_button = QPushButton(_("交办"))
        self.progress = QListWidget()
        self.progress.setFixedHeight(70)
        self.progress_date, self.progress_note = date_field(), QLineEdit()
        self.progress_note.setPlaceholderText(_("办理进展，如：已联系施工队"))
        self.progress_button = QPushButton(_("记录进展"))
        self.done_date = date_field()
        self.done_button = QPushButton(_("办结"))
        self.public_date = date_field()
        self.public_button = QPushButton(_("登记公示"))
        self.public_label = QLabel()
        form = QFormLayout(self)
        form.addRow(_("处理决定"), self.decision)
        form.addRow("", errors.add("decision", ErrorLabel()))
        form.addRow(_("责任人"), _row(self.responsible, QLabel(_("办理期限")), self.deadline,
                                      self.assign_button))
        form.addRow("", self.due_hint)
        form.addRow("", errors.add("responsible", ErrorLabel()))
        form.addRow("", errors.add("deadline", ErrorLabel()))
        form.addRow(_("办理进展"), self.progress)
        form.addRow("", _row(self.progress_date, self.progress_note, self.progress_button))
        form.addRow("", errors.add("note", ErrorLabel()))
        form.addRow("", errors.add("on_date", ErrorLabel()))
        form.addRow(_("办结日期"), _row(self.done_date, self.done_button))
        form.addRow("", errors.add("done_on", ErrorLabel()))
        form.addRow(_("公示日期"), _row(self.public_date, self.public_button, self.public_label))
        form.addRow("", errors.add("publicised_on", ErrorLabel()))
        self.progress_note.setMinimumWidth(300)
        self.assign_button.clicked.connect(self._assign)
        self.progress_button.clicked.connect(self._progress)
        self.done_button.clicked.connect(self._done)
        self.public_button.clicked.connect(self._publicise)

    def show_item(self, view: ItemView) -> None:
        """Fill from ``view`` and enable what the matter's stage allows."""
        item, stage = view.item, ItemStage(view.item.stage)
        due = answer_due(view.held_at.date())
        self.decision.setText(item.decision or "")
        self.responsible.setText(item.responsible or "")
        self.deadline.setDate(qdate(item.deadline or due))
        self.due_hint.setText(_("按规定应在说事后 {n} 天内答复，即 {day} 前").format(
            n=ANSWER_DAYS, day=i18n.format_date(due)))
        self.progress.clear()
        for note in item.progress:
            self.progress.addItem(f"{i18n.format_date(note.on_date)}  {note.note}")
        self.progress_note.clear()
        if item.done_on is not None:
            self.done_date.setDate(qdate(item.done_on))
        self.public_label.setText(_("已于 {day} 公示").format(
            day=i18n.format_date(item.publicised_on)) if item.publicised_on else "")
        can_assign = stage in (S.DISCUSSED, S.IN_PROGRESS) and item.case_id is None
        for widget in (self.decision, self.responsible, self.deadline, self.assign_button):
            widget.setEnabled(can_assign)
        for widget in (self.progress_date, self.progress_note, self.progress_button,
                       self.done_date, self.done_button):
            widget.setEnabled(stage == S.IN_PROGRESS)
        can_publicise = stage != S.RAISED and item.decision is not None
        self.public_date.setEnabled(can_publicise)
        self.public_button.setEnabled(can_publicise)

    def _assign(self) -> None:
        responsible, deadline = self.responsible.text(), picked(self.deadline)
        decision = self.decision.text() or None
        self.submitted.emit(partial(meetings.assign_item, responsible=responsible,
                                    deadline=deadline, decision=decision))

    def _progress(self) -> None:
        day, note = picked(self.progress_date), self.progress_note.text()
        self.submitted.emit(partial(meetings.add_progress, on_date=day, note=note))

    def _done(self) -> None:
        day = picked(self.done_date)
        self.submitted.emit(partial(meetings.complete_item, done_on=day))

    def _publicise(self) -> None:
        day = picked(self.public_date)
        self.submitted.emit(partial(meetings.publicise, publicised_on=day))


class EvaluateForm(QGroupBox):
    """评事: the villagers' count; more than a third dissatisfied reopens the matter."""

    submitted = Signal(object)

    def __init__(self, errors: FieldErrors) -> None:
        super().__init__(_("评：村民评议"))
        self.satisfied, self.basically, self.dissatisfied = (
            count_field(), count_field(), count_field())
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(44)
        self.notes.setPlaceholderText(_("村民意见"))
        self.day = date_field()
        self.button = QPushButton(_("保存评事"))
        self.result = QLabel()
        form = QFormLayout(self)
        form.addRow(_("评议结果"), _row(QLabel(_("满意")), self.satisfied, QLabel(_("基本满意")),
                                        self.basically, QLabel(_("不满意")), self.dissatisfied))
        form.addRow("", errors.add("satisfied", ErrorLabel()))
        form.addRow(_("村民意见"), self.notes)
        form.addRow(_("评议日期"), _row(self.day, self.button, self.result))
        form.addRow("", errors.add("evaluated_on", ErrorLabel()))
        self.button.clicked.connect(self._evaluate)

    def show_item(self, view: ItemView) -> None:
        """Show the last count (also of a reopened matter); enabled once the matter is done."""
        item = view.item
        self.satisfied.setValue(item.satisfied or 0)
        self.basically.setValue(item.basically_satisfied or 0)
        self.dissatisfied.setValue(item.dissatisfied or 0)
        self.notes.setPlainText(item.evaluation_notes or "")
        if item.reopened:
            self.result.setText(_("上次评议不满意超过三分之一，已重新办理"))
            self.result.setStyleSheet("color: #c62828;")
        elif item.stage == S.EVALUATED and item.dissatisfied is not None:
            rate = evaluation_result(item.satisfied or 0, item.basically_satisfied or 0,
                                     item.dissatisfied).satisfaction_rate
            self.result.setText(_("满意率 {rate}%").format(
                rate=i18n.format_number(round(rate * 100))))
            self.result.setStyleSheet("color: #2e7d32;")
        else:
            self.result.clear()
        self.setEnabled(item.stage == S.DONE)

    def _evaluate(self) -> None:
        self.submitted.emit(partial(
            meetings.evaluate_item, satisfied=self.satisfied.value(),
            basically=self.basically.value(), dissatisfied=self.dissatisfied.value(),
            notes=self.notes.toPlainText() or None, evaluated_on=picked(self.day)))
