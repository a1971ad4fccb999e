"""The help menu's entries: 使用说明 (F1, at the section of the page shown) and 快捷键.

Kept out of the main window so that the guide and the shortcut list are
built, and their modules imported, only when someone asks for them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QWidget

from app.domain.text import _

if TYPE_CHECKING:
    from app.ui.help.guide import GuideWindow
    from app.ui.help.shortcut_list import ShortcutsDialog

PAGE_SECTIONS = ("cases", "dashboard", "parties", "organisations", "meetings", "reports",
                 "settings")
"""The guide's section for each page of the sidebar, in sidebar order."""
HELP_BOUND = "tiaojie_help_key"
"""Property set on a dialog once it has its own F1."""


class HelpMenu(QObject):
    """Adds the entries to ``menu``; ``current_page`` tells which sidebar page is shown."""

    def __init__(self, window: QMainWindow, menu: QMenu, current_page: Callable[[], int]) -> None:
        super().__init__(window)
        self.window, self.current_page = window, current_page
        self.guide: GuideWindow | None = None
        self.shortcuts: ShortcutsDialog | None = None
        self.guide_action = QAction(_("使用说明"), window)
        self.guide_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.guide_action.triggered.connect(self.open_guide)
        self.keys_action = QAction(_("快捷键"), window)
        self.keys_action.triggered.connect(self.open_shortcuts)
        menu.addAction(self.guide_action)
        menu.addAction(self.keys_action)
        menu.addSeparator()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, now: QWidget | None) -> None:
        """Give F1 to each dialog opened over the main window the first time it gets the focus.

        A dialog open over the main window blocks the menu's own F1 (Qt keeps a
        window's shortcuts from working while a modal dialog covers it).
        """
        top = now.window() if now is not None else None
        if top is None or top is self.window or top.property(HELP_BOUND):
            return
        parent = top.parentWidget()
        while parent is not None and parent is not self.window:
            parent = parent.parentWidget()
        if parent is None:
            return
        top.setProperty(HELP_BOUND, True)
        for key in self.guide_action.shortcuts():
            QShortcut(key, top).activated.connect(self.open_guide)

    def open_guide(self) -> GuideWindow:
        """The guide at the section of the page shown (one window, raised if already open)."""
        from app.ui.help.guide import GuideWindow

        if self.guide is None:
            self.guide = GuideWindow(self.window)
        row = self.current_page()
        self.guide.show_section(PAGE_SECTIONS[row] if 0 <= row < len(PAGE_SECTIONS)
                                else "first-steps")
        return self.guide

    def open_shortcuts(self) -> ShortcutsDialog:
        """The list of every shortcut."""
        from app.ui.help.shortcut_list import ShortcutsDialog

        if self.shortcuts is None:
            self.shortcuts = ShortcutsDialog(self.window, self.window)
        self.shortcuts.show()
        self.shortcuts.activateWindow()
        return self.shortcuts
