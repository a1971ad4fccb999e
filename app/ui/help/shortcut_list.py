"""快捷键: every keyboard shortcut, read from the program itself.

The list is built from the main window's menu actions, the bindings that
app/ui/shortcuts.py makes for the lists and dialogs, and the Alt letters of
the case window's buttons, so a key added or changed there shows here
without anyone editing a help text.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu, QVBoxLayout, QWidget

from app.domain.text import _
from app.ui.shortcuts import BINDINGS, CASE_BUTTONS
from app.ui.table_view import fill_table, make_small_table

Row = tuple[str, str, str]


def _plain(text: str) -> str:
    """A menu text without its mnemonic and dots: "退出(&X)" → "退出"."""
    for mark in ("(&", "（&"):
        if mark in text:
            text = text[:text.index(mark)]
    return text.replace("&", "").rstrip("…").strip()


def _menu_rows(menu: QMenu) -> list[Row]:
    rows: list[Row] = []
    for action in menu.actions():
        sub = action.menu()
        if isinstance(sub, QMenu):
            rows += _menu_rows(sub)
        elif action.shortcuts():
            keys = " / ".join(k.toString(QKeySequence.SequenceFormat.NativeText)
                              for k in action.shortcuts())
            rows.append((keys, _plain(action.text()), _plain(menu.title())))
    return rows


def shortcut_rows(window: QMainWindow) -> list[Row]:
    """Keys, what they do and where, for every shortcut of the program."""
    rows: list[Row] = []
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu):
            rows += _menu_rows(menu)
    rows += [(b.label, _(b.what), _(b.where)) for b in BINDINGS]
    rows += [(f"Alt+{letter}", _(title), _("案件窗口")) for letter, title in CASE_BUTTONS]
    return rows


def menu_actions(window: QMainWindow) -> list[QAction]:
    """The main window's menu actions that have a shortcut (what the list must show)."""
    found = []
    for action in window.findChildren(QAction):
        if action.shortcuts() and not isinstance(action.menu(), QMenu):
            found.append(action)
    return found


class ShortcutsDialog(QDialog):
    """The list in a table; Esc closes."""

    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("快捷键"))
        self.resize(720, 640)
        self.table = make_small_table((170, 390, 110))
        self.rows = shortcut_rows(window)
        fill_table(self.table, [_("按键"), _("作用"), _("适用于")], [list(r) for r in self.rows])
        QVBoxLayout(self).addWidget(self.table)
