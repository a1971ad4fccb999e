"""The one gettext pipeline for every user-visible string, and locale-aware formatting.

Catalogs live in ``i18n/<locale>/LC_MESSAGES/tiaojie.po`` and are managed with
Babel (``make i18n``).  Message ids are Chinese, so zh_CN needs no translation
and English falls back to Chinese for anything not yet translated.  A compiled
``.mo`` is used when present; otherwise the ``.po`` is compiled in memory, so
a source checkout runs without a build step.  Dates, numbers and money are
formatted by Babel for the active locale.

Qt's own translations (standard buttons and dialogs) are installed by
``app.ui.qt_translations``: this module must stay importable without Qt so the
CLI and the domain can use it.
"""

from __future__ import annotations

import gettext
import io
from datetime import date, datetime
from decimal import Decimal

from babel import dates as babel_dates
from babel import numbers as babel_numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from app.config import SUPPORTED_LOCALES
from app.domain import text
from app.paths import i18n_dir

DOMAIN = "tiaojie"
_current = "zh_CN"


def load_translations(locale: str) -> gettext.NullTranslations:
    """The catalog for ``locale`` (compiled .mo if up to date, else the .po)."""
    folder = i18n_dir() / locale / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    if not po.exists():
        return gettext.NullTranslations()
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def activate(locale: str) -> None:
    """Switch every later ``_()`` call and formatter to ``locale``."""
    global _current
    if locale not in SUPPORTED_LOCALES:
        locale = "zh_CN"
    text.install(load_translations(locale))
    _current = locale


def current_locale() -> str:
    """The active locale key (``zh_CN`` or ``en``)."""
    return _current


def format_date(value: date | None, style: str = "medium") -> str:
    """A date as people of the active locale write it (2026年11月23日 / Nov 23, 2026)."""
    if value is None:
        return ""
    return babel_dates.format_date(value, format=style, locale=_current)


def format_datetime(value: datetime | None) -> str:
    """Date and minute, for lists and timelines."""
    if value is None:
        return ""
    return f"{format_date(value.date())} {value:%H:%M}"


def format_number(value: int | float | Decimal) -> str:
    """A count with the locale's grouping (1,000,000)."""
    return babel_numbers.format_decimal(value, locale=_current)


def format_money(value: Decimal | None) -> str:
    """An amount in yuan (¥12,000.00)."""
    if value is None:
        return ""
    return babel_numbers.format_currency(value, "CNY", locale=_current)
