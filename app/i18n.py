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
from functools import cache

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

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
    from babel.messages.mofile import write_mo  # only a source checkout without a build step
    from babel.messages.pofile import read_po

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


@cache
def _babel_locale(name: str) -> Locale:
    """Babel's locale object, parsed once: a list formats hundreds of dates per page."""
    return Locale.parse(name)


def load_formats() -> None:
    """Read the active locale's number and date formats now, once per process.

    Babel reads and merges its locale data on first use, tens of milliseconds:
    the GUI calls this on a worker while its first window paints, so that the
    first count it shows does not wait for it.
    """
    locale = _babel_locale(_current)
    _read = (locale.decimal_formats, locale.date_formats, locale.currency_formats)  # loads them


def format_date(value: date | None, style: str = "medium") -> str:
    """A date as people of the active locale write it (2026年11月23日 / Nov 23, 2026)."""
    if value is None:
        return ""
    return babel_dates.format_date(value, format=style, locale=_babel_locale(_current))


def format_datetime(value: datetime | None) -> str:
    """Date and minute, for lists and timelines."""
    if value is None:
        return ""
    return f"{format_date(value.date())} {value:%H:%M}"


def format_number(value: int | float | Decimal) -> str:
    """A count with the locale's grouping (1,000,000)."""
    return babel_numbers.format_decimal(value, locale=_babel_locale(_current))


def format_money(value: Decimal | None) -> str:
    """An amount in yuan (¥12,000.00)."""
    if value is None:
        return ""
    return babel_numbers.format_currency(value, "CNY", locale=_babel_locale(_current))
