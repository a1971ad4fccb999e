"""The passphrase typed twice, shared by the backup dialog and the automatic-backup settings.

Typed twice because a typo would make the archive unreadable for ever: no
one, the program included, can open it without the passphrase.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QWidget

from app.domain.text import _


class PassphraseFields(QWidget):
    """An "encrypt" checkbox and the passphrase twice; :meth:`problem` says what is wrong."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.encrypt = QCheckBox(_("加密备份文件（存到U盘、移动硬盘或网络共享时推荐）"))
        self.first = QLineEdit()
        self.second = QLineEdit()
        for edit in (self.first, self.second):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.hint = QLabel(_("忘记口令将无法恢复这份备份，请另行妥善保管口令。"))
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #666;")
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.encrypt)
        form.addRow(_("口令"), self.first)
        form.addRow(_("再输入一次"), self.second)
        form.addRow(self.hint)
        self.encrypt.toggled.connect(self._toggled)
        self._toggled(False)

    def _toggled(self, on: bool) -> None:
        for widget in (self.first, self.second, self.hint):
            widget.setEnabled(on)

    def passphrase(self) -> str | None:
        """The passphrase when encryption is on (check :meth:`problem` first), else None."""
        return self.first.text() if self.encrypt.isChecked() else None

    def problem(self) -> str | None:
        """One line saying why the passphrase cannot be used, or None."""
        if not self.encrypt.isChecked():
            return None
        if not self.first.text():
            return _("请输入加密口令")
        if self.first.text() != self.second.text():
            return _("两次输入的口令不一致")
        return None
