"""Translation hook for every layer.

The domain must not import the application's i18n module (layers point one
way), yet its messages are shown to users.  So the translation object lives
here and ``app.i18n`` installs the active catalog into it at start-up.
Message ids are Chinese, the product's first language; the English catalog
translates them.  A missing translation therefore falls back to Chinese.
"""

from __future__ import annotations

import gettext

_active: gettext.NullTranslations = gettext.NullTranslations()


def install(translations: gettext.NullTranslations) -> None:
    """Make ``translations`` the catalog used by every later ``_()`` call."""
    global _active
    _active = translations


def _(message: str) -> str:
    """Translate ``message`` into the active language."""
    return _active.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate with plural forms (English needs them, Chinese does not)."""
    return _active.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a module-level constant for extraction; translate it when shown."""
    return message
