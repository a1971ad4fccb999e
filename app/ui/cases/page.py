"""The case list: filter, sort and scroll through every case without loading them all."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import i18n
from app.domain.codes import CATEGORIES, RISKS, SOURCES, label
from app.domain.text import _
from app.domain.workflow import STATUS_LABELS, CaseStatus
from app.services.casebase.opening import Database
from app.services.casebase.workspace import Workspace
from app.services.cases import queries as case_queries
from app.services.cases.queries import CaseFilter, CaseRow
from app.services.organisations import queries as organisation_queries
from app.services.organisations.queries import MediatorRow, OrganisationRow
from app.services.security.masking import plan_search
from app.services.security.users import UserInfo
from app.ui.cases.intake_draft import pending_draft
from app.ui.colours import RISK_COLOURS
from app.ui.combos import compact_outside_chinese, vocab_combo
from app.ui.lazy_table import Column, LazyTableModel, PageFn
from app.ui.shortcuts import FIND, NEW_CASE, bind, leave_on_tab
from app.ui.sort_arrow import point_sort_arrow
from app.ui.table_view import apply_widths_when_loaded, make_table, open_on_keys
from app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.services.cases.intake import IntakeResult
    from app.ui.cases.detail_dialog import CaseDetailDialog
    from app.ui.cases.export_dialog import ExportDialog
    from app.ui.cases.import_wizard import ImportWizard
    from app.ui.cases.intake_dialog import IntakeDialog


def _columns() -> list[Column]:
    return [
        Column(_("案号"), lambda r: r.number, "number"),
        Column(_("受理时间"), lambda r: i18n.format_datetime(r.received_at), "received_at"),
        Column(_("当事人（申请人 — 被申请人）"), lambda r: r.parties),
        Column(_("纠纷类型"), lambda r: label(CATEGORIES, r.category), "category"),
        Column(_("来源"), lambda r: label(SOURCES, r.source)),
        Column(_("状态"), lambda r: _(STATUS_LABELS[CaseStatus(r.status)]), "status"),
        Column(_("风险"), lambda r: label(RISKS, r.risk), "risk",
               colour=lambda r: RISK_COLOURS.get(r.risk)),
        Column(_("涉及人数"), lambda r: str(r.people_involved), align_right=True),
        Column(_("承办组织"), lambda r: r.organisation),
        Column(_("调解员"), lambda r: r.mediator or ""),
        Column(_("办理期限"), lambda r: i18n.format_date(r.deadline), "deadline"),
    ]


def _case_page(db: Database, user: UserInfo, f: CaseFilter, offset: int, limit: int,
               total: int, sort: str | None, descending: bool) -> list[CaseRow]:
    """One page of the case list in the order the lazy model asks for (runs on a worker)."""
    return case_queries.case_page(db, user, f, offset, limit, sort=sort or "received_at",
                                  descending=descending, total=total)


def _source(db: Database, user: UserInfo, f: CaseFilter) -> tuple[Callable[[], int], PageFn]:
    """The count and page functions of the lazy list for filter ``f``."""
    return partial(case_queries.count_cases, db, user, f), partial(_case_page, db, user, f)


AFTER_PAINT_MS = 1
"""A timer, not a zero-delay call (which Qt queues ahead of a repaint), runs after the paint."""


class CasesPage(QWidget):
    """案件: every case of the case base, newest first.

    What the first page of cases does not need waits until it is painted (or
    until it is known that none will be asked for: an empty list, a list not on
    screen, a failed count): the organisation and mediator filters' lists, and
    whatever listens to ``settled`` (the main window's 工作台 panel).  So the
    page a clerk opens the program for does not share the start with them.
    """

    notice = Signal(str)
    settled = Signal()

    def __init__(self, workspace: Workspace, tasks: TaskRunner) -> None:
        super().__init__()
        self.workspace, self.tasks = workspace, tasks
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            _("查找：案号、姓名、身份证号、电话、纠纷事实，或拼音首字母（如 zs）"))
        self.search.setClearButtonEnabled(True)
        self.new_button = QPushButton(_("受理登记 (Ctrl+N)"))
        self.new_button.clicked.connect(self.open_intake)
        bind(NEW_CASE, self, self.open_intake)
        self.import_button = QPushButton(_("导入台账…"))
        self.import_button.clicked.connect(self.open_import)
        if not workspace.user.may("case.register"):
            # hidden, never setVisible(True): that shows a parentless button as a window
            self.new_button.hide()
            self.import_button.hide()
        self.export_button = QPushButton(_("导出…"))
        self.export_button.clicked.connect(self.open_export)
        bind(FIND, self, self.search.setFocus)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self._filter_changed)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.attention_only = QCheckBox(_("重点关注（群体性、红色风险）"))
        self.draft_banner = QFrame()
        self.draft_banner.setStyleSheet("background: #e8f0fe; padding: 4px;")
        banner = QHBoxLayout(self.draft_banner)
        banner.addWidget(QLabel(_("有一份上次未完成的受理登记。")))
        resume = QPushButton(_("继续登记"))
        resume.clicked.connect(self.open_intake)
        banner.addWidget(resume)
        banner.addStretch(1)
        self.draft_banner.hide()
        self.report_cell: CaseFilter | None = None
        self.report_banner = QFrame()
        self.report_banner.setStyleSheet("background: #fdf1e6; padding: 4px;")
        self.report_label = QLabel()
        clear_report = QPushButton(_("清除，显示全部案件"))
        clear_report.clicked.connect(self.clear_report_cell)
        report_row = QHBoxLayout(self.report_banner)
        report_row.setContentsMargins(6, 0, 6, 0)
        report_row.addWidget(self.report_label)
        report_row.addWidget(clear_report)
        report_row.addStretch(1)
        self.report_banner.hide()
        self.status_filter = vocab_combo({s.value: STATUS_LABELS[s] for s in CaseStatus},
                                         _("全部状态"))
        self.category_filter = vocab_combo(CATEGORIES, _("全部类型"))
        self.risk_filter = vocab_combo(RISKS, _("全部风险等级"))
        self.source_filter = vocab_combo(SOURCES, _("全部来源"))
        self.organisation_filter = QComboBox()
        self.organisation_filter.addItem(_("全部组织"), None)
        self.organisation_filter.setMaximumWidth(260)
        self.mediator_filter = QComboBox()
        self.mediator_filter.addItem(_("全部调解员"), None)
        self.mediator_filter.setEditable(True)
        self.mediator_filter.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.date_from, self.date_to = QDateEdit(), QDateEdit()
        for edit, text in ((self.date_from, _("受理起")), (self.date_to, _("受理止"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setSpecialValueText(text)
            leave_on_tab(edit)
            edit.setMinimumDate(QDate(2000, 1, 1))
            edit.setDate(edit.minimumDate())
        self.overdue_only = QCheckBox(_("仅看超期"))
        self.count_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.import_button)
        top.addWidget(self.export_button)
        bar, second = QHBoxLayout(), QHBoxLayout()
        # Chinese labels fit every filter on one row; longer English ones need two,
        # or the filters alone would make the window wider than a laptop screen.
        rest = bar if i18n.current_locale().startswith("zh") else second
        for combo in (self.organisation_filter, self.mediator_filter):
            compact_outside_chinese(combo)
        for widget in (self.status_filter, self.category_filter, self.source_filter,
                       self.risk_filter, self.organisation_filter, self.mediator_filter):
            bar.addWidget(widget)
        for extra in (self.date_from, self.date_to, self.overdue_only, self.attention_only):
            rest.addWidget(extra)
        rest.addStretch(1)
        rest.addWidget(self.count_label)

        self._filter = CaseFilter()
        self.model = LazyTableModel(tasks, _columns(),
                                    *_source(workspace.db, workspace.user, self._filter),
                                    default_sort="received_at", parent=self)
        self.table = make_table((215, 165, 260, 100, 110, 80, 105, 70, 240, 70, 130))
        self.table.setModel(self.model)
        apply_widths_when_loaded(self.table, self.model.page_loaded)
        self.table.horizontalHeader().setSectionsClickable(True)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        point_sort_arrow(self.table.horizontalHeader())
        self.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.DescendingOrder)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self.model.sort)

        layout = QVBoxLayout(self)
        layout.addWidget(self.draft_banner)
        layout.addWidget(self.report_banner)
        layout.addLayout(top)
        layout.addLayout(bar)
        if rest is second:
            layout.addLayout(second)
        layout.addWidget(self.table)
        self.table.doubleClicked.connect(self._open_row)
        open_on_keys(self.table, self._open_row, self)
        self.model.counted.connect(self._show_count)
        self._settled = False
        self.model.counted.connect(self._counted)
        self.model.page_loaded.connect(self._first_page_in)
        self.model.load_failed.connect(self._first_page_in)
        for combo in (self.status_filter, self.category_filter, self.risk_filter,
                      self.source_filter, self.organisation_filter, self.mediator_filter):
            combo.currentIndexChanged.connect(self._filter_changed)
        self.date_from.dateChanged.connect(self._filter_changed)
        self.date_to.dateChanged.connect(self._filter_changed)
        self.overdue_only.toggled.connect(self._filter_changed)
        self.attention_only.toggled.connect(self._filter_changed)

    def load(self) -> None:
        """Count and show the first page (called when the page is first shown).

        Babel's locale data loads beside the count, while the window paints,
        instead of on the GUI thread when the count is shown.
        """
        self.tasks.run(partial(i18n.load_formats))
        self.model.reload()
        self._show_draft_banner()

    def _counted(self, total: int) -> None:
        """No first page will be asked for when the list is empty or not on screen."""
        if total == 0 or not self.table.isVisible():
            self._first_page_in()

    def _first_page_in(self, *_ignored: object) -> None:
        if not self._settled:
            self._settled = True
            QTimer.singleShot(AFTER_PAINT_MS, self, self._after_first_page)

    def _after_first_page(self) -> None:
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(organisation_queries.organisations, db, user),
                       self._fill_organisations, owner=self)
        self.tasks.run(partial(organisation_queries.mediators, db, user), self._fill_mediators,
                       owner=self)
        self.settled.emit()

    def _fill_organisations(self, orgs: list[OrganisationRow]) -> None:
        for org in orgs:
            self.organisation_filter.addItem(org.name, org.id)

    def _fill_mediators(self, mediators: list[MediatorRow]) -> None:
        for mediator in mediators:
            self.mediator_filter.addItem(mediator.name, mediator.id)
        self.mediator_filter.setCurrentIndex(0)

    def _show_draft_banner(self, _result: int = 0) -> None:
        self.draft_banner.setVisible(pending_draft(self.workspace.user) is not None)

    def _picked_date(self, edit: QDateEdit) -> date | None:
        if edit.date() == edit.minimumDate():
            return None
        value = edit.date().toPython()
        return value if isinstance(value, date) else None

    def open_intake(self) -> IntakeDialog:
        """Open the intake form, restoring a draft if one was left (its modules load now)."""
        from app.ui.cases.intake_dialog import IntakeDialog

        dialog = IntakeDialog(self.workspace, self.tasks, self)
        draft = pending_draft(self.workspace.user)
        if draft:
            dialog.load(draft)
        dialog.registered.connect(self._registered)
        dialog.finished.connect(self._show_draft_banner)
        dialog.open()
        return dialog

    def _registered(self, result: IntakeResult) -> None:
        note = _("已受理：{number}").format(number=result.number)
        if result.needs_attention:
            note += _("（群体性或红色风险，已列入重点关注）")
        self.notice.emit(note)
        self.model.reload()
        self.open_case(result.case_id)

    def open_case(self, case_id: int) -> CaseDetailDialog:
        """Show one case in its own window."""
        from app.ui.cases.detail_dialog import CaseDetailDialog

        dialog = CaseDetailDialog(self.workspace, self.tasks, case_id, self)
        dialog.changed.connect(self.model.reload)
        dialog.open()
        return dialog

    def open_import(self) -> ImportWizard:
        """案件 → 导入台账…: the ledger import wizard; the list reloads after an import."""
        from app.ui.cases.import_wizard import ImportWizard

        wizard = ImportWizard(self.workspace, self.tasks, self)
        wizard.imported.connect(self._imported)
        wizard.open()
        return wizard

    def _imported(self, _result: object) -> None:
        self.model.reload()

    def open_export(self) -> ExportDialog:
        """案件 → 导出…: the list as filtered and sorted now, or the party registry."""
        from app.ui.cases.export_dialog import ExportDialog

        header = self.table.horizontalHeader()
        sort = _columns()[header.sortIndicatorSection()].sort_key or "received_at"
        descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        dialog = ExportDialog(self.workspace, self.tasks, self._filter, sort, descending,
                              self.model.total(), self)
        dialog.open()
        return dialog

    def _open_row(self, index: QModelIndex) -> None:
        row = self.model.row_object(index.row())
        if row is not None:
            self.open_case(row.id)

    def current_filter(self) -> CaseFilter:
        """The filter the widgets describe."""
        return CaseFilter(
            status=self.status_filter.currentData(),
            category=self.category_filter.currentData(),
            source=self.source_filter.currentData(),
            risk=self.risk_filter.currentData(),
            organisation_id=self.organisation_filter.currentData(),
            mediator_id=self.mediator_filter.currentData(),
            received_from=self._picked_date(self.date_from),
            received_to=self._picked_date(self.date_to),
            overdue_on=date.today() if self.overdue_only.isChecked() else None,
            attention=self.attention_only.isChecked(),
            text=self.search.text().strip() or None,
            case_ids=self.report_cell.case_ids if self.report_cell else None,
            label=self.report_cell.label if self.report_cell else None,
        )

    def show_report_cell(self, cell: CaseFilter) -> None:
        """List exactly the cases of a report cell (its ids and label), other filters cleared."""
        widgets = (self.search, self.status_filter, self.category_filter, self.source_filter,
                   self.risk_filter, self.organisation_filter, self.mediator_filter,
                   self.date_from, self.date_to, self.overdue_only, self.attention_only)
        for widget in widgets:
            widget.blockSignals(True)
        self.search.clear()
        for combo in widgets[1:7]:
            assert isinstance(combo, QComboBox)
            combo.setCurrentIndex(0)
        for edit in (self.date_from, self.date_to):
            edit.setDate(edit.minimumDate())
        self.overdue_only.setChecked(False)
        self.attention_only.setChecked(False)
        for widget in widgets:
            widget.blockSignals(False)
        self.report_cell = cell
        self.report_label.setText(cell.label or "")
        self.report_banner.show()
        self._filter_changed()

    def clear_report_cell(self) -> None:
        """Back from a report cell's cases to the whole list."""
        self.report_cell = None
        self.report_banner.hide()
        self._filter_changed()

    def _filter_changed(self) -> None:
        self._filter = self.current_filter()
        self.model.set_source(*_source(self.workspace.db, self.workspace.user, self._filter))

    def _show_count(self, total: int) -> None:
        f = self._filter
        if f.text and plan_search(f.text, self.workspace.user).refused:
            self.count_label.setText(_("为保护个人信息，您的角色只能按完整的身份证号或手机号查找"))
            return
        self.count_label.setText(_("共 {n} 件").format(n=i18n.format_number(total)))
