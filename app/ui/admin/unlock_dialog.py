"""The locked program asks for the signed-in person's password again.

Only that person's password unlocks it, checked by the same sign-in as at
start (app.services.security.users.authenticate), so a wrong password here
counts toward the account lockout like any other.  Escape and the window's
close button do nothing; the only other way out is to quit the program.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.text import _
from app.services.casebase.workspace import Workspace
from app.services.security.users import UserInfo, authenticate
from app.ui.app_errors import error_text
from app.ui.tasks import TaskRunner


class UnlockDialog(QDialog):
    """Password of the signed-in user; accepted once it is right."""

    def __init__(self, workspace: Workspace, tasks: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.tasks = workspace, tasks
        self.setWindowTitle(_("调解台已锁定"))
        user = workspace.user
        intro = QLabel(_("长时间没有操作，调解台已锁定。打开的表单都还在，"
                         "请输入“{name}”的密码继续。").format(name=user.display_name))
        intro.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setStyleSheet("color: #c62828;")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("登录名"), QLabel(user.login))
        form.addRow(_("密码"), self.password)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("解锁"))
        self.quit_button = self.buttons.addButton(_("退出程序"),
                                                  QDialogButtonBox.ButtonRole.DestructiveRole)
        self.buttons.accepted.connect(self.unlock)
        self.quit_button.clicked.connect(QApplication.quit)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.password.setFocus()

    def reject(self) -> None:
        """Escape and the close button leave the program locked."""

    def unlock(self) -> None:
        """Check the password in the background; the lockout counts a wrong one."""
        db, login, password = self.workspace.db, self.workspace.user.login, self.password.text()
        self.buttons.setEnabled(False)
        self.tasks.run(partial(authenticate, db, login, password), self._unlocked,
                       self._refused, owner=self)

    def _unlocked(self, _user: UserInfo) -> None:
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        self.message.setText(error_text(exc))
