"""User settings: which database, which language, who is working.

Settings live in a small JSON file in the user's config directory so that the
CLI and the GUI agree on "the last database used" without Qt.  The database
URL is chosen in this order: ``--db`` flag, ``TIAOJIE_DB``, the saved
setting, the default SQLite file in the user data directory.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

import platformdirs

from app.paths import make_private_folder, restrict_folder

APP_NAME = "tiaojie"
SUPPORTED_LOCALES = ("zh_CN", "en")
IDLE_LOCK_MINUTES = 15
"""Default idle time after which the window locks and asks for the password again."""
MAX_IDLE_LOCK_MINUTES = 240


def data_dir() -> Path:
    """Per-user data folder (database, drafts, backups), created readable by its owner only.

    The default folder, if an earlier release left it ``0755``, is tightened
    to ``0700``; a folder named by ``TIAOJIE_DATA_DIR`` keeps the mode it has.
    """
    override = os.environ.get("TIAOJIE_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, False))
    make_private_folder(path)
    if not override:
        restrict_folder(path)
    return path


def config_path() -> Path:
    """The settings file; tests point ``TIAOJIE_CONFIG_DIR`` at a temp folder."""
    override = os.environ.get("TIAOJIE_CONFIG_DIR")
    folder = Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME, False))
    return folder / "settings.json"


def default_db_url() -> str:
    """SQLite file in the data folder: works with no set-up at all."""
    return f"sqlite:///{data_dir() / 'tiaojie.db'}"


@dataclass
class Settings:
    """What the user chose last time; unknown keys in the file are ignored."""

    db_url: str | None = None
    locale: str = "zh_CN"
    user: str = "admin"
    recent_db_urls: list[str] = field(default_factory=list)
    idle_lock_minutes: int = IDLE_LOCK_MINUTES
    """Minutes without keyboard or mouse input before the main window locks (1–240)."""

    @classmethod
    def load(cls) -> Settings:
        """Read the settings file, falling back to defaults if it is absent or damaged."""
        path = config_path()
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        known = {k: v for k, v in raw.items() if k in cls.__dataclass_fields__}
        settings = cls(**known)
        if settings.locale not in SUPPORTED_LOCALES:
            settings.locale = "zh_CN"
        minutes = settings.idle_lock_minutes
        if type(minutes) is not int or not 1 <= minutes <= MAX_IDLE_LOCK_MINUTES:
            settings.idle_lock_minutes = IDLE_LOCK_MINUTES
        return settings

    def save(self) -> None:
        """Write atomically so a crash never leaves a half-written file."""
        path = config_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8")
        tmp.replace(path)

    def remember_db(self, url: str) -> None:
        """Make ``url`` the current database and keep a short most-recent list."""
        self.db_url = url
        self.recent_db_urls = [url, *[u for u in self.recent_db_urls if u != url]][:8]


def resolve_db_url(cli_value: str | None, settings: Settings | None = None) -> str:
    """Pick the database URL by the documented precedence."""
    if cli_value:
        return cli_value
    env = os.environ.get("TIAOJIE_DB")
    if env:
        return env
    settings = settings or Settings.load()
    return settings.db_url or default_db_url()
