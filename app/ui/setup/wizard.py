"""First-start setup wizard: try the demo, or set up our office's own case base.

Shown when the program opens an empty base (a new install, or 文件 → 新建本
单位数据库…).  "Set up our office" walks through the region, organisations,
mediators, accounts and the administrator's password, shows a summary, and
writes it all in one transaction off the GUI thread (the service refuses a
base that is not empty); nothing is written before the last page.  "Try the
demo" closes the wizard and leaves the filling to the caller.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app import i18n
from app.domain.codes import ORG_KINDS, USER_ROLES, label
from app.domain.errors import DomainError
from app.domain.office_setup import OfficeSetup, OrganisationSpec, check_setup
from app.domain.text import _
from app.services.casebase.setup import SetupSummary, set_up_office
from app.services.casebase.workspace import Workspace
from app.ui.app_errors import error_text
from app.ui.setup.list_pages import AccountsPage, MediatorsPage, OrganisationsPage
from app.ui.setup.region_page import RegionPage
from app.ui.tasks import TaskRunner

CHOICE, REGION, ORGANISATIONS, MEDIATORS, ACCOUNTS, ADMIN, SUMMARY = range(7)


class ChoicePage(QWizardPage):
    """试用演示数据 or 设置本单位."""

    def __init__(self, demo_offered: bool) -> None:
        super().__init__()
        self.setTitle(_("欢迎使用调解台"))
        self.setSubTitle(_("这是一个新的数据库。请选择："))
        self.demo = QRadioButton(_("试用演示数据：生成一个虚构的县的案件，供熟悉和培训使用"))
        self.office = QRadioButton(_("设置本单位：录入本单位的行政区划、调解组织、调解员和账号，"
                                     "开始登记真实案件"))
        self.office.setChecked(True)
        self.demo.setVisible(demo_offered)
        self.demo.toggled.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.addWidget(self.office)
        layout.addWidget(self.demo)
        layout.addStretch(1)

    def _chosen(self, demo: bool) -> None:
        self.setFinalPage(demo)
        self.completeChanged.emit()

    def nextId(self) -> int:
        """The demo ends the wizard here; the office goes on to its region."""
        return -1 if self.demo.isChecked() else REGION


class AdminPage(QWizardPage):
    """The administrator's name and password."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("系统管理员"))
        self.setSubTitle(_("系统管理员的登录名是 admin。密码至少 8 个字符，同时包含字母和数字；"
                           "以后每次登录都要输入。"))
        self.name = QLineEdit()
        self.password, self.again = QLineEdit(), QLineEdit()
        for edit in (self.password, self.again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.note = QLabel()
        self.note.setStyleSheet("color: #b71c1c;")
        form = QFormLayout(self)
        form.addRow(_("管理员姓名"), self.name)
        form.addRow(_("密码"), self.password)
        form.addRow(_("再输入一次"), self.again)
        form.addRow(self.note)

    def validatePage(self) -> bool:
        """Both passwords typed and alike (their strength is checked with the rest)."""
        if not self.password.text():
            self.note.setText(_("请设置系统管理员的密码"))
            return False
        if self.password.text() != self.again.text():
            self.note.setText(_("两次输入的新密码不一致"))
            return False
        self.note.clear()
        return True


class SummaryPage(QWizardPage):
    """What will be written; Finish writes it (refusals shown here, nothing half-written)."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("确认并完成"))
        self.setSubTitle(_("请核对以下内容。点“完成”后一次写入数据库；有任何错误都不会写入。"))
        self.text = QTextEdit()
        self.text.setReadOnly(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #b71c1c;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.note)


class SetupWizard(QWizard):
    """The first-start wizard; ``demo_chosen`` or ``set_up`` tells the caller what happened."""

    demo_chosen = Signal()
    set_up = Signal(object)

    def __init__(self, workspace: Workspace, tasks: TaskRunner, demo_offered: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.tasks = workspace, tasks
        self.setWindowTitle(_("调解台：首次设置"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.resize(980, 660)
        self.saving = False
        self.summary: SetupSummary | None = None
        self.choice = ChoicePage(demo_offered)
        self.region = RegionPage()
        self.orgs = OrganisationsPage(self.region.regions)
        self.mediators = MediatorsPage(self.orgs.organisations)
        self.accounts = AccountsPage(self.orgs.organisations)
        self.admin = AdminPage()
        self.confirm = SummaryPage()
        for page_id, page in ((CHOICE, self.choice), (REGION, self.region),
                              (ORGANISATIONS, self.orgs), (MEDIATORS, self.mediators),
                              (ACCOUNTS, self.accounts), (ADMIN, self.admin),
                              (SUMMARY, self.confirm)):
            self.setPage(page_id, page)
        self.setStartId(CHOICE if demo_offered else REGION)
        self.currentIdChanged.connect(self._entered)

    def setup(self) -> OfficeSetup:
        """Everything the pages hold, as one setup (not yet checked)."""
        return OfficeSetup(
            regions=tuple(self.region.regions()),
            organisations=tuple(self.orgs.organisations()),
            mediators=tuple(self.mediators.mediators()),
            accounts=tuple(self.accounts.accounts()),
            admin_password=self.admin.password.text() or None,
            admin_name=self.admin.name.text().strip() or None)

    def _entered(self, page_id: int) -> None:
        if page_id == SUMMARY:
            self.confirm.note.clear()
            self.confirm.text.setPlainText(describe(self.setup()))

    def validateCurrentPage(self) -> bool:
        """On the last page: check everything, then write it in the background."""
        if self.currentId() != SUMMARY:
            return super().validateCurrentPage()
        if self.summary is not None:
            return True
        if self.saving:
            return False
        try:
            setup = check_setup(self.setup())
        except DomainError as exc:
            self.confirm.note.setText(error_text(exc))
            return False
        db, user = self.workspace.db, self.workspace.user
        self.saving = True
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        self.confirm.note.setText(_("正在写入…"))
        self.tasks.run(partial(set_up_office, db, user, setup), self._saved, self._failed,
                       owner=self)
        return False

    def _saved(self, summary: SetupSummary) -> None:
        self.saving, self.summary = False, summary
        self.workspace.has_password = True
        self.set_up.emit(summary)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.saving = False
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        self.confirm.note.setText(error_text(exc))

    def accept(self) -> None:
        """Finish: the demo choice is told to the caller; the office only once written."""
        if self.currentId() == CHOICE and self.choice.demo.isChecked():
            self.demo_chosen.emit()
        super().accept()


def describe(setup: OfficeSetup) -> str:
    """The summary the last page shows: what will be written, in the user's words."""
    lines = [_("行政区划（{n} 个）：").format(n=i18n.format_number(len(setup.regions)))]
    lines += [f"  {r.code}  {r.name}" for r in setup.regions]
    lines.append(_("调解组织（{n} 个）：").format(n=i18n.format_number(len(setup.organisations))))
    lines += [f"  [{o.code}] {o.name}（{_org_kind(o)}）" for o in setup.organisations]
    lines.append(_("调解员（{n} 名）：").format(n=i18n.format_number(len(setup.mediators))))
    lines += [f"  {m.name}（{'、'.join(m.organisations)}）" for m in setup.mediators]
    lines.append(_("账号（{n} 个）：").format(n=i18n.format_number(len(setup.accounts))))
    lines += [f"  {a.login}  {a.name}（{_role(a.role)}）" for a in setup.accounts]
    lines.append(_("系统管理员：admin{name}").format(
        name=f"（{setup.admin_name}）" if setup.admin_name else ""))
    return "\n".join(lines)


def _role(role: str) -> str:
    return label(USER_ROLES, role) if role in USER_ROLES else role


def _org_kind(org: OrganisationSpec) -> str:
    return label(ORG_KINDS, org.kind) if org.kind in ORG_KINDS else org.kind
