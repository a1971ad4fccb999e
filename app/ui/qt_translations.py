"""Qt's own translations, so standard buttons and dialogs (OK, Cancel, file picker) match.

Kept apart from ``app.i18n`` so that module stays free of Qt.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

_installed: list[QTranslator] = []


def install(locale: str) -> bool:
    """Replace Qt's translators with those for ``locale``; True if a catalog was found."""
    app = QCoreApplication.instance()
    if app is None:
        return False
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale(locale))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    found = False
    for name in ("qtbase", "qt"):
        translator = QTranslator(app)
        if translator.load(f"{name}_{locale}", folder):
            app.installTranslator(translator)
            _installed.append(translator)
            found = True
    return found
