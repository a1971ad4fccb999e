"""What the mediation dialogs share: a form, inline errors, and saving in the background.

Every dialog here is the same shape: fields in a form, a message line, and
保存/取消.  Saving runs the service off the GUI thread; a refusal (bad input
or an illegal move with its reason) is shown under the field it names, or
in the message line, and the dialog stays open with what was typed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import DomainError
from app.domain.text import _
from app.services.casebase.workspace import Workspace
from app.ui.app_errors import error_text
from app.ui.form_errors import ErrorLabel, FieldErrors
from app.ui.shortcuts import make_primary
from app.ui.tasks import TaskRunner


def text_box(lines: int = 3) -> QPlainTextEdit:
    """A multi-line field about ``lines`` lines tall."""
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(22 * lines + 12)
    return box


def choice_box(vocab: Mapping[str, str], blank: str | None = None) -> QComboBox:
    """A drop-down of a vocabulary; item data are the keys, ``blank`` adds a None item."""
    combo = QComboBox()
    if blank is not None:
        combo.addItem(blank, None)
    for key, text in vocab.items():
        combo.addItem(_(text), key)
    return combo


Job = Callable[[], object]
"""A service call with every argument bound (a ``functools.partial``), ready for a worker."""


class FormDialog(QDialog):
    """A titled form whose 保存 runs a service call in the background; emits ``saved(result)``.

    ``make_job`` turns the values now in the form into that call; it may raise
    a ValidationError for a value it cannot use.
    """

    saved = Signal(object)

    def __init__(self, workspace: Workspace, tasks: TaskRunner, title: str,
                 make_job: Callable[[], Job], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.tasks, self._make_job = workspace, tasks, make_job
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.errors = FieldErrors()
        self.form = QFormLayout()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        assert save_button is not None  # the box was made with a Save button
        make_primary(self, save_button, _("保存"), saves=True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def add_row(self, title: str, widget: QWidget, field: str | None = None) -> None:
        """A labelled field; errors for ``field`` appear under it."""
        self.form.addRow(title, widget)
        if field is not None:
            self.form.addRow("", self.errors.add(field, ErrorLabel()))

    def save(self) -> None:
        """Check and save in the background; close on success, show the reason otherwise."""
        self.errors.clear()
        self.message.clear()
        try:
            job = self._make_job()
        except DomainError as exc:
            self._failed(exc)
            return
        self.buttons.setEnabled(False)
        self.tasks.run(job, self._done, self._failed, owner=self)

    def _done(self, result: object) -> None:
        self.buttons.setEnabled(True)
        self.saved.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        field = getattr(exc, "field", None)
        if field and self.errors.show(field, str(exc)):
            self.message.setText(_("未保存，请看标红的提示"))
        else:
            self.message.setText(error_text(exc))
