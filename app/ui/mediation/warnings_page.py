"""工作台: the warning panel — what needs attention today, each row one click from the case.

Five tabs: due within three days, overdue, red risk not yet escalated to
county level under supervision, supervised cases, and missed due dates in
agreements (with the suggested follow-up visit, and enforcement when a court
confirmed the agreement).  The tab titles carry the counts, and the main
window shows the same counts in its status bar from start-up.  The panel
opens on the most pressing list that has anything in it (overdue first),
and the list shown can be printed or exported like the case list.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from PySide6.QtCore import QModelIndex, Qt, Signal
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
from app.domain.text import _
from app.domain.workflow import STATUS_LABELS, CaseStatus
from app.reports.warning_exports import LISTS, deadline_note, suggestion
from app.services.casebase.workspace import Workspace
from app.services.mediation.dashboard import LIMIT, WarningBoard, WarningList, warning_board
from app.ui.app_errors import error_text
from app.ui.colours import RISK_COLOURS
from app.ui.shortcuts import PRINT, bind
from app.ui.table_view import (
    chosen_index,
    fill_table,
    make_small_table,
    open_key,
    open_on_keys,
)
from app.ui.tasks import TaskRunner

FIRST_LOOKED_AT = ("overdue", "due_soon", "red_unescalated", "supervised", "missed")
"""The order in which the lists are looked at when the panel opens: the first with rows wins."""


class WarningsPage(QWidget):
    """The warning panel; ``counted`` carries a one-line summary for the status bar."""

    counted = Signal(str)

    def __init__(self, workspace: Workspace, tasks: TaskRunner,
                 today: Callable[[], date] = date.today, rows_shown: int = LIMIT) -> None:
        super().__init__()
        self.workspace, self.tasks, self._today = workspace, tasks, today
        self.rows_shown = rows_shown
        self.board: WarningBoard | None = None
        self.title = QLabel(_("工作台"))
        self.title.setStyleSheet("font-size: 17px; font-weight: bold;")
        self.message = QLabel()
        refresh = QPushButton(_("刷新"))
        refresh.clicked.connect(self.load)
        self.rules_button = QPushButton(_("办理期限规则…"))
        self.rules_button.clicked.connect(self.open_rules)
        if not workspace.user.may("rules.admin"):
            # hidden, never setVisible(True): that shows a parentless button as a window
            self.rules_button.hide()
        self.print_button = QPushButton(_("打印…"))
        self.print_button.setToolTip(PRINT.label)
        self.print_button.clicked.connect(self.print_list)
        bind(PRINT, self, self.print_list, Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.export_button = QPushButton(_("导出…"))
        self.export_button.clicked.connect(self.export_list)
        self._user_chose = False
        self._jumping = False
        self.tabs = QTabWidget()
        self.tables: dict[str, QTableWidget] = {}
        for key, title in LISTS:
            widths = ((205, 70, 110, 95, 280, 115, 100, 200) if key == "missed"
                      else (215, 80, 110, 100, 300, 80, 220))
            table = make_small_table(widths)
            table.doubleClicked.connect(lambda index, k=key: self._open_index(k, index))
            open_on_keys(table, partial(self._open_index, key))
            self.tables[key] = table
            self.tabs.addTab(table, _(title))
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.message, 1)
        top.addWidget(self.rules_button)
        top.addWidget(self.print_button)
        top.addWidget(self.export_button)
        top.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(QLabel(_("双击一行（或选中后按 Enter）打开案件。")))
        layout.addWidget(self.tabs)
        open_key(self, self._open_selected)
        self.tabs.currentChanged.connect(self._tab_changed)

    def load(self) -> None:
        """Read all five lists as of today."""
        today = self._today()
        self.message.setText(_("加载中…"))
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(warning_board, db, user, today, self.rows_shown), self.show_board,
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
            self.tabs.setTabText(n, _("{list}（{n}）").format(
                list=_(title), n=i18n.format_number(found.total)))
            counts.append(f"{_(title)} {i18n.format_number(found.total)}")
            self._fill(self.tables[key], key, found, board.today)
        lists: list[WarningList] = [getattr(board, key) for key, _t in LISTS]
        cut = [len(w.rows) for w in lists if w.total > len(w.rows)]
        self.message.setText(_("每类最多显示前 {n} 件（最紧急的在前）").format(n=cut[0])
                             if cut else "")
        self.counted.emit(_("工作台：") + "　".join(counts))
        if not self._user_chose or not getattr(board, self.current_key()).total:
            self._show_first_non_empty(board)

    def _show_first_non_empty(self, board: WarningBoard) -> None:
        """Turn to the most pressing list with rows (the user's own choice is kept otherwise)."""
        first = next((key for key in FIRST_LOOKED_AT if getattr(board, key).total), None)
        if first is not None:
            self._jumping = True
            self.tabs.setCurrentIndex([k for k, _t in LISTS].index(first))
            self._jumping = False
            self._user_chose = False

    def _fill(self, table: QTableWidget, key: str, found: WarningList, today: date) -> None:
        head = [_("案号"), _("状态"), _("纠纷类型"), _("风险")]
        rows = [[r.number, _(STATUS_LABELS[CaseStatus(r.status)]), label(CATEGORIES, r.category),
                 label(RISKS, r.risk)] for r in found.rows]
        if key == "missed":
            head += [_("履行事项"), _("履行期限"), _("尚欠"), _("建议")]
            for cells, r in zip(rows, found.rows, strict=True):
                cells += [r.obligation or "", i18n.format_date(r.due_date),
                          i18n.format_money(r.outstanding) or "—", suggestion(r)]
        else:
            head += [_("承办组织"), _("调解员"), _("期限")]
            for cells, r in zip(rows, found.rows, strict=True):
                note = deadline_note(r.deadline, today)
                cells += [r.organisation, r.mediator or "",
                          f"{i18n.format_date(r.deadline)} {note}".strip()]
        fill_table(table, head, rows, frozenset({6}) if key == "missed" else frozenset())
        for n, r in enumerate(found.rows):
            item = table.item(n, 3)
            if item is not None:
                item.setForeground(QColor(RISK_COLOURS.get(r.risk, "#000")))

    def _tab_changed(self, _index: int) -> None:
        if not self._jumping:
            self._user_chose = True

    def current_key(self) -> str:
        """The key of the list on the tab shown."""
        return LISTS[max(self.tabs.currentIndex(), 0)][0]

    def _open_selected(self) -> None:
        index = chosen_index(self.tables[self.current_key()])
        if index.isValid():
            self.open_row(self.current_key(), index.row())

    def print_list(self) -> QWidget | None:
        """Print preview of the list shown, as the panel shows it (Ctrl+P)."""
        from app.ui.mediation.warnings_output import print_preview

        if self.board is None:
            return None
        key = self.current_key()
        found: WarningList = getattr(self.board, key)
        title = _("工作台 — {list}（{day}）").format(list=_(dict(LISTS)[key]),
                                                  day=i18n.format_date(self.board.today))
        note = _("共 {n} 件").format(n=i18n.format_number(found.total))
        if found.total > len(found.rows):
            note += _("，本页列出最紧急的 {n} 件；全部请用“导出”").format(
                n=i18n.format_number(len(found.rows)))
        return print_preview(title, note, self.tables[key], self)

    def export_list(self) -> QWidget | None:
        """The list shown, whole, to XLSX or CSV (the case list's export dialog)."""
        from app.ui.mediation.warnings_output import WarningExportDialog

        if self.board is None:
            return None
        key = self.current_key()
        dialog = WarningExportDialog(self.workspace, self.tasks, key, self.board.today,
                                     getattr(self.board, key).total, self)
        dialog.open()
        return dialog

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
