"""The locked program asks for the signed-in person's password again.

Only that person's password unlocks it, checked by the same sign-in as at
start (app.services.security.users.authenticate), so a wrong password here
counts toward the account lockout like any other.  Escape and the window's
close button do nothing; the only other way out is to quit the program.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QLabel, QWidget

from app.domain.text import _
from app.services.casebase.workspace import Workspace
from app.services.security.users import UserInfo, authenticate
from app.ui.admin.password_gate import PasswordGate, password_field
from app.ui.tasks import TaskRunner


class UnlockDialog(PasswordGate):
    """Password of the signed-in user; accepted once it is right."""

    def __init__(self, workspace: Workspace, tasks: TaskRunner,
                 parent: QWidget | None = None) -> None:
        user = workspace.user
        self.password = password_field()
        super().__init__(
            workspace, tasks, _("调解台已锁定"),
            _("长时间没有操作，调解台已锁定。打开的表单都还在，"
              "请输入“{name}”的密码继续。").format(name=user.display_name),
            [(_("登录名"), QLabel(user.login)), (_("密码"), self.password)],
            _("解锁"), parent)
        self.password.setFocus()

    def submit(self) -> None:
        """Check the password in the background; the lockout counts a wrong one."""
        db, login, password = self.workspace.db, self.workspace.user.login, self.password.text()
        self.buttons.setEnabled(False)
        self.tasks.run(partial(authenticate, db, login, password), self._unlocked,
                       self._refused, owner=self)

    def _unlocked(self, _user: UserInfo) -> None:
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self._failed(exc)
        self.password.clear()
        self.password.setFocus()
