"""The assignment and referral buttons of the case window: 指派, 流转, 接收/退回, 回避申请.

Which buttons show depends on the case's status, on anything waiting for a
decision and on who is signed in, read in the background each time the case
is shown.  Dialogs are opened window-modal with ``open()``, never ``exec()``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QInputDialog, QLabel, QPushButton, QWidget

from app.domain.referrals import kind_label
from app.domain.text import _
from app.services.assignment.referrals import decide, return_from_outside, withdraw
from app.services.assignment.state import CaseRouting, case_routing
from app.services.casebase.workspace import Workspace
from app.ui.app_errors import error_text
from app.ui.assignment.assign_dialog import AssignDialog
from app.ui.assignment.objection_dialog import ObjectionDialog
from app.ui.assignment.referral_dialog import ReferralDialog
from app.ui.shortcuts import case_button_text
from app.ui.tasks import TaskRunner


class AssignmentActions(QWidget):
    """A row of buttons acting on one case's assignment; emits ``changed`` after any action."""

    changed = Signal()
    failed = Signal(str)

    def __init__(self, workspace: Workspace, tasks: TaskRunner, case_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.tasks, self.case_id = workspace, tasks, case_id
        self.state: CaseRouting | None = None
        self.dialog: QDialog | None = None
        self.pending = QLabel()
        self.pending.setStyleSheet("color: #8d6e00;")
        self.assign_button = QPushButton(case_button_text("指派", dots=True))
        self.refer_button = QPushButton(case_button_text("流转", dots=True))
        self.accept_button = QPushButton(case_button_text("接收"))
        self.refuse_button = QPushButton(case_button_text("退回", dots=True))
        self.returned_button = QPushButton(case_button_text("外部退回", dots=True))
        self.objection_button = QPushButton(case_button_text("回避申请", dots=True))
        self.withdraw_button = QPushButton(case_button_text("撤回流转", dots=True))
        self.withdraw_button.setToolTip(_("撤回录错的指派或流转（对方接收前）"))
        self.assign_button.clicked.connect(self.open_assign)
        self.refer_button.clicked.connect(self.open_referral)
        self.accept_button.clicked.connect(self._accept)
        self.refuse_button.clicked.connect(self._ask_refusal)
        self.returned_button.clicked.connect(self._ask_return)
        self.objection_button.clicked.connect(self.open_objection)
        self.withdraw_button.clicked.connect(self._ask_withdrawal)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.pending)
        for button in self.buttons():
            button.hide()
            row.addWidget(button)

    def buttons(self) -> list[QPushButton]:
        """Every action button, in display order."""
        return [self.assign_button, self.refer_button, self.accept_button, self.refuse_button,
                self.returned_button, self.objection_button, self.withdraw_button]

    def refresh(self) -> None:
        """Read the case's assignment state again and show the buttons that apply."""
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(case_routing, db, user, self.case_id), self._show, self._failed,
                       owner=self)

    def _failed(self, exc: BaseException) -> None:
        self.failed.emit(error_text(exc))

    def _show(self, state: CaseRouting) -> None:
        self.state = state
        p = state.pending
        self.pending.setText(_("待接收：{kind}至{to}").format(kind=kind_label(p.kind), to=p.target)
                             if p else "")
        self.assign_button.setVisible(state.may_assign)
        self.refer_button.setVisible(state.may_refer)
        self.accept_button.setVisible(state.may_decide)
        self.refuse_button.setVisible(state.may_decide)
        self.returned_button.setVisible(state.may_return_from_outside)
        self.withdraw_button.setVisible(p is not None and self.workspace.user.may("case.refer"))
        self.objection_button.setVisible(
            state.status in ("assigned", "in_mediation") and self.workspace.user.may("case.recusal")
            and any(m.status == "active" for m in state.mediators))

    def _open(self, dialog: QDialog) -> QDialog:
        self.dialog = dialog
        dialog.accepted.connect(self._done)
        dialog.open()
        return dialog

    def _done(self, _result: object = None) -> None:
        self.changed.emit()
        self.refresh()

    def open_assign(self) -> AssignDialog:
        """The assignment dialog with the recommendation."""
        dialog = AssignDialog(self.workspace, self.tasks, self.case_id, self.window())
        self._open(dialog)
        return dialog

    def open_referral(self) -> ReferralDialog:
        """The referral dialog."""
        current = self.state.current_organisation_id if self.state else None
        dialog = ReferralDialog(self.workspace, self.tasks, self.case_id, current, self.window())
        self._open(dialog)
        return dialog

    def open_objection(self) -> ObjectionDialog:
        """The 回避申请 dialog for the case's current mediators."""
        assert self.state is not None
        dialog = ObjectionDialog(self.workspace, self.tasks, self.case_id,
                                 list(self.state.mediators), self.state.current_organisation_id,
                                 self.window())
        self._open(dialog)
        return dialog

    def _ask_refusal(self) -> None:
        self._ask(_("退回"), _("退回的理由（将告知移送方）："), self._send_back)

    def _ask_withdrawal(self) -> None:
        self._ask(_("撤回指派或流转"), _("撤回的理由（如：接收组织选错）："), self.withdraw)

    def _ask_return(self) -> None:
        self._ask(_("外部机关退回"), _("外部机关退回的理由："), self.record_return)

    def _ask(self, title: str, prompt: str, then: Callable[[str], None]) -> None:
        box = QInputDialog(self.window())
        box.setWindowTitle(title)
        box.setLabelText(prompt)
        box.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
        box.textValueSelected.connect(then)
        self.dialog = box
        box.open()

    def _accept(self) -> None:
        self.decide(True)

    def _send_back(self, reason: str) -> None:
        self.decide(False, reason)

    def decide(self, accept: bool, reason: str = "") -> None:
        """Accept or send back what is pending, in the background."""
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(decide, db, user, self.case_id, accept, reason), self._done,
                       self._failed, owner=self)

    def record_return(self, reason: str) -> None:
        """Record that the outside body sent the case back."""
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(return_from_outside, db, user, self.case_id, reason), self._done,
                       self._failed, owner=self)

    def withdraw(self, reason: str) -> None:
        """Take back the pending assignment or referral (entered by mistake), in the background."""
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(withdraw, db, user, self.case_id, reason), self._done,
                       self._failed, owner=self)
