"""A password dialog that cannot be dismissed: the program goes on only through it, or quits.

The idle lock and the first start of a real case base both need one: Escape
and the close button do nothing, the primary button submits, and the other
button quits the program.  Subclasses supply the fields and what submitting
does; errors appear in the dialog's one message line.
"""

from __future__ import annotations

from collections.abc import Callable

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
from app.ui.app_errors import error_text
from app.ui.tasks import TaskRunner


def password_field() -> QLineEdit:
    """A line edit that shows dots, not the password."""
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class PasswordGate(QDialog):
    """Intro text, a form, a message line, the submit button and 退出程序."""

    submit: Callable[[], None]
    """What the primary button does: each subclass's own check and background work."""

    def __init__(self, workspace: Workspace, tasks: TaskRunner, title: str, intro: str,
                 rows: list[tuple[str, QWidget]], submit_text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.tasks = workspace, tasks
        self.setWindowTitle(title)
        intro_label = QLabel(intro)
        intro_label.setWordWrap(True)
        self.message = QLabel()
        self.message.setStyleSheet("color: #c62828;")
        self.message.setWordWrap(True)
        form = QFormLayout()
        for label, widget in rows:
            form.addRow(label, widget)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(submit_text)
        self.quit_button = self.buttons.addButton(_("退出程序"),
                                                  QDialogButtonBox.ButtonRole.DestructiveRole)
        self.buttons.accepted.connect(self.submit)
        self.quit_button.clicked.connect(QApplication.quit)
        layout = QVBoxLayout(self)
        layout.addWidget(intro_label)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def reject(self) -> None:
        """Escape and the close button do nothing: the way on is the primary button."""

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(error_text(exc))
