"""The mediation bar of the case detail window: where the case stands, and the next steps.

It shows the deadline (and whether it is near or past), sessions, outcome
and guidance, performance, follow-ups and the dossier, and offers only the
steps the case's status allows; the services refuse anything else anyway,
with the reason shown here.  After any step it emits ``changed`` so the
detail window reloads its timeline.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import i18n
from app.domain.closing import FILE_QUALITY, GUIDANCE
from app.domain.codes import label
from app.domain.deadlines import DeadlineState
from app.domain.performance import PERFORMANCE_CODES
from app.domain.text import _
from app.domain.workflow import STATUS_LABELS, CaseStatus
from app.services.casebase.workspace import Workspace
from app.services.cases.progress import CaseProgress, case_progress
from app.services.mediation.archive import reopen_case
from app.services.mediation.followups import schedule_followups
from app.services.mediation.preventions import CONCLUDED, case_preventions
from app.services.mediation.sessions import start_mediation
from app.ui.app_errors import error_text
from app.ui.mediation.common import FormDialog
from app.ui.mediation.dialogs import ArchiveDialog, ExtensionDialog, OutcomeDialog, SessionDialog
from app.ui.mediation.ledger import FollowUpDialog, LedgerDialog
from app.ui.mediation.prevention_fields import PreventionDialog
from app.ui.shortcuts import case_button_text
from app.ui.tasks import TaskRunner

_S = CaseStatus
_RUNNING = {_S.RECEIVED, _S.ASSIGNED, _S.IN_MEDIATION}
_AFTER_AGREEMENT = {_S.AGREED, _S.PERFORMING, _S.FOLLOWED_UP}
_ARCHIVABLE = {_S.NOT_AGREED, _S.WITHDRAWN, _S.REFUSED, _S.REFERRED_OUT, _S.FOLLOWED_UP}


class MediationActions(QWidget):
    """Status summary and step buttons for one case."""

    changed = Signal()

    def __init__(self, workspace: Workspace, tasks: TaskRunner, case_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.tasks, self.case_id = workspace, tasks, case_id
        self.progress: CaseProgress | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
        steps = [
            ("start", case_button_text("开始调解"), self.start),
            ("session", case_button_text("调解记录", dots=True), self.open_session),
            ("outcome", case_button_text("调解不成/撤回", dots=True), self.open_outcome),
            ("extend", case_button_text("延长期限", dots=True), self.open_extension),
            ("ledger", case_button_text("履行台账"), self.open_ledger),
            ("schedule", case_button_text("安排回访"), self.schedule),
            ("followup", case_button_text("回访", dots=True), self.open_followup),
            ("prevention", case_button_text("防止结果", dots=True), self.open_prevention),
            ("archive", case_button_text("归档", dots=True), self.open_archive),
            ("reopen", case_button_text("重新打开"), self.reopen),
        ]
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, title, slot in steps:
            button = QPushButton(title)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            button.hide()
            self.buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addLayout(row)
        layout.addWidget(self.message)

    def refresh(self) -> None:
        """Read where the case stands and show the steps it allows."""
        db, user, case_id = self.workspace.db, self.workspace.user, self.case_id
        self.tasks.run(partial(case_progress, db, user, case_id),
                       self.show_progress, self._failed, owner=self)

    def show_progress(self, p: CaseProgress) -> None:
        """Summary line and visible buttons for ``p``."""
        self.progress = p
        status = _S(p.status)
        self.summary.setText(summary_text(p))
        may = self.workspace.user.may
        visible = {
            "start": status == _S.ASSIGNED and may("case.mediate"),
            "session": status in (_S.ASSIGNED, _S.IN_MEDIATION) and may("case.mediate"),
            "outcome": status in _RUNNING and may("case.mediate"),
            "extend": status in _RUNNING and may("case.extend"),
            "ledger": p.has_agreement,
            "schedule": status in _AFTER_AGREEMENT and p.has_agreement
            and not p.visits_planned and may("case.followup"),
            "followup": status in _AFTER_AGREEMENT and p.has_agreement and may("case.followup"),
            "prevention": status in CONCLUDED and may("case.mediate"),
            "archive": status in _ARCHIVABLE and may("case.archive"),
            "reopen": status == _S.ARCHIVED and may("case.reopen"),
        }
        for key, button in self.buttons.items():
            button.setVisible(visible[key])

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(error_text(exc))

    def _after(self, _result: object = None) -> None:
        self.message.clear()
        self.changed.emit()
        self.refresh()

    def _opened(self, dialog: FormDialog) -> FormDialog:
        dialog.saved.connect(self._after)
        dialog.open()
        return dialog

    def start(self) -> None:
        """开始调解: assigned → in mediation."""
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(start_mediation, db, user, self.case_id), self._after,
                       self._failed, owner=self)

    def schedule(self) -> None:
        """Plan the follow-up visits the agreement calls for (after each due date)."""
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(schedule_followups, db, user, self.case_id), self._after,
                       self._failed, owner=self)

    def open_session(self) -> FormDialog:
        """The session record form."""
        return self._opened(SessionDialog(self.workspace, self.tasks, self.case_id, self))

    def open_outcome(self) -> FormDialog:
        """The no-agreement / withdrawal form."""
        return self._opened(OutcomeDialog(self.workspace, self.tasks, self.case_id, self))

    def open_extension(self) -> FormDialog:
        """The deadline extension form."""
        deadline = self.progress.deadline if self.progress else None
        return self._opened(ExtensionDialog(self.workspace, self.tasks, self.case_id, deadline,
                                            self))

    def open_followup(self) -> FormDialog:
        """The follow-up record form."""
        return self._opened(FollowUpDialog(self.workspace, self.tasks, self.case_id, self))

    def open_archive(self) -> FormDialog:
        """The archive form."""
        assert self.progress is not None
        return self._opened(ArchiveDialog(self.workspace, self.tasks, self.progress, self))

    def open_prevention(self) -> None:
        """Read what was recorded, then open the prevention-outcomes form over it."""
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(case_preventions, db, user, self.case_id),
                       self.show_prevention, self._failed, owner=self)

    def show_prevention(self, recorded: dict[str, int]) -> None:
        """The prevention-outcomes form, filled with ``recorded``."""
        self._opened(PreventionDialog(self.workspace, self.tasks, self.case_id, recorded, self))

    def open_ledger(self) -> LedgerDialog:
        """The performance ledger window."""
        dialog = LedgerDialog(self.workspace, self.tasks, self.case_id, self)
        dialog.changed.connect(self._after)
        dialog.open()
        return dialog

    def reopen(self) -> None:
        """Ask the administrator for the reason, then reopen."""
        reason, ok = QInputDialog.getMultiLineText(self, _("重新打开"),
                                                   _("重新打开已归档案件的理由（记入审计）："))
        if ok:
            self.record_reopen(reason)

    def record_reopen(self, reason: str) -> None:
        """Reopen in the background with ``reason``."""
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(reopen_case, db, user, self.case_id, reason), self._after,
                       self._failed, owner=self)


def summary_text(p: CaseProgress) -> str:
    """One line: deadline, sessions, outcome, performance, follow-ups, dossier."""
    parts = [_("状态：{status}").format(status=_(STATUS_LABELS[_S(p.status)]))]
    if p.deadline is not None and p.deadline_state != DeadlineState.NONE:
        note = {DeadlineState.DUE_SOON: _("（3天内到期）"),
                DeadlineState.OVERDUE: _("（已超期）")}.get(p.deadline_state, "")
        parts.append(_("期限 {date}{note}").format(date=i18n.format_date(p.deadline), note=note))
    if p.extensions:
        parts.append(_("已延期 {n} 次").format(n=p.extensions))
    parts.append(_("调解 {n} 次").format(n=p.sessions))
    if p.guidance:
        parts.append(label(GUIDANCE, p.guidance))
    if p.performance_status:
        parts.append(_("履行：{code}").format(code=label(PERFORMANCE_CODES, p.performance_status)))
    planned = 0 if p.status == _S.ARCHIVED else p.visits_planned
    if planned:
        parts.append(_("回访 {done} 次，待回访 {planned} 次").format(
            done=p.visits_done, planned=planned))
    elif p.visits_done:
        parts.append(_("回访 {done} 次").format(done=p.visits_done))
    if p.archive_number:
        quality = label(FILE_QUALITY, p.file_quality) if p.file_quality else ""
        parts.append(_("档案号 {number}（{place}，{quality}）").format(
            number=p.archive_number, place=p.archive_location or "", quality=quality))
    return "　·　".join(parts)
