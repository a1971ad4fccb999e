"""The installation's audit key: kept outside the database, so the database alone cannot forge.

Entries are sealed with HMAC-SHA-256 under a 256-bit key that lives in a file
in the user's config folder (``TIAOJIE_CONFIG_DIR`` or the platform's), mode
0600 in a 0700 folder, created the first time an entry is written.  Someone
holding only the database file (a copied backup, a server login) can then
alter rows but cannot write an entry that verifies.

Several computers writing one PostgreSQL case base must seal with the same
key: the administrator copies one key file to every client and points
``TIAOJIE_AUDIT_KEY_FILE`` at it.  Every entry records the key's id (a
digest of the key, not the key), so a client with a different key is named
rather than mistaken for tampering.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from app.config import config_path
from app.domain.errors import DomainError
from app.domain.text import _

KEY_FILE_ENV = "TIAOJIE_AUDIT_KEY_FILE"
KEY_NAME = "audit.key"
KEY_BYTES = 32
_ID_LABEL = b"tiaojie audit key id"


class AuditKeyError(DomainError):
    """The key file cannot be read or created, so nothing can be audited (or written)."""


@dataclass(frozen=True)
class AuditKey:
    """The secret and where it came from; the secret itself is never shown."""

    secret: bytes
    path: Path

    @property
    def key_id(self) -> str:
        """A public name for the key (64 bits of a keyed digest) stored with every entry."""
        return hmac.new(self.secret, _ID_LABEL, hashlib.sha256).hexdigest()[:16]

    def mac(self, payload: bytes) -> str:
        """HMAC-SHA-256 of ``payload`` as 64 hex digits."""
        return hmac.new(self.secret, payload, hashlib.sha256).hexdigest()


def config_dir() -> Path:
    """The user config folder (where settings.json, the key and the head record live)."""
    return config_path().parent


def key_path() -> Path:
    """``TIAOJIE_AUDIT_KEY_FILE`` if set (a key shared by the clients of one server), else ours."""
    override = os.environ.get(KEY_FILE_ENV)
    return Path(override).expanduser() if override else config_dir() / KEY_NAME


_cache: dict[Path, tuple[tuple[int, int, int], AuditKey]] = {}


def load_key() -> AuditKey:
    """The key for sealing entries, created on first need."""
    key = _load(create=True)
    assert key is not None
    return key


def existing_key() -> AuditKey | None:
    """The key for checking entries, or None on a computer that never had one (none is made)."""
    return _load(create=False)


def _load(*, create: bool) -> AuditKey | None:
    path = key_path()
    try:
        stat = path.stat()
    except FileNotFoundError:
        if not create:
            return None
        _create(path)
        stat = path.stat()
    except OSError as exc:
        raise AuditKeyError(_key_message(path, exc)) from exc
    signature = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
    cached = _cache.get(path)
    if cached is not None and cached[0] == signature:
        return cached[1]
    key = AuditKey(_read(path), path)
    _cache[path] = (signature, key)
    return key


def _read(path: Path) -> bytes:
    try:
        secret = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError) as exc:
        raise AuditKeyError(_key_message(path, exc)) from exc
    if len(secret) != KEY_BYTES:
        raise AuditKeyError(_key_message(path, ValueError("length")))
    return secret


def _create(path: Path) -> None:
    """Write a new random key with mode 0600; a key another process wrote first wins."""
    folder = path.parent
    try:
        if not folder.exists():
            folder.mkdir(mode=0o700, parents=True)
        if path.parent == config_dir():
            os.chmod(folder, 0o700)
        handle, tmp = tempfile.mkstemp(prefix=".audit-key-", dir=folder)
        try:
            with os.fdopen(handle, "w", encoding="ascii") as out:
                out.write(secrets.token_hex(KEY_BYTES) + "\n")
            os.chmod(tmp, 0o600)
            with contextlib.suppress(FileExistsError):
                os.link(tmp, path)
        finally:
            os.unlink(tmp)
    except OSError as exc:
        raise AuditKeyError(_key_message(path, exc)) from exc


def _key_message(path: Path, exc: Exception) -> str:
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else _("内容无效")
    return _("无法使用审计密钥文件 {path}（{reason}）：请检查该文件，或从备份恢复它").format(
        path=path, reason=reason)
