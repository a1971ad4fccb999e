"""First start of a real case base: the administrator sets a password before anything else.

A base that holds real (non-demo) data must not be worked in without a
password, so this dialog cannot be skipped: Escape and the close button do
nothing, and its other button quits the program.
The rule for a good password is the domain's (app.domain.passwords), checked
here at once so the message appears before anything is written.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QWidget

from app.domain.errors import ValidationError
from app.domain.passwords import check_password
from app.domain.text import _
from app.services.casebase.workspace import Workspace
from app.services.security.users import set_password
from app.ui.admin.password_gate import PasswordGate, password_field
from app.ui.tasks import TaskRunner


class FirstPasswordDialog(PasswordGate):
    """New password, typed twice; accepted once it is stored."""

    def __init__(self, workspace: Workspace, tasks: TaskRunner,
                 parent: QWidget | None = None) -> None:
        self.password, self.repeat = password_field(), password_field()
        super().__init__(
            workspace, tasks, _("设置管理员密码"),
            _("这是正式使用的案件库，管理员账号“{login}”还没有密码。"
              "请先设置密码：至少 8 个字符，同时包含字母和数字。")
            .format(login=workspace.user.login),
            [(_("新密码"), self.password), (_("再输入一次"), self.repeat)],
            _("设置密码"), parent)
        self.password.setFocus()

    def submit(self) -> None:
        """Check the rule here, then store the password in the background."""
        password = self.password.text()
        if password != self.repeat.text():
            self.message.setText(_("两次输入的密码不一致"))
            return
        try:
            check_password(password)
        except ValidationError as exc:
            self.message.setText(str(exc))
            return
        self.buttons.setEnabled(False)
        self.message.setText(_("正在保存…"))
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(set_password, db, user, user.login, password), self._saved,
                       self._failed, owner=self)

    def _saved(self, _result: None) -> None:
        self.workspace.has_password = True
        self.accept()

