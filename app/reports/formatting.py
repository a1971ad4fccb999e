"""How a cell is printed: counts grouped, amounts to the fen, rates as percentages.

One function for the screen, the PDF and the XLSX's text fallbacks, so the
three show the same thing; numbers go through Babel (app/i18n.py).
"""

from __future__ import annotations

from decimal import Decimal

from babel import numbers

from app import i18n
from app.reports.model import Cell, Column

NO_FIGURE = "—"
"""A rate over nothing, or days when nothing concluded: not zero, just no figure."""


def display(column: Column, value: Cell) -> str:
    """``value`` of ``column`` as it is printed."""
    if value is None:
        return NO_FIGURE
    if column.kind == "rate":
        return f"{i18n.format_number((Decimal(value) * 100).quantize(Decimal('0.1')))}%"
    if column.kind == "money":
        return numbers.format_decimal(Decimal(value), format="#,##0.00",
                                      locale=i18n.current_locale())
    return i18n.format_number(value)
