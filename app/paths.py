"""Where the program finds its shipped files, and how it makes the files that are its own.

The same code runs from a source checkout, an editable install and a frozen
PyInstaller bundle; each keeps ``resources/`` and ``i18n/`` in a different
place, so every lookup goes through here.

Case data on the local disk (the data folder, SQLite case bases, drafts) holds
citizens' ID numbers and family quarrels, so folders the program creates are
``0700`` and files ``0600`` — set explicitly after creation, whatever the
process umask (Personal Information Protection Law art. 51: technical measures
against unauthorised access).  On Windows the modes are a no-op beyond the
read-only flag; the user profile's ACLs protect the files there.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600


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


def make_private_folder(path: Path) -> Path:
    """Create ``path`` and any missing parents, each new one readable by its owner only.

    Folders that already exist keep their mode: a parent such as the user's
    home is not the program's to change.
    """
    missing = []
    folder = path
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for new in reversed(missing):
        try:
            new.mkdir(mode=PRIVATE_FOLDER)
        except FileExistsError:
            continue  # another program made it at the same moment
        new.chmod(PRIVATE_FOLDER)
    return path


def restrict_folder(path: Path) -> None:
    """Take group and other access away from one of the program's own folders."""
    if path.stat().st_mode & 0o077:
        path.chmod(PRIVATE_FOLDER)


def create_private_file(path: Path) -> bool:
    """Create ``path`` empty with mode ``0600``; False when it already exists."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return False
    os.close(fd)
    path.chmod(PRIVATE_FILE)
    return True


def write_private_text(path: Path, text: str) -> None:
    """Replace ``path`` atomically with ``text`` (UTF-8) in a file only its owner can read."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    tmp.chmod(PRIVATE_FILE)
    tmp.replace(path)
