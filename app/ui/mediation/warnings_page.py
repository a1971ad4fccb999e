"""工作台: the warning panel — what needs attention today, each row one click from the case.

Five tabs: due within three days, overdue, red risk not yet escalated to
county level under supervision, supervised cases, and missed due dates in
agreements (with the suggested follow-up visit, and enforcement when a court
confirmed the agreement).  The tab titles carry the counts, and the main
window shows the same counts in its status bar from start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import i18n
from app.domain.codes import CATEGORIES, RISKS, label
from app.domain.text import N_, _
from app.domain.workflow import STATUS_LABELS, CaseStatus
from app.services.casebase.workspace import Workspace
from app.services.mediation.dashboard import WarningBoard, WarningList, WarningRow, warning_board
from app.ui.app_errors import error_text
from app.ui.colours import RISK_COLOURS
from app.ui.table_view import fill_table, make_small_table
from app.ui.tasks import TaskRunner

LISTS = (("due_soon", N_("3天内到期")), ("overdue", N_("已超期")),
         ("red_unescalated", N_("红色风险未升级")), ("supervised", N_("挂牌督办")),
         ("missed", N_("履行逾期")))


def _deadline_note(row: WarningRow, today: date) -> str:
    if row.deadline is None:
        return ""
    days = (row.deadline - today).days
    if days < 0:
        return _("已超期 {n} 天").format(n=-days)
    return _("还剩 {n} 天").format(n=days) if days else _("今天到期")


def _suggestion(row: WarningRow) -> str:
    text = _("{day}前回访督促").format(day=i18n.format_date(row.visit_by))
    if row.enforceable:
        text += _("；可申请强制执行")
    return text


class WarningsPage(QWidget):
    """The warning panel; ``counted`` carries a one-line summary for the status bar."""

    counted = Signal(str)

    def __init__(self, workspace: Workspace, tasks: TaskRunner,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__()
        self.workspace, self.tasks, self._today = workspace, tasks, today
        self.board: WarningBoard | None = None
        self.title = QLabel(_("工作台"))
        self.title.setStyleSheet("font-size: 17px; font-weight: bold;")
        self.message = QLabel()
        refresh = QPushButton(_("刷新"))
        refresh.clicked.connect(self.load)
        self.rules_button = QPushButton(_("办理期限规则…"))
        self.rules_button.clicked.connect(self.open_rules)
        self.rules_button.setVisible(workspace.user.may("rules.admin"))
        self.tabs = QTabWidget()
        self.tables: dict[str, QTableWidget] = {}
        for key, title in LISTS:
            widths = ((205, 70, 100, 95, 280, 115, 100, 200) if key == "missed"
                      else (215, 80, 110, 100, 300, 80, 220))
            table = make_small_table(widths)
            table.doubleClicked.connect(lambda index, k=key: self._open_index(k, index))
            self.tables[key] = table
            self.tabs.addTab(table, _(title))
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.message, 1)
        top.addWidget(self.rules_button)
        top.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(QLabel(_("双击一行打开案件。")))
        layout.addWidget(self.tabs)

    def load(self) -> None:
        """Read all five lists as of today."""
        today = self._today()
        self.message.setText(_("加载中…"))
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(warning_board, db, user, today), self.show_board,
                       self.show_error, owner=self)

    def show_error(self, exc: BaseException) -> None:
        """One sentence on why the lists could not be read."""
        self.message.setText(error_text(exc))

    def show_board(self, board: WarningBoard) -> None:
        """Fill every tab from ``board``."""
        self.board = board
        self.title.setText(_("工作台（{day}）").format(day=i18n.format_date(board.today)))
        counts = []
        for n, (key, title) in enumerate(LISTS):
            found: WarningList = getattr(board, key)
            self.tabs.setTabText(n, f"{_(title)}（{i18n.format_number(found.total)}）")
            counts.append(f"{_(title)} {i18n.format_number(found.total)}")
            self._fill(self.tables[key], key, found, board.today)
        lists: list[WarningList] = [getattr(board, key) for key, _t in LISTS]
        cut = [len(w.rows) for w in lists if w.total > len(w.rows)]
        self.message.setText(_("每类最多显示前 {n} 件（最紧急的在前）").format(n=cut[0])
                             if cut else "")
        self.counted.emit(_("工作台：") + "　".join(counts))

    def _fill(self, table: QTableWidget, key: str, found: WarningList, today: date) -> None:
        head = [_("案号"), _("状态"), _("纠纷类型"), _("风险")]
        rows = [[r.number, _(STATUS_LABELS[CaseStatus(r.status)]), label(CATEGORIES, r.category),
                 label(RISKS, r.risk)] for r in found.rows]
        if key == "missed":
            head += [_("履行事项"), _("履行期限"), _("尚欠"), _("建议")]
            for cells, r in zip(rows, found.rows, strict=True):
                cells += [r.obligation or "", i18n.format_date(r.due_date),
                          i18n.format_money(r.outstanding) or "—", _suggestion(r)]
        else:
            head += [_("调解组织"), _("调解员"), _("期限")]
            for cells, r in zip(rows, found.rows, strict=True):
                cells += [r.organisation, r.mediator or "",
                          f"{i18n.format_date(r.deadline)} {_deadline_note(r, today)}".strip()]
        fill_table(table, head, rows, frozenset({6}) if key == "missed" else frozenset())
        for n, r in enumerate(found.rows):
            item = table.item(n, 3)
            if item is not None:
                item.setForeground(QColor(RISK_COLOURS.get(r.risk, "#000")))

    def open_rules(self) -> QWidget:
        """The administrator's deadline rules."""
        from app.ui.mediation.rules_dialog import DeadlineRulesDialog

        dialog = DeadlineRulesDialog(self.workspace, self.tasks, self)
        dialog.open()
        return dialog

    def _open_index(self, key: str, index: QModelIndex) -> None:
        self.open_row(key, index.row())

    def open_row(self, key: str, row: int) -> QWidget | None:
        """Open the case on ``row`` of list ``key`` in the case detail window."""
        from app.ui.cases.detail_dialog import CaseDetailDialog

        if self.board is None or row >= len(getattr(self.board, key).rows):
            return None
        case_id = getattr(self.board, key).rows[row].case_id
        dialog = CaseDetailDialog(self.workspace, self.tasks, case_id, self)
        dialog.changed.connect(self.load)
        dialog.open()
        return dialog
