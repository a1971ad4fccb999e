"""Drop-down lists over the fixed vocabularies (keys stored, labels translated when shown)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QComboBox

from app.domain.text import _


def vocab_combo(vocab: Mapping[str, str], everything: str | None = None) -> QComboBox:
    """A combo whose item data are the keys; ``everything`` adds a first "any" item."""
    combo = QComboBox()
    if everything is not None:
        combo.addItem(everything, None)
    for key, text in vocab.items():
        combo.addItem(_(text), key)
    return combo
