"""This computer's automatic-backup setting and record, one entry per case base.

The folder is a *per-machine* setting, not a case-base setting: it is
usually a USB drive letter or a share mounted on this PC (``E:\\备份``,
``/media/usb``), which means nothing on the next PC.  A PostgreSQL case base
is shared by every clerk's PC, and if the folder were stored in the base,
each of them would back up the county server into a path it may not have.
So the setting lives next to settings.json in the user's config folder,
keyed by where the case base is (the SQLite file, or server/database), and
only the PC whose administrator chose a folder backs that base up.

The record beside it (last good backup, last failure and its reason, the
change marker of the last good copy) is kept here too, and not in the case
base: writing it into the base would itself be a change, so every backup
would make the next one due.

If the administrator asks for encrypted automatic backups, the passphrase is
kept in this file, readable by its owner only (``0600``).  That protects the
copies that leave the PC (a lost USB stick, a share others can read); on the
PC itself the case base is no better protected than this file is.
"""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from app.config import config_path
from app.paths import make_private_folder, write_private_text

FILE_NAME = "backups.json"
_lock = threading.Lock()


@dataclass(frozen=True)
class AutoBackupRecord:
    """The folder chosen for one case base on this PC, and how its backups went."""

    folder: str | None = None
    passphrase: str | None = None
    last_good: datetime | None = None
    last_good_file: str | None = None
    marker: str | None = None
    """The case base's change marker when the last good copy was taken."""
    last_failure: datetime | None = None
    failure_reason: str | None = None


def state_path() -> Path:
    """The record file, beside the user's settings."""
    return config_path().parent / FILE_NAME


def _from_json(raw: dict[str, Any]) -> AutoBackupRecord:
    def moment(key: str) -> datetime | None:
        value = raw.get(key)
        return datetime.fromisoformat(value) if isinstance(value, str) else None

    def text(key: str) -> str | None:
        value = raw.get(key)
        return value if isinstance(value, str) and value else None

    return AutoBackupRecord(
        folder=text("folder"), passphrase=text("passphrase"), last_good=moment("last_good"),
        last_good_file=text("last_good_file"), marker=text("marker"),
        last_failure=moment("last_failure"), failure_reason=text("failure_reason"))


def _to_json(record: AutoBackupRecord) -> dict[str, Any]:
    return {key: value.isoformat() if isinstance(value, datetime) else value
            for key, value in asdict(record).items() if value is not None}


def _read_all() -> dict[str, Any]:
    try:
        raw = json.loads(state_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    bases = raw.get("bases") if isinstance(raw, dict) else None
    return bases if isinstance(bases, dict) else {}


def read_record(location: str) -> AutoBackupRecord:
    """The record for the case base at ``location`` (empty when none, or unreadable)."""
    with _lock:
        raw = _read_all().get(location)
    try:
        return _from_json(raw) if isinstance(raw, dict) else AutoBackupRecord()
    except ValueError:
        return AutoBackupRecord()


def update_record(location: str, **changes: Any) -> AutoBackupRecord:
    """Change some fields of one case base's record and write the file atomically."""
    with _lock:
        bases = _read_all()
        raw = bases.get(location)
        try:
            current = _from_json(raw) if isinstance(raw, dict) else AutoBackupRecord()
        except ValueError:
            current = AutoBackupRecord()
        record = replace(current, **changes)
        bases[location] = _to_json(record)
        path = state_path()
        make_private_folder(path.parent)
        write_private_text(path, json.dumps({"bases": bases}, ensure_ascii=False, indent=2))
    return record
