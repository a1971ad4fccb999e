"""One case: its data, parties, and the timeline of everything that happened to it."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app import i18n
from app.domain.codes import CATEGORIES, GENDERS, PARTY_KINDS, RISKS, ROLES, SOURCES, label
from app.domain.text import _
from app.domain.workflow import STATUS_LABELS, CaseStatus
from app.services.casebase.workspace import Workspace
from app.services.cases.detail import CaseDetail, get_case
from app.services.cases.guard import SeenCase
from app.services.cases.intake import refuse_case
from app.services.errors import ConflictError
from app.ui.app_errors import error_text
from app.ui.assignment.actions import AssignmentActions
from app.ui.colours import RISK_COLOURS
from app.ui.documents.case_buttons import DocumentButtons
from app.ui.mediation.actions import MediationActions
from app.ui.shortcuts import case_button_text
from app.ui.table_view import fill_table, make_small_table
from app.ui.tasks import TaskRunner


def _value(text: str | None) -> QLabel:
    label_widget = QLabel(text or "—")
    label_widget.setWordWrap(True)
    label_widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label_widget


def _long_value(text: str | None) -> QPlainTextEdit:
    """A long text (facts, claims): its own scrolling box of at least five lines, never cut off.

    A word-wrapped label in a form is given one line's height when the form
    is short of room, so the end of a long 纠纷事实 silently disappeared.
    """
    box = QPlainTextEdit(text or "—")
    box.setReadOnly(True)
    box.setFrameShape(QFrame.Shape.StyledPanel)
    lines = box.fontMetrics().lineSpacing() * 5
    box.setMinimumHeight(lines + 2 * box.frameWidth() + 8)
    return box


class CaseDetailDialog(QDialog):
    """Shows a case loaded in the background; emits ``changed`` after an action.

    Every action taken from the dialog carries the version of the case it
    shows (:class:`SeenCase`), so acting on a screen someone else has made
    stale is refused with their change named, and the dialog shows the case
    as it now is.
    """

    changed = Signal()

    def __init__(self, workspace: Workspace, tasks: TaskRunner, case_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.tasks, self.case_id = workspace, tasks, case_id
        self.detail: CaseDetail | None = None
        self.seen = SeenCase(case_id, 0)
        self.setWindowTitle(_("案件详情"))
        self.resize(1000, 760)
        self.header = QLabel(_("加载中…"))
        self.header.setStyleSheet("font-size: 17px; font-weight: bold;")
        self.info = QFormLayout()
        info_box = QWidget()
        info_box.setLayout(self.info)
        self.parties = make_small_table((170, 120, 90, 190, 50, 130, 250))
        self.timeline = QListWidget()
        self.timeline.setWordWrap(True)
        self.refuse_button = QPushButton(case_button_text("不予受理", dots=True))
        self.refuse_button.clicked.connect(self.refuse)
        self.refuse_button.hide()
        self.message = QLabel()
        close = QPushButton(_("关闭"))
        close.clicked.connect(self.accept)
        right = QVBoxLayout()
        right.addWidget(QLabel(_("办理经过")))
        right.addWidget(self.timeline)
        right_box = QWidget()
        right_box.setLayout(right)
        info_scroll = QScrollArea()  # long facts and claims scroll instead of being cut off
        info_scroll.setWidgetResizable(True)
        info_scroll.setFrameShape(QFrame.Shape.NoFrame)
        info_scroll.setWidget(info_box)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(info_scroll)
        top.addWidget(right_box)
        top.setSizes([560, 440])
        self.routing = AssignmentActions(workspace, tasks, case_id, self)
        self.routing.changed.connect(self._acted)
        self.routing.failed.connect(self.message.setText)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.routing)
        buttons.addWidget(self.refuse_button)
        self.documents = DocumentButtons(self, buttons)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(top, 3)
        layout.addWidget(QLabel(_("当事人")))
        layout.addWidget(self.parties, 2)
        self.mediation = MediationActions(workspace, tasks, case_id, self)
        self.mediation.changed.connect(self._acted)
        layout.addWidget(self.mediation)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        """Fetch the case again (after an action or a conflict)."""
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(get_case, db, user, self.case_id), self.show_case,
                       self.show_error, owner=self)

    def show_error(self, exc: BaseException) -> None:
        """One sentence on why loading or an action failed."""
        self.message.setText(error_text(exc))

    def _acted(self, _result: object = None) -> None:
        self.changed.emit()
        self.reload()

    def show_case(self, d: CaseDetail) -> None:
        """Fill every part of the dialog from ``d``; its actions act on this version."""
        self.detail = d
        self.seen = SeenCase(d.id, d.version)
        self.routing.case_id = self.mediation.case_id = self.seen
        status = _(STATUS_LABELS[CaseStatus(d.status)])
        self.header.setText(f"{d.number}　{status}")
        self.setWindowTitle(_("案件详情 — {number}").format(number=d.number))
        while self.info.rowCount():
            self.info.removeRow(0)
        risk = _value(label(RISKS, d.risk))
        risk.setStyleSheet(f"color: {RISK_COLOURS.get(d.risk, '#000')};")
        rows: list[tuple[str, QWidget]] = [
            (_("受理时间"), _value(i18n.format_datetime(d.received_at))),
            (_("案件来源"), _value(label(SOURCES, d.source))),
            (_("纠纷类型"), _value(label(CATEGORIES, d.category))),
            (_("风险等级"), risk),
            (_("涉及人数"), _value(i18n.format_number(d.people_involved))),
            (_("争议金额"), _value(i18n.format_money(d.amount) if d.amount is not None else None)),
            (_("发生地点"), _value(d.region_name)),
            (_("受理组织"), _value(d.organisation)),
            (_("承办组织"), _value(d.current_organisation)),
            (_("调解员"), _value("、".join(d.mediators) or d.lead_mediator)),
            (_("办理期限"), _value(i18n.format_date(d.deadline))),
            (_("登记人"), _value(d.registered_by)),
            (_("纠纷事实"), _long_value(d.facts)),
            (_("请求事项"), _long_value(d.claims)),
        ]
        if d.refusal_reason:
            rows.append((_("不予受理理由"), _value(d.refusal_reason)))
        prevented = (d.closing or {}).get("preventions") or []
        if prevented:
            rows.append((_("防止结果"), _value(_("；").join(
                _("{kind}（{n} 人）").format(kind=p["label"], n=p["people"]) for p in prevented))))
        for title, widget in rows:
            self.info.addRow(title, widget)
        names = {p.case_party_id: p.name for p in d.parties}
        fill_table(self.parties, [_("身份"), _("姓名/名称"), _("类别"), _("证件号码"),
                                  _("性别"), _("联系电话"), _("住址")],
                   [[label(ROLES, p.role) if p.role in ROLES else
                     _("{name}的代理人（{relation}）").format(
                         name=names.get(p.represents or 0, ""), relation=p.relation or ""),
                     p.name, label(PARTY_KINDS, p.kind), p.id_number or p.credit_code or "",
                     label(GENDERS, p.gender) if p.gender else "", p.phone or "",
                     p.address or ""] for p in d.parties])
        self.timeline.clear()
        for event in d.timeline:
            who = f"  {event.who}" if event.who else ""
            at = (i18n.format_date(event.at.date(), "long") if event.date_only
                  else i18n.format_datetime(event.at))
            self.timeline.addItem(f"{at}{who}\n    {event.text}")
        self.refuse_button.setVisible(d.status == CaseStatus.RECEIVED.value
                                      and self.workspace.user.may("case.refuse"))
        self.routing.refresh()
        self.mediation.refresh()
        self.documents.refresh()

    def refuse(self) -> None:
        """Record 不予受理 with a reason the user types."""
        reason, ok = QInputDialog.getMultiLineText(self, _("不予受理"),
                                                   _("不予受理的理由（将告知当事人）："))
        if ok:
            self.record_refusal(reason)

    def record_refusal(self, reason: str) -> None:
        """Save the refusal in the background, then reload."""
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(refuse_case, db, user, self.seen, reason), self._acted,
                       self._action_failed, owner=self)

    def _action_failed(self, exc: BaseException) -> None:
        """Say why; after a conflict, show the case as the other person left it."""
        self.show_error(exc)
        if isinstance(exc, ConflictError):
            self.reload()
