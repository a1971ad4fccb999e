"""Drop-down lists over the fixed vocabularies (keys stored, labels translated when shown)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QComboBox

from app import i18n
from app.domain.text import _

COMPACT_CHARS = 14


def compact_outside_chinese(combo: QComboBox) -> QComboBox:
    """Outside Chinese, size ``combo`` to a fixed number of characters, not its longest item.

    English labels run to forty characters ("Court-entrusted mediation (in
    litigation)"); a row of such combos would make a window wider than a
    laptop screen.  The list still pops up wide enough to read every item.
    """
    if not i18n.current_locale().startswith("zh"):
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(COMPACT_CHARS)
    return combo


def vocab_combo(vocab: Mapping[str, str], everything: str | None = None) -> QComboBox:
    """A combo whose item data are the keys; ``everything`` adds a first "any" item."""
    combo = QComboBox()
    if everything is not None:
        combo.addItem(everything, None)
    for key, text in vocab.items():
        combo.addItem(_(text), key)
    return compact_outside_chinese(combo)
