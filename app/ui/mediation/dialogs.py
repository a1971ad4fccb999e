"""The step dialogs of a case: session record, no agreement/withdrawal, extension, archive.

Each is a :class:`FormDialog` over one service call.  The session record
follows the MoJ 人民调解记录 layout (time, place, participants, what was
said, proposals, next step) with the procedure points the record must show
(rights read out, recusal asked, each side confirmed).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import partial

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QWidget

from app.domain.closing import CLOSE_OUTCOMES, FILE_QUALITY, GUIDANCE
from app.domain.text import _
from app.services.casebase.workspace import Workspace
from app.services.cases.progress import CaseProgress
from app.services.mediation.archive import archive_case
from app.services.mediation.deadlines import extend_deadline
from app.services.mediation.sessions import SessionInput, close_without_agreement, record_session
from app.ui.date_edit import DateTimeField, date_field, picked
from app.ui.mediation.common import FormDialog, Job, choice_box, text_box
from app.ui.mediation.prevention_fields import PreventionFields
from app.ui.tasks import TaskRunner


class SessionDialog(FormDialog):
    """调解记录: one sitting of the mediation."""

    def __init__(self, workspace: Workspace, tasks: TaskRunner, case_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(workspace, tasks, _("调解记录"), self._job, parent)
        self.case_id = case_id
        self.held_at = DateTimeField(QDateTime.currentDateTime())
        self.held_at.setCalendarPopup(True)
        self.held_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.place, self.mediators, self.recorder = QLineEdit(), QLineEdit(), QLineEdit()
        self.mediators.setText(workspace.user.display_name)
        self.attendees, self.invited = text_box(2), QLineEdit()
        self.record, self.proposals, self.next_step = text_box(6), text_box(2), QLineEdit()
        self.rights_read = QCheckBox(_("已告知权利义务"))
        self.recusal_asked = QCheckBox(_("已询问是否申请回避"))
        self.sides_confirmed = QCheckBox(_("各方已确认记录"))
        self.private_session = QCheckBox(_("背靠背调解"))
        flags = QWidget()
        row = QHBoxLayout(flags)
        row.setContentsMargins(0, 0, 0, 0)
        for box in (self.rights_read, self.recusal_asked, self.sides_confirmed,
                    self.private_session):
            row.addWidget(box)
        self.add_row(_("调解时间"), self.held_at, "held_at")
        self.add_row(_("地点"), self.place)
        self.add_row(_("调解员"), self.mediators)
        self.add_row(_("记录人"), self.recorder)
        self.add_row(_("到场人员"), self.attendees)
        self.add_row(_("邀请参加人"), self.invited)
        self.add_row(_("调解经过"), self.record, "record")
        self.add_row(_("调解方案"), self.proposals)
        self.add_row(_("下一步"), self.next_step)
        self.add_row(_("程序"), flags)
        self.record.setPlaceholderText(_("各方陈述、核实的事实、调解情况"))

    def _job(self) -> Job:
        when = self.held_at.dateTime().toPython()
        assert isinstance(when, datetime)
        entry = SessionInput(
            held_at=when, record=self.record.toPlainText(), place=self.place.text(),
            mediators=self.mediators.text(), recorder=self.recorder.text(),
            attendees=self.attendees.toPlainText(), invited=self.invited.text(),
            proposals=self.proposals.toPlainText(), next_step=self.next_step.text(),
            rights_read=self.rights_read.isChecked(),
            recusal_asked=self.recusal_asked.isChecked(),
            sides_confirmed=self.sides_confirmed.isChecked(),
            private_session=self.private_session.isChecked())
        db, user, case_id = self.workspace.db, self.workspace.user, self.case_id
        return partial(record_session, db, user, case_id, entry)


class OutcomeDialog(FormDialog):
    """调解不成 (终止调解, with the route the parties were told about) or 撤回."""

    def __init__(self, workspace: Workspace, tasks: TaskRunner, case_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(workspace, tasks, _("调解不成 / 撤回"), self._job, parent)
        self.case_id = case_id
        self.outcome = choice_box(CLOSE_OUTCOMES)
        self.guidance = choice_box(GUIDANCE, _("（撤回时不填）"))
        self.guidance.setCurrentIndex(1)
        self.reason = text_box(3)
        self.closed_on = date_field()
        self.add_row(_("结果"), self.outcome, "outcome")
        self.add_row(_("原因"), self.reason, "reason")
        self.add_row(_("告知其他途径"), self.guidance, "guidance")
        self.add_row(_("结案日期"), self.closed_on, "closed_on")
        self.preventions = PreventionFields()
        self.add_row(_("防止结果"), self.preventions, "preventions")
        self.outcome.currentIndexChanged.connect(self._outcome_changed)

    def _outcome_changed(self) -> None:
        withdrawn = self.outcome.currentData() == "withdrawn"
        self.guidance.setCurrentIndex(0 if withdrawn else max(self.guidance.currentIndex(), 1))
        self.guidance.setEnabled(not withdrawn)

    def _job(self) -> Job:
        db, user, case_id = self.workspace.db, self.workspace.user, self.case_id
        outcome, guidance = self.outcome.currentData(), self.guidance.currentData()
        reason, on = self.reason.toPlainText(), picked(self.closed_on)
        preventions = self.preventions.values()
        return partial(close_without_agreement, db, user, case_id, outcome, reason, guidance, on,
                       preventions)


class ExtensionDialog(FormDialog):
    """延长期限: new date, reason, who asked and who approved."""

    def __init__(self, workspace: Workspace, tasks: TaskRunner, case_id: int,
                 deadline: date | None, parent: QWidget | None = None) -> None:
        super().__init__(workspace, tasks, _("延长办理期限"), self._job, parent)
        self.case_id = case_id
        base = deadline or date.today()
        self.new_deadline = date_field(base + timedelta(days=30))
        self.reason, self.requested_by, self.approver = text_box(2), QLineEdit(), QLineEdit()
        self.reason.setPlainText(_("双方当事人同意延长调解期限"))
        self.add_row(_("新的期限"), self.new_deadline, "new_deadline")
        self.add_row(_("延长理由"), self.reason, "reason")
        self.add_row(_("申请人"), self.requested_by)
        self.add_row(_("批准人"), self.approver, "approver")

    def _job(self) -> Job:
        db, user, case_id = self.workspace.db, self.workspace.user, self.case_id
        new, reason = picked(self.new_deadline), self.reason.toPlainText()
        approver, asked = self.approver.text(), self.requested_by.text()
        return partial(extend_deadline, db, user, case_id, new, reason, approver, asked)


class ArchiveDialog(FormDialog):
    """归档: storage place, file-quality grade and the closing report (结案报告)."""

    def __init__(self, workspace: Workspace, tasks: TaskRunner, progress: CaseProgress,
                 parent: QWidget | None = None) -> None:
        super().__init__(workspace, tasks, _("归档"), self._job, parent)
        self.case_id = progress.case_id
        self.location = QLineEdit(progress.archive_location or _("本组织档案室"))
        self.quality = choice_box(FILE_QUALITY)
        self.quality.setCurrentIndex(1)
        self.summary = text_box(5)
        self.summary.setPlainText(progress.closing_summary or progress.outcome_reason or "")
        self.archived_on = date_field()
        self.add_row(_("档案存放位置"), self.location, "archive_location")
        self.add_row(_("卷宗质量"), self.quality, "file_quality")
        self.add_row(_("结案报告"), self.summary, "closing_summary")
        self.add_row(_("归档日期"), self.archived_on)

    def _job(self) -> Job:
        db, user, case_id = self.workspace.db, self.workspace.user, self.case_id
        location, quality = self.location.text(), self.quality.currentData()
        summary, on = self.summary.toPlainText(), picked(self.archived_on)
        return partial(archive_case, db, user, case_id, location, quality, summary, on)
