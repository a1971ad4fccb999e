"""Every keyboard shortcut of the windows and dialogs, declared once and bound from here.

A clerk registers, assigns, records and archives a case without touching the
mouse, so the keys must be the same in every dialog: Ctrl+Enter does a
dialog's main action (Ctrl+S as well when that action saves), Esc closes,
Enter or Ctrl+O opens the selected row of a list, and the buttons of the case
window answer to Alt and an underlined letter.  The help window's 快捷键 list
is generated from the bindings declared here and from the main window's menu
actions, so it cannot drift from what the keys really do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QDateTimeEdit, QWidget

from app.domain.text import N_, _

Context = Qt.ShortcutContext


@dataclass(frozen=True)
class Binding:
    """Keys (in QKeySequence's portable text), what they do and where they work."""

    keys: tuple[str, ...]
    what: str
    where: str

    @property
    def label(self) -> str:
        """The keys as shown to the user ("Return" is the key labelled Enter)."""
        return " / ".join(key.replace("Return", "Enter") for key in self.keys)


def _variants(key: str) -> list[str]:
    """The key and, for Return, the keypad's Enter, which Qt reports as a different key."""
    return [key, key.replace("Return", "Enter")] if "Return" in key else [key]


OPEN_ROW = Binding(("Return", "Ctrl+O"),
                   N_("打开选中的一行（案件、当事人、说事会、工作台中的案件）"), N_("列表"))
PRIMARY = Binding(("Ctrl+Return",), N_("对话框的主要操作（保存、指派、流转、归档…）"), N_("对话框"))
SAVE = Binding(("Ctrl+S",), N_("保存（与 Ctrl+Enter 相同）"), N_("对话框"))
CLOSE = Binding(("Esc",), N_("关闭对话框（受理登记会保留草稿）"), N_("对话框"))
NEW_CASE = Binding(("Ctrl+N",), N_("受理登记"), N_("案件"))
FIND = Binding(("Ctrl+F",), N_("转到查找框"), N_("案件"))
ADD_PARTY = Binding(("Alt+1", "Alt+2", "Alt+3"), N_("添加申请人、被申请人、第三人"), N_("受理登记"))
PRINT = Binding(("Ctrl+P",), N_("打印当前列表"), N_("工作台"))

BINDINGS: tuple[Binding, ...] = (OPEN_ROW, PRIMARY, SAVE, CLOSE, NEW_CASE, FIND, ADD_PARTY,
                                 PRINT)
"""Every binding made through this module, in the order the help window lists them
(the menu's own keys, such as F1 for the guide, are read from the menu)."""

CASE_BUTTONS: tuple[tuple[str, str], ...] = (
    ("A", N_("指派")), ("R", N_("流转")), ("C", N_("接收")), ("B", N_("退回")),
    ("O", N_("外部退回")), ("T", N_("撤回流转")), ("U", N_("回避申请")), ("N", N_("不予受理")),
    ("M", N_("开始调解")),
    ("S", N_("调解记录")), ("W", N_("调解不成/撤回")), ("E", N_("延长期限")),
    ("P", N_("履行台账")), ("H", N_("安排回访")), ("F", N_("回访")), ("G", N_("调解协议")),
    ("J", N_("司法确认")), ("D", N_("文书")), ("I", N_("防止结果")), ("V", N_("归档")),
    ("Y", N_("重新打开")),
)
"""The case window's buttons and their Alt letters (unique in that window)."""


def case_button_text(title: str, dots: bool = False) -> str:
    """A case-window button's translated text with its Alt letter underlined.

    Chinese shows the letter after the words, "指派(&A)"; a translation that
    contains the letter gets it underlined in place, "&Assign".
    """
    letter = dict((t, k) for k, t in CASE_BUTTONS).get(title)
    shown = _(title)
    if letter is None:
        return shown + ("…" if dots else "")  # a new button: the keyboard test flags it
    return alt_text(shown, letter) + ("…" if dots else "")


def alt_text(shown: str, letter: str) -> str:
    """``shown`` (translated) with ``letter`` as its Alt key: "登记申请(&P)", "A&pply"."""
    at = shown.lower().find(letter.lower()) if shown.isascii() else -1
    return f"{shown[:at]}&{shown[at:]}" if at >= 0 else f"{shown}(&{letter})"


def bind(binding: Binding, parent: QWidget, slot: Callable[[], object],
         context: Context = Context.WindowShortcut) -> list[QShortcut]:
    """Make ``binding``'s keys call ``slot`` while ``parent`` (or its window) has the focus."""
    shortcuts = []
    for key in binding.keys:
        for variant in _variants(key):
            shortcut = QShortcut(QKeySequence(variant), parent)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)
            shortcuts.append(shortcut)
    return shortcuts


def shortcut_text(text: str, binding: Binding) -> str:
    """A button text followed by its first key, e.g. "指派 (Ctrl+Enter)"."""
    return f"{text} ({binding.keys[0].replace('Return', 'Enter')})"


def make_primary(dialog: QWidget, button: QAbstractButton, text: str, saves: bool = False) -> None:
    """Give a dialog's main button its keys and show them on it.

    Ctrl+Enter presses it in every dialog; a button that saves also answers to
    Ctrl+S and shows that key.  A disabled button (a save already running)
    ignores the keys just as it ignores clicks.
    """
    shown = SAVE if saves else PRIMARY
    button.setText(shortcut_text(text, shown))
    button.setToolTip(" / ".join(b.label for b in ((PRIMARY, SAVE) if saves else (PRIMARY,))))
    bind(PRIMARY, dialog, button.click)
    if saves:
        bind(SAVE, dialog, button.click)


class _LeaveOnTab(QObject):
    """Moves the focus on with Tab from a date field showing its placeholder text.

    Qt's date field takes Tab to step between year, month and day; while it
    shows its special value text ("受理起") there are no such parts, and Tab
    stays in the field for ever, trapping a keyboard user.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (isinstance(watched, QDateTimeEdit) and isinstance(event, QKeyEvent)
                and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
                and watched.specialValueText()
                and watched.text() == watched.specialValueText()):
            forward = event.key() == Qt.Key.Key_Tab and not (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            target = _neighbour(watched, forward)
            if target is not None:
                target.setFocus(Qt.FocusReason.TabFocusReason if forward
                                else Qt.FocusReason.BacktabFocusReason)
                return True
        return False


def _neighbour(widget: QWidget, forward: bool) -> QWidget | None:
    """The next (or previous) widget Tab would visit, outside ``widget`` itself."""
    step = QWidget.nextInFocusChain if forward else QWidget.previousInFocusChain
    candidate = step(widget)
    while candidate is not None and candidate is not widget:
        if (not widget.isAncestorOf(candidate) and candidate.isVisible()
                and candidate.isEnabled()
                and candidate.focusPolicy() & Qt.FocusPolicy.TabFocus):
            return candidate
        candidate = step(candidate)
    return None


def leave_on_tab(edit: QDateTimeEdit) -> None:
    """Let Tab leave ``edit`` while it shows its special value text (see _LeaveOnTab)."""
    edit.installEventFilter(_LeaveOnTab(edit))
