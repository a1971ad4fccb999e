"""议事: the discussion minutes and, where it came to a vote, the show of hands.

The vote is checked as it is typed with the same rules the service applies
(:mod:`app.domain.votes`): the clerk sees at once whether the count adds up,
whether the quorum of the meeting's body was met and whether the motion
carried — and a count that does not add up is refused on saving, with the
reason under the vote.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from app.domain.errors import ValidationError
from app.domain.meeting_stages import ItemStage
from app.domain.text import _
from app.domain.votes import VotingBody, body_label, check_vote, evaluate_vote
from app.services.meetings import proceedings as meetings
from app.services.meetings.queries import ItemView
from app.ui.form_errors import ErrorLabel, FieldErrors
from app.ui.meetings.common import count_field


def _text_box(height: int, placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    box.setPlaceholderText(placeholder)
    return box


class DiscussForm(QGroupBox):
    """The 议事 part of a matter; emits ``submitted`` with the service call to run."""

    submitted = Signal(object)

    def __init__(self, errors: FieldErrors) -> None:
        super().__init__(_("议：议事与表决"))
        self.body = VotingBody.SPEAK_UP
        self.members_total: int | None = None
        self.notes = _text_box(60, _("议事经过：各方意见、村两委的研究情况"))
        self.decision = _text_box(44, _("议定的处理决定（表决通过时必填）"))
        self.voted = QCheckBox(_("付诸表决"))
        self.present, self.for_, self.against, self.abstain = (
            count_field(), count_field(), count_field(), count_field())
        self.households_total, self.households_present = count_field(), count_field()
        for spin, text in ((self.households_total, _("不按户计")),
                           (self.households_present, _("不按户计"))):
            spin.setSpecialValueText(text)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.save_button = QPushButton(_("保存议事"))
        self.save_button.clicked.connect(self.submit)
        counts = QHBoxLayout()
        for title, spin in ((_("到会"), self.present), (_("赞成"), self.for_),
                            (_("反对"), self.against), (_("弃权"), self.abstain)):
            counts.addWidget(QLabel(title))
            counts.addWidget(spin)
        counts.addStretch(1)
        self.households_row = QHBoxLayout()
        self.households_widgets: list[QWidget] = []
        for title, spin in ((_("应到户数"), self.households_total),
                            (_("到会户数"), self.households_present)):
            self.households_widgets += [QLabel(title), spin]
        for widget in self.households_widgets:
            self.households_row.addWidget(widget)
        self.households_row.addStretch(1)
        self.quorum_label = QLabel()
        form = QFormLayout(self)
        form.addRow(_("议事情况"), self.notes)
        form.addRow("", errors.add("discussion", ErrorLabel()))
        form.addRow(_("处理决定"), self.decision)
        form.addRow("", errors.add("decision", ErrorLabel()))
        form.addRow(self.voted, self.quorum_label)
        form.addRow(_("表决"), counts)
        form.addRow("", self.households_row)
        form.addRow("", errors.add("vote", ErrorLabel()))
        form.addRow("", self.outcome)
        form.addRow("", self.save_button)
        for spin in (self.present, self.for_, self.against, self.abstain,
                     self.households_total, self.households_present):
            spin.valueChanged.connect(self.preview)
        self.voted.toggled.connect(self.preview)

    def show_item(self, view: ItemView) -> None:
        """Fill from ``view``; editable only before the matter is handed to someone."""
        item = view.item
        self.body, self.members_total = VotingBody(view.body), view.members_total
        self.notes.setPlainText(item.discussion or "")
        self.decision.setPlainText(item.decision or "")
        self.voted.setChecked(item.votes_present is not None)
        for spin, value in ((self.present, item.votes_present), (self.for_, item.votes_for),
                            (self.against, item.votes_against),
                            (self.abstain, item.votes_abstain)):
            spin.setValue(value or 0)
        total = (_("应到 {n} 人").format(n=view.members_total) if view.members_total
                 else _("未填应到人数"))
        self.quorum_label.setText(_("表决机构：{body}，{total}").format(
            body=body_label(self.body), total=total))
        assembly = self.body == VotingBody.VILLAGERS_ASSEMBLY
        for widget in self.households_widgets:
            widget.setVisible(assembly)
        self._editable(ItemStage(item.stage) in (ItemStage.RAISED, ItemStage.DISCUSSED))
        self.preview()

    def _editable(self, editable: bool) -> None:
        """Read-only rather than greyed out once handed on, so the minutes stay legible."""
        self.notes.setReadOnly(not editable)
        self.decision.setReadOnly(not editable)
        for spin in (self.present, self.for_, self.against, self.abstain,
                     self.households_total, self.households_present):
            spin.setReadOnly(not editable)
            spin.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.UpDownArrows if editable
                                  else QAbstractSpinBox.ButtonSymbols.NoButtons)
        self.voted.setEnabled(editable)
        self.save_button.setVisible(editable)

    def _households(self) -> tuple[int | None, int | None]:
        if self.body != VotingBody.VILLAGERS_ASSEMBLY or not self.households_total.value():
            return None, None
        return self.households_total.value(), self.households_present.value()

    def preview(self) -> None:
        """Show, while typing, what the vote means (or why it cannot stand)."""
        if not self.voted.isChecked():
            self.outcome.setText(_("未表决：仅记录议事情况"))
            self.outcome.setStyleSheet("color: #555;")
            return
        try:
            record = check_vote(self.body, self.members_total, self.present.value(),
                                self.for_.value(), self.against.value(), self.abstain.value(),
                                *self._households())
        except ValidationError as exc:
            self.outcome.setText(_("表决数字有误：{reason}").format(reason=exc.message))
            self.outcome.setStyleSheet("color: #c62828;")
            return
        outcome = evaluate_vote(record)
        self.outcome.setText(outcome.reason)
        self.outcome.setStyleSheet("color: #2e7d32; font-weight: bold;" if outcome.passed
                                   else "color: #b26a00; font-weight: bold;")

    def submit(self) -> None:
        """Emit the 议事 call with what is typed now."""
        notes, decision = self.notes.toPlainText(), self.decision.toPlainText()
        vote = None
        if self.voted.isChecked():
            h_total, h_present = self._households()
            vote = meetings.VoteInput(self.present.value(), self.for_.value(),
                                      self.against.value(), self.abstain.value(),
                                      h_total, h_present)
        self.submitted.emit(partial(meetings.record_discussion, notes=notes,
                                    decision=decision or None, vote=vote))

