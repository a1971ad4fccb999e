"""The audit key lives outside the database, private to its user, shareable by setting."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from app.store import audit_tail
from app.store.audit_key import KEY_FILE_ENV, existing_key, load_key
from app.store.database import Database
from tests.store.test_audit_chain import check, entries, make_history


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_key_is_created_on_first_write_private_to_the_user(
        sqlite_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_FILE_ENV, raising=False)
    assert existing_key() is None
    make_history(sqlite_db)
    key_file = tmp_path / "config" / "audit.key"
    assert _mode(key_file) == 0o600 and _mode(key_file.parent) == 0o700
    assert len(bytes.fromhex(key_file.read_text())) == 32
    assert _mode(audit_tail.heads_path()) == 0o600
    assert audit_tail.heads_path().parent == key_file.parent
    key = existing_key()
    assert key is not None and {e.key_id for e in entries(sqlite_db)} == {key.key_id}
    assert key.secret.hex() not in sqlite_db.url and key.secret.hex() not in str(entries(sqlite_db))


def test_key_file_setting_is_used_by_every_client(
        sqlite_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "share" / "tiaojie-audit.key"
    monkeypatch.setenv(KEY_FILE_ENV, str(shared))
    make_history(sqlite_db)
    assert _mode(shared) == 0o600 and not (tmp_path / "config" / "audit.key").exists()
    monkeypatch.setenv("TIAOJIE_CONFIG_DIR", str(tmp_path / "another-client"))
    assert check(sqlite_db).findings == ()


def test_entries_sealed_with_another_key_are_named(
        sqlite_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEY_FILE_ENV, str(tmp_path / "one.key"))
    make_history(sqlite_db)
    written_with = entries(sqlite_db)[0].key_id
    monkeypatch.setenv(KEY_FILE_ENV, str(tmp_path / "other.key"))
    load_key()
    (finding,) = check(sqlite_db).findings
    assert (finding.kind, finding.entry_id, finding.detail) == ("key", 1, written_with)


def test_verifying_without_a_key_creates_none(
        sqlite_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEY_FILE_ENV, str(tmp_path / "writer.key"))
    make_history(sqlite_db)
    monkeypatch.setenv(KEY_FILE_ENV, str(tmp_path / "absent.key"))
    assert [f.kind for f in check(sqlite_db).findings] == ["key"]
    assert not (tmp_path / "absent.key").exists()
