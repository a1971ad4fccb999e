"""Where the program finds its shipped files.

The same code runs from a source checkout, an editable install and a frozen
PyInstaller bundle; each keeps ``resources/`` and ``i18n/`` in a different
place, so every lookup goes through here.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def project_root() -> Path:
    """The folder holding ``resources/`` and ``i18n/``."""
    override = os.environ.get("TIAOJIE_HOME")
    if override:
        return Path(override)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    """Fonts, icons, document templates and demo word lists."""
    return project_root() / "resources"


def i18n_dir() -> Path:
    """The gettext catalogs (``<locale>/LC_MESSAGES/tiaojie.po``)."""
    return project_root() / "i18n"
