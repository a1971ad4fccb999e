"""Half-filled forms kept on the local disk so a crash or a slip of the hand loses nothing.

Drafts live in the data folder, one file per user and form, written
atomically; they never go to the case base, so they survive even when the
database server cannot be reached.  They hold the same personal data as a
case, so the folder is ``0700`` and each file ``0600`` (app.paths).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from app.config import data_dir
from app.paths import make_private_folder, write_private_text
from app.services.security.users import UserInfo


def _path(login: str, form: str) -> Path:
    digest = hashlib.sha256(login.encode("utf-8")).hexdigest()[:24]
    return data_dir() / "drafts" / f"{form}-{digest}.json"


def save_draft(actor: UserInfo, form: str, content: dict[str, Any]) -> None:
    """Keep the current state of a form (overwrites the previous draft)."""
    path = _path(actor.login, form)
    make_private_folder(path.parent)
    write_private_text(path, json.dumps(content, ensure_ascii=False))


def load_draft(actor: UserInfo, form: str) -> dict[str, Any] | None:
    """The kept draft, or None if there is none (or it is unreadable)."""
    try:
        content = json.loads(_path(actor.login, form).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return content if isinstance(content, dict) else None


def discard_draft(actor: UserInfo, form: str) -> None:
    """Forget the draft once the form was saved or the user threw it away."""
    _path(actor.login, form).unlink(missing_ok=True)
