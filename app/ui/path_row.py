"""A path field with its browse button beside it, as every file and folder choice shows it.

The backup, restore, automatic-backup and database dialogs each let the user
type a path or pick it; one helper keeps them alike (the field takes the
spare width, the button its natural size).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton

from app.domain.text import _


def path_row(field: QLineEdit, browse: Callable[[], object],
             button_text: str | None = None) -> QHBoxLayout:
    """``field`` and a button (浏览… unless ``button_text``) that calls ``browse``."""
    button = QPushButton(button_text or _("浏览…"))
    button.clicked.connect(browse)
    row = QHBoxLayout()
    row.addWidget(field, 1)
    row.addWidget(button)
    return row
