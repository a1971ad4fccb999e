"""One 说事 matter through its four stages, 说 → 议 → 办 → 评, in one window.

The top shows what was said and by whom; below, one part per stage, each
enabled only when the matter's stage allows it, so the clerk is led through
the ledger in the order the regulation asks.  Every save runs off the GUI
thread; a refusal is shown under the field concerned and nothing is kept.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app import i18n
from app.domain.codes import label
from app.domain.meeting_codes import ITEM_CATEGORIES
from app.domain.text import _
from app.services.casebase.workspace import Workspace
from app.services.meetings.proceedings import CaseLink, DiscussionResult, EvaluationInfo
from app.services.meetings.queries import ItemView, item_view
from app.services.organisations import queries as organisation_queries
from app.services.organisations.queries import OrganisationRow
from app.ui.app_errors import error_text
from app.ui.form_errors import FieldErrors
from app.ui.meetings.common import ItemStep, show_failure, stage_text
from app.ui.meetings.item_case import CaseForm
from app.ui.meetings.item_handling import EvaluateForm, HandleForm
from app.ui.meetings.item_vote import DiscussForm
from app.ui.tasks import TaskRunner


class ItemDialog(QDialog):
    """A matter's editor; emits ``changed`` after every saved step."""

    changed = Signal()

    def __init__(self, workspace: Workspace, tasks: TaskRunner, item_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.tasks, self.item_id = workspace, tasks, item_id
        self.view: ItemView | None = None
        self._orgs: list[OrganisationRow] | None = None
        self.busy = False
        self.setWindowTitle(_("说事事项"))
        self.resize(900, 900)
        self.errors = FieldErrors()
        self.header = QLabel(_("加载中…"))
        self.header.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.said = QLabel()
        self.said.setWordWrap(True)
        self.said.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.said.setStyleSheet("background: #f7f4ef; padding: 6px;")
        self.discuss = DiscussForm(self.errors)
        self.handle = HandleForm(self.errors)
        self.evaluate = EvaluateForm(self.errors)
        self.to_case = CaseForm(self.errors)
        body = QWidget()
        column = QVBoxLayout(body)
        heading = QLabel(_("说：事项内容"))
        heading.setStyleSheet("font-weight: bold;")
        column.addWidget(heading)
        column.addWidget(self.said)
        for form in (self.discuss, self.handle, self.evaluate, self.to_case):
            column.addWidget(form)
            form.submitted.connect(self.run)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.status = QLabel()
        self.status.setWordWrap(True)
        close = QPushButton(_("关闭"))
        close.setAutoDefault(False)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.to_case.open_case.connect(self.open_case)
        self.reload()
        db, user = workspace.db, workspace.user
        self.tasks.run(partial(organisation_queries.organisations, db, user),
                       self._organisations, owner=self)

    def reload(self) -> None:
        """Fetch the matter again (after a save, or to see another clerk's change)."""
        db, user, item_id = self.workspace.db, self.workspace.user, self.item_id
        self.tasks.run(partial(item_view, db, user, item_id), self.show_view,
                       self._load_failed, owner=self)

    def _load_failed(self, exc: BaseException) -> None:
        self.status.setText(error_text(exc))

    def _organisations(self, orgs: list[OrganisationRow]) -> None:
        self._orgs = orgs
        self._offer_organisations()

    def _offer_organisations(self) -> None:
        ready = self.view is not None and self._orgs is not None
        if ready and not self.to_case.organisation.count():
            assert self.view is not None and self._orgs is not None
            self.to_case.fill_organisations(self._orgs, self.view.village,
                                            self.workspace.user.organisation_id)

    def show_view(self, view: ItemView) -> None:
        """Fill every stage from ``view``."""
        self.view = view
        item = view.item
        self.header.setText(_("{village} {day} 第 {n} 项　{stage}").format(
            village=view.village, day=i18n.format_datetime(view.held_at), n=item.ordinal + 1,
            stage=stage_text(item.stage)))
        self.setWindowTitle(_("说事事项 — {village} 第 {n} 项").format(
            village=view.village, n=item.ordinal + 1))
        self.said.setText(_("提出人：{who}　　类别：{category}\n{matter}").format(
            who=item.raised_by, category=label(ITEM_CATEGORIES, item.category),
            matter=item.matter))
        for form in (self.discuss, self.handle, self.evaluate, self.to_case):
            form.show_item(view)
        self._offer_organisations()

    def run(self, step: ItemStep) -> None:
        """Save one step in the background, then reload and tell the meeting."""
        if self.busy:
            return
        self.busy = True
        self.errors.clear()
        self.status.setText(_("正在保存…"))
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(step, db, user, self.item_id), self._saved, self._failed,
                       owner=self)

    def _saved(self, result: object) -> None:
        self.busy = False
        self.status.setText(self._summary(result))
        self.changed.emit()
        self.reload()

    def _summary(self, result: object) -> str:
        if isinstance(result, DiscussionResult) and result.vote is not None:
            return result.vote.reason
        if isinstance(result, EvaluationInfo) and result.result.reopens:
            return _("不满意超过三分之一，事项已退回重新办理")
        if isinstance(result, CaseLink):
            return _("已转为调解案件：{number}").format(number=result.number)
        return _("已保存")

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        show_failure(self.errors, self.status, exc)

    def open_case(self, case_id: int) -> QDialog:
        """Show the linked mediation case in its own window."""
        from app.ui.cases.detail_dialog import CaseDetailDialog

        dialog = CaseDetailDialog(self.workspace, self.tasks, case_id, self)
        dialog.open()
        return dialog
