"""Inline validation messages: a red line under the field, in the user's language."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


class ErrorLabel(QLabel):
    """An initially hidden message shown under one field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet("color: #c62828; font-size: 12px;")
        self.setWordWrap(True)
        self.hide()

    def show_message(self, message: str | None) -> None:
        """Show ``message``, or hide the label when it is None or empty."""
        self.setText(message or "")
        self.setVisible(bool(message))


class FieldErrors:
    """Maps field paths (``parties[1].id_number``) to their labels."""

    def __init__(self) -> None:
        self.labels: dict[str, ErrorLabel] = {}

    def add(self, field: str, label: ErrorLabel) -> ErrorLabel:
        """Register the label that shows errors for ``field``."""
        self.labels[field] = label
        return label

    def clear(self) -> None:
        """Hide every message."""
        for label in self.labels.values():
            label.show_message(None)

    def show(self, field: str, message: str) -> bool:
        """Show a message under ``field``; False if no label belongs to it."""
        label = self.labels.get(field)
        if label is None:
            return False
        label.show_message(message)
        return True
