"""A backup that is not exactly what was written, or a target that is not empty, is refused.

Each refusal is one line, and the target is left exactly as it was: no SQLite
file (and no temporary file beside it), no table on PostgreSQL.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from app.services.backups import (
    BackupDamaged,
    BackupError,
    BackupKeyMissing,
    RestoreRefused,
    WrongPassphrase,
    restore_backup,
    verify_backup,
    write_backup,
)
from app.services.backups.archive_format import MANIFEST, SIGNATURE, sign
from app.services.cases.intake import register_case
from app.store.audit_key import load_key
from app.store.database import Database
from tests.services.fixtures import ADMIN, intake, seed_organisations

Edit = Callable[[str, bytes], bytes | None]
"""Member name and content → new content (None: leave the member out)."""


@pytest.fixture
def archive(sqlite_db: Database, tmp_path: Path) -> Path:
    """A fresh backup of a small base with one registered case."""
    seed_organisations(sqlite_db)
    register_case(sqlite_db, ADMIN, intake())
    folder = tmp_path / "backups"
    folder.mkdir()
    return write_backup(sqlite_db, ADMIN, folder / "base.tjbak").path


def _rewrite(source: Path, edit: Edit) -> Path:
    """A copy of the archive with members edited as a tamperer with a zip tool would."""
    target = source.with_name("tampered.tjbak")
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            content = edit(name, old.read(name))
            if content is not None:
                new.writestr(name, content)
    return target


def _flip_one_byte(name: str, content: bytes) -> bytes:
    if name != "tables/parties.jsonl":
        return content
    at = content.index("三丰".encode())
    return content[:at] + bytes([content[at] ^ 1]) + content[at + 1:]


def _drop_a_member(name: str, content: bytes) -> bytes | None:
    return None if name == "tables/case_parties.jsonl" else content


def _edit_manifest(name: str, content: bytes) -> bytes:
    if name != MANIFEST:
        return content
    data = json.loads(content)
    data["created_by"] = "someone-else"
    return json.dumps(data).encode()


def _target_untouched(url: str, folder: Path | None) -> None:
    engine = create_engine(url)
    try:
        if folder is not None:
            assert sorted(p.name for p in folder.iterdir()) == []
        else:
            with engine.connect() as conn:
                assert inspect(conn).get_table_names() == []
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def empty_target(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, Path | None]:
    """An empty target and, for SQLite, the folder that must stay empty."""
    if request.param == "sqlite":
        folder = tmp_path / "target"
        folder.mkdir()
        return f"sqlite:///{folder / 'restored.db'}", folder
    return str(request.getfixturevalue("pg_url")), None


@pytest.mark.parametrize(("edit", "message"), [
    (_flip_one_byte, "parties.jsonl 与清单记录的校验值不符"),
    (_drop_a_member, "缺少 tables/case_parties.jsonl"),
    (_edit_manifest, "签名不符"),
], ids=["byte-changed", "member-removed", "manifest-edited"])
def test_a_tampered_archive_is_refused_and_the_target_untouched(
        archive: Path, empty_target: tuple[str, Path | None], edit: Edit, message: str) -> None:
    tampered = _rewrite(archive, edit)
    with pytest.raises(BackupDamaged, match=message) as caught:
        restore_backup(tampered, empty_target[0], None)
    assert "\n" not in str(caught.value)
    _target_untouched(*empty_target)


def test_a_byte_changed_in_the_compressed_file_is_refused(archive: Path) -> None:
    raw = bytearray(archive.read_bytes())
    raw[len(raw) // 3] ^= 0x40
    archive.write_bytes(bytes(raw))
    with pytest.raises(BackupDamaged):
        verify_backup(archive)


def test_a_wrong_passphrase_is_one_clear_line(sqlite_db: Database, tmp_path: Path,
                                              empty_target: tuple[str, Path | None]) -> None:
    seed_organisations(sqlite_db)
    sealed = write_backup(sqlite_db, ADMIN, tmp_path / "sealed.tjbak",
                          passphrase="correct horse battery").path
    with pytest.raises(WrongPassphrase, match="备份口令不正确"):
        restore_backup(sealed, empty_target[0], None, passphrase="wrong horse battery")
    with pytest.raises(WrongPassphrase, match="已加密"):
        verify_backup(sealed)
    _target_untouched(*empty_target)


def test_a_non_empty_target_is_refused(archive: Path, migrated_url: str) -> None:
    engine = create_engine(migrated_url)
    with engine.connect() as conn:
        before = sorted(inspect(conn).get_table_names())
    with pytest.raises(RestoreRefused, match="不是空的"):
        restore_backup(archive, migrated_url, None)
    with engine.connect() as conn:
        assert sorted(inspect(conn).get_table_names()) == before
    engine.dispose()


def test_a_backup_from_a_newer_release_is_refused(
        archive: Path, empty_target: tuple[str, Path | None]) -> None:
    key = load_key()
    newer = {}

    def edit(name: str, content: bytes) -> bytes:
        if name == MANIFEST:
            data = json.loads(content)
            data["schema_revision"], data["program_version"] = "9999", "9.0.0"
            newer["manifest"] = json.dumps(data).encode()
            return newer["manifest"]
        return sign(newer["manifest"], key) if name == SIGNATURE else content

    with pytest.raises(RestoreRefused, match=r"更新版本.*9\.0\.0"):
        restore_backup(_rewrite(archive, edit), empty_target[0], None)
    _target_untouched(*empty_target)


def test_a_backup_signed_with_another_installation_key_names_the_key(
        archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIAOJIE_AUDIT_KEY_FILE", str(tmp_path / "other.key"))
    load_key()
    with pytest.raises(BackupKeyMissing, match="TIAOJIE_AUDIT_KEY_FILE"):
        verify_backup(archive)


def test_not_a_backup_at_all(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.tjbak"
    bogus.write_text("just some text", encoding="utf-8")
    with pytest.raises(BackupError, match="不是调解台的备份"):
        verify_backup(bogus)
