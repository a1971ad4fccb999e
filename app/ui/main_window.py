"""The main window: a sidebar of work areas, the pages, and a status bar.

Pages are built, and load their data, the first time they are shown, so
start-up costs one page, not seven: the modules of the other pages are not
even imported until then.  The exception is the warning panel (工作台), whose
counts the status bar shows from the start: it is built and loaded as soon as
the case list's first page is on screen (or it is known that none will come),
so the list a clerk opens the program for does not wait for the panel.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias, cast

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont, QFontMetrics, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QWidget,
)

from app.domain.text import _
from app.paths import resources_dir
from app.services.casebase.workspace import Workspace
from app.services.cases.queries import CaseFilter
from app.ui.cases.page import CasesPage
from app.ui.help.menu import HelpMenu
from app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.ui.admin.settings_page import SettingsPage
    from app.ui.backups.actions import BackupActions
    from app.ui.mediation.warnings_page import WarningsPage
    from app.ui.meetings.page import MeetingsPage
    from app.ui.organisations.page import OrganisationsPage
    from app.ui.parties.page import PartiesPage
    from app.ui.reports.page import ReportsPage

SP = QStyle.StandardPixmap
Page: TypeAlias = ("CasesPage | WarningsPage | PartiesPage | OrganisationsPage | MeetingsPage"
                   " | ReportsPage | SettingsPage")
SIDEBAR_FONT_PX = 15
SIDEBAR_MIN_WIDTH = 150
SIDEBAR_PADDING = 60  # icon, item padding, frame
PAGE_ACTIONS: tuple[str | None, ...] = (
    "case.read", "case.read", "party.read", "network.read", "meeting.read", "stats.read", None)
"""What a user must be allowed to see each sidebar page (app/domain/permissions.py)."""


class MainWindow(QMainWindow):
    """调解台 main window for one workspace."""

    database_requested = Signal(str)
    new_office_requested = Signal()
    language_requested = Signal(str)

    def __init__(self, workspace: Workspace, tasks: TaskRunner, db_url: str) -> None:
        super().__init__()
        self.workspace, self.tasks = workspace, tasks
        self.setWindowTitle(_("调解台 — 矛盾纠纷多元化解") + (
            _("【演示数据】") if workspace.is_demo else ""))
        icon = resources_dir() / "icons" / "tiaojie.svg"
        if icon.exists():
            self.setWindowIcon(QIcon(str(icon)))
        self.resize(1360, 820)

        self.db_url = db_url
        self.cases_page = CasesPage(workspace, tasks)
        self.pages: list[tuple[str, SP]] = [
            (_("案件"), SP.SP_FileDialogDetailedView),
            (_("工作台"), SP.SP_MessageBoxWarning),
            (_("当事人"), SP.SP_DirHomeIcon),
            (_("调解组织"), SP.SP_DirIcon),
            (_("村民说事"), SP.SP_MessageBoxInformation),
            (_("统计报表"), SP.SP_FileDialogContentsView),
            (_("系统设置"), SP.SP_ComputerIcon),
        ]
        self._builders: dict[int, Callable[[], Page]] = {
            1: self._build_warnings, 2: self._build_parties, 3: self._build_organisations,
            4: self._build_meetings, 5: self._build_reports, 6: self._build_settings}
        self._built: dict[int, Page] = {0: self.cases_page}
        self._loaded: set[int] = set()

        self.sidebar = QListWidget()
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.setStyleSheet(
            f"QListWidget {{ background: #f4f1ec; border: none; font-size: {SIDEBAR_FONT_PX}px; }}"
            "QListWidget::item { padding: 10px 8px; }"
            "QListWidget::item:selected { background: #b71c1c; color: white; }"
        )
        font = QFont(self.sidebar.font())
        font.setPixelSize(SIDEBAR_FONT_PX)
        widest = max(QFontMetrics(font).horizontalAdvance(t) for t, _p in self.pages)
        self.sidebar.setFixedWidth(max(SIDEBAR_MIN_WIDTH, widest + SIDEBAR_PADDING))
        self.stack = QStackedWidget()
        self.allowed = [action is None or workspace.user.may(action) for action in PAGE_ACTIONS]
        for index, (title, pixmap) in enumerate(self.pages):
            item = QListWidgetItem(self.style().standardIcon(pixmap), title, self.sidebar)
            item.setHidden(not self.allowed[index])
            self.stack.addWidget(self._built.get(index) or QWidget())
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.sidebar)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.sidebar.currentRowChanged.connect(self.show_page)

        self.db_status = QLabel(_("数据库：{name}").format(name=workspace.database_name))
        self.db_status.setToolTip(workspace.database_name)
        # A long server URL must not widen the window: the label gives way first.
        self.db_status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.user_status = QLabel(_("当前用户：{name}（{role}）").format(
            name=workspace.user.display_name, role=workspace.user.role_label))
        self.warning_status = QPushButton()
        self.warning_status.setFlat(True)
        self.warning_status.setStyleSheet("color: #b71c1c;")
        self.warning_status.clicked.connect(lambda: self.sidebar.setCurrentRow(1))
        self.statusBar().addWidget(self.db_status, 1)
        self.statusBar().addPermanentWidget(self.warning_status)
        self.statusBar().addPermanentWidget(self.user_status)
        self.backups: BackupActions | None = None
        if workspace.user.may("casebase.backup"):
            from app.ui.backups.actions import BackupActions

            self.backups = BackupActions(self, workspace, tasks)
            self.statusBar().addPermanentWidget(self.backups.status)
        self._build_menu()
        self.cases_page.notice.connect(lambda text: self.statusBar().showMessage(text, 15000))
        self.cases_page.settled.connect(self._load_panel)
        self.sidebar.setCurrentRow(self.allowed.index(True))
        if not self.allowed[0]:
            self._load_panel()

    def _load_panel(self) -> None:
        """The case list's first page is painted (or none will be): load the 工作台 panel."""
        if self.allowed[1] and 1 not in self._loaded:
            self._loaded.add(1)
            self.warnings_page.load()

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu(_("文件(&F)"))
        change = QAction(_("更改数据库…"), self)
        change.triggered.connect(lambda: self.settings_page.choose_database())
        file_menu.addAction(change)
        new_office = QAction(_("新建本单位数据库…"), self)
        new_office.triggered.connect(self.new_office_requested)
        file_menu.addAction(new_office)
        if self.backups is not None:
            file_menu.addSeparator()
            self.backups.add_to_menu(file_menu)
        file_menu.addSeparator()
        quit_action = QAction(_("退出(&X)"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        go_menu = self.menuBar().addMenu(_("转到(&G)"))
        for row, (title, _pixmap) in enumerate(self.pages):
            action = QAction(title, self)
            action.setEnabled(self.allowed[row])
            action.setShortcut(QKeySequence(f"Ctrl+{row + 1}"))
            action.triggered.connect(lambda _checked=False, r=row: self.sidebar.setCurrentRow(r))
            go_menu.addAction(action)
        help_menu = self.menuBar().addMenu(_("帮助(&H)"))
        self.help = HelpMenu(self, help_menu, self.sidebar.currentRow)
        about = QAction(_("关于调解台"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def page_at(self, row: int) -> Page:
        """The page of sidebar entry ``row``, built (and its modules imported) on first use."""
        page = self._built.get(row)
        if page is None:
            page = self._built[row] = self._builders[row]()
            placeholder = self.stack.widget(row)
            current = self.stack.currentIndex()
            self.stack.insertWidget(row, page)
            if placeholder is not None:
                self.stack.removeWidget(placeholder)
                placeholder.deleteLater()
            self.stack.setCurrentIndex(current)
        return page

    @property
    def warnings_page(self) -> WarningsPage:
        """工作台."""
        return cast("WarningsPage", self.page_at(1))

    @property
    def parties_page(self) -> PartiesPage:
        """当事人."""
        return cast("PartiesPage", self.page_at(2))

    @property
    def organisations_page(self) -> OrganisationsPage:
        """调解组织."""
        return cast("OrganisationsPage", self.page_at(3))

    @property
    def meetings_page(self) -> MeetingsPage:
        """村民说事."""
        return cast("MeetingsPage", self.page_at(4))

    @property
    def reports_page(self) -> ReportsPage:
        """统计报表."""
        return cast("ReportsPage", self.page_at(5))

    @property
    def settings_page(self) -> SettingsPage:
        """系统设置."""
        return cast("SettingsPage", self.page_at(6))

    def _build_warnings(self) -> WarningsPage:
        from app.ui.mediation.warnings_page import WarningsPage

        page = WarningsPage(self.workspace, self.tasks)
        page.counted.connect(self.warning_status.setText)
        return page

    def _build_parties(self) -> PartiesPage:
        from app.ui.parties.page import PartiesPage

        return PartiesPage(self.workspace, self.tasks)

    def _build_organisations(self) -> OrganisationsPage:
        from app.ui.organisations.page import OrganisationsPage

        return OrganisationsPage(self.workspace, self.tasks)

    def _build_meetings(self) -> MeetingsPage:
        from app.ui.meetings.page import MeetingsPage

        return MeetingsPage(self.workspace, self.tasks)

    def _build_reports(self) -> ReportsPage:
        from app.ui.reports.page import ReportsPage

        page = ReportsPage(self.workspace, self.tasks)
        page.drill_requested.connect(self.show_report_cell)
        return page

    def show_report_cell(self, cell: CaseFilter) -> None:
        """A report cell was opened: the case list shows exactly its cases."""
        self.cases_page.show_report_cell(cell)
        self.sidebar.setCurrentRow(0)

    def _build_settings(self) -> SettingsPage:
        from app.ui.admin.settings_page import SettingsPage

        page = SettingsPage(self.workspace, self.tasks, self.db_url)
        page.database_requested.connect(self.database_requested)
        page.language_requested.connect(self.language_requested)
        if self.backups is not None:
            page.backup_settings_requested.connect(self.backups.open_settings)
        return page

    def show_page(self, row: int) -> None:
        """Switch to the page at ``row``, building it and loading its data the first time."""
        page = self.page_at(row)
        self.stack.setCurrentIndex(row)
        if row not in self._loaded:
            self._loaded.add(row)
            page.load()

    def _about(self) -> None:
        QMessageBox.about(self, _("关于调解台"), _(
            "调解台：县、乡、村三级人民调解与矛盾纠纷多元化解工作平台。\n"
            "受理登记、分流指派、调解记录、协议文书、司法确认、回访归档、村民说事。"))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.backups is not None and not self.backups.may_close():
            event.ignore()  # the exit backup runs first and closes the window when done
            return
        self.tasks.wait_for_done(10000)
        super().closeEvent(event)
