"""Lock the program after a while without keyboard or mouse input (GB/T 22239-2019, session lock).

A clerk who walks away from the desk must not leave ID numbers and family
quarrels on screen for the next visitor.  After the idle time of the
settings (``idle_lock_minutes``, 15 by default) every open window gets an
opaque cover and the unlock dialog asks for the signed-in person's password.
Nothing is closed, hidden or discarded: a half-typed intake form is there,
as it was, after unlocking.  Only accounts with a password are locked; there
is nothing to ask of one without.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from app.domain.text import _
from app.services.casebase.workspace import Workspace
from app.ui.admin.unlock_dialog import UnlockDialog
from app.ui.tasks import TaskRunner

INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
    QEvent.Type.InputMethod,
})
"""What counts as someone being at the desk."""
NOT_COVERED = (Qt.WindowType.Popup, Qt.WindowType.ToolTip)
"""Menus and tool tips close by themselves; they need no cover."""


class IdleLock(QObject):
    """Watches every input event of the program; locks after ``idle_ms`` without one.

    Lives as long as ``window`` (its parent); a new main window gets a new lock.
    """

    def __init__(self, window: QWidget, workspace: Workspace, tasks: TaskRunner,
                 idle_ms: int) -> None:
        super().__init__(window)
        self.window, self.workspace, self.tasks = window, workspace, tasks
        self.dialog: UnlockDialog | None = None
        self.covers: list[_Cover] = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(idle_ms)
        self.timer.timeout.connect(self.lock)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self.timer.start()

    @property
    def locked(self) -> bool:
        """Whether the program is locked now."""
        return self.dialog is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Any input while unlocked starts the idle time again; events pass on unchanged."""
        if self.dialog is None and event.type() in INPUT_EVENTS:
            self.timer.start()
        return False

    def lock(self) -> None:
        """Cover every open window and ask for the password."""
        if self.dialog is not None:
            return
        self.timer.stop()
        self.covers = [_Cover(w) for w in QApplication.topLevelWidgets()
                       if w.isVisible() and w.windowType() not in NOT_COVERED]
        dialog = UnlockDialog(self.workspace, self.tasks, self.window)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.accepted.connect(self._unlocked)
        self.dialog = dialog
        dialog.show()
        dialog.activateWindow()

    def _unlocked(self) -> None:
        for cover in self.covers:
            cover.deleteLater()
        self.covers = []
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None
        self.timer.start()


class _Cover(QWidget):
    """An opaque sheet over one window while locked: its content stays, unseen."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setAutoFillBackground(True)
        notice = QLabel(_("调解台已锁定"))
        notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        QVBoxLayout(self).addWidget(notice)
        self.setGeometry(window.rect())
        window.installEventFilter(self)
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keep covering the window when it is resized."""
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.setGeometry(watched.rect())
        return False
