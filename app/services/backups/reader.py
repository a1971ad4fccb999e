"""Open an archive (encrypted or not), prove it is whole and signed, and read its rows back.

Nothing in an archive is trusted before :func:`verify_backup` has checked
the manifest's signature under this installation's audit key, then read
every member back: its SHA-256, its byte count and its number of lines must
be what the signed manifest says, and no member may be missing or added.
"""

from __future__ import annotations

import hashlib
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from app.domain.text import _
from app.services.backups import archive_format as fmt
from app.services.backups.crypto import MAGIC, DecryptingReader, is_encrypted
from app.services.backups.errors import (
    BackupCancelled,
    BackupDamaged,
    BackupError,
    BackupKeyMissing,
)
from app.store.audit_key import existing_key

CHUNK = 1 << 20
"""Bytes of a member read at a time."""
READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, KeyError, TypeError,
               UnicodeDecodeError)
"""What a damaged zip, member or line raises while being read."""


def archive_is_encrypted(path: Path) -> bool:
    """Whether the archive needs a passphrase (the GUI asks for one only then)."""
    try:
        with open(path, "rb") as source:
            return is_encrypted(source.read(len(MAGIC)))
    except OSError as exc:
        raise BackupError(_("无法读取备份文件 {file}：{reason}").format(
            file=path, reason=exc.strerror)) from exc


@contextmanager
def open_archive(path: Path, passphrase: str | None) -> Iterator[zipfile.ZipFile]:
    """The archive's zip, decrypted on the fly when it is encrypted."""
    try:
        source: BinaryIO = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise BackupError(_("无法读取备份文件 {file}：{reason}").format(
            file=path, reason=exc.strerror)) from exc
    try:
        stream: Any = source
        if is_encrypted(source.read(len(MAGIC))):
            source.seek(0)
            stream = DecryptingReader(source, passphrase)
        else:
            source.seek(0)
        try:
            archive = zipfile.ZipFile(stream)
        except READ_ERRORS as exc:
            raise BackupDamaged(_("{file} 不是调解台的备份文件，或已损坏").format(
                file=path.name)) from exc
        with archive:
            yield archive
    finally:
        source.close()


def read_manifest(archive: zipfile.ZipFile) -> fmt.BackupManifest:
    """The manifest, after its signature checked out under this installation's key."""
    try:
        body = archive.read(fmt.MANIFEST)
        signature = archive.read(fmt.SIGNATURE)
        key_id = fmt.signature_key_id(signature)
    except READ_ERRORS as exc:
        raise BackupDamaged(_("备份文件不完整或已损坏：缺少清单或签名")) from exc
    key = existing_key()
    if key is None or key.key_id != key_id:
        raise BackupKeyMissing(_(
            "本机没有为这个备份签名的审计密钥（密钥编号 {key}），无法确认它未被改动："
            "请把做备份那台电脑的审计密钥文件复制到本机，并用 TIAOJIE_AUDIT_KEY_FILE 指向它"
        ).format(key=key_id))
    if not fmt.signature_valid(body, signature, key):
        raise BackupDamaged(_("备份清单的签名不符：清单已被改动，拒绝使用这个备份"))
    try:
        manifest = fmt.BackupManifest.from_json(body)
    except READ_ERRORS as exc:
        raise BackupDamaged(_("备份清单无法读取：{reason}").format(reason=exc)) from exc
    if manifest.format_version > fmt.FORMAT_VERSION:
        raise BackupError(_("这个备份由更新版本的调解台（{version}）写入，格式本程序不认识："
                            "请升级调解台后再试").format(version=manifest.program_version))
    return manifest


def iter_lines(archive: zipfile.ZipFile, entry: fmt.TableEntry) -> Iterator[list[bytes]]:
    """A table member's lines (without their newline) in batches of about a megabyte.

    Read in large pieces and split in one call each: a line-by-line read
    costs more than the rest of a restore's work on the line.  Damage
    surfaces as BackupDamaged.
    """
    try:
        with archive.open(entry.member) as member:
            rest = b""
            while piece := member.read(CHUNK):
                lines = (rest + piece).split(b"\n")
                rest = lines.pop()
                if lines:
                    yield lines
            if rest:
                yield [rest]
    except READ_ERRORS as exc:
        raise BackupDamaged(_("备份中的 {member} 已损坏：{reason}").format(
            member=entry.member, reason=exc)) from exc


def _member_check(archive: zipfile.ZipFile, entry: fmt.TableEntry,
                  step: Callable[[int], None]) -> tuple[str, int, int]:
    """A member's SHA-256, lines and bytes, read in large pieces; ``step(lines)`` after each."""
    digest, rows, size = hashlib.sha256(), 0, 0
    try:
        with archive.open(entry.member) as member:
            while piece := member.read(CHUNK):
                digest.update(piece)
                size += len(piece)
                lines = piece.count(b"\n")
                rows += lines
                step(lines)
    except READ_ERRORS as exc:
        raise BackupDamaged(_("备份中的 {member} 已损坏：{reason}").format(
            member=entry.member, reason=exc)) from exc
    return digest.hexdigest(), rows, size


def verify_backup(path: Path, *, passphrase: str | None = None,
                  progress: Callable[[int, int], None] | None = None,
                  cancelled: Callable[[], bool] | None = None) -> fmt.BackupManifest:
    """Check the signature, then every member's SHA-256, size and rows; the manifest if whole."""
    with open_archive(Path(path), passphrase) as archive:
        manifest = read_manifest(archive)
        expected = {t.member for t in manifest.tables} | {fmt.MANIFEST, fmt.SIGNATURE}
        present = set(archive.namelist())
        if missing := sorted(expected - present):
            raise BackupDamaged(_("备份不完整：缺少 {members}").format(members="、".join(missing)))
        if extra := sorted(present - expected):
            raise BackupDamaged(_("备份中有清单之外的内容：{members}").format(
                members="、".join(extra)))
        done, total = 0, manifest.fingerprint.total

        def step(lines: int) -> None:
            nonlocal done
            if cancelled is not None and cancelled():
                raise BackupCancelled(_("核验已取消"))
            done += lines
            if progress is not None:
                progress(min(done, total), total)

        for entry in manifest.tables:
            if _member_check(archive, entry, step) != (entry.sha256, entry.rows, entry.bytes):
                raise BackupDamaged(_("备份中的 {member} 与清单记录的校验值不符：已损坏或被改动")
                                    .format(member=entry.member))
        check = fmt.fingerprint_of([(t.name, t.rows, t.sha256) for t in manifest.tables])
        if check != manifest.fingerprint:
            raise BackupDamaged(_("备份清单的指纹与其中各表不符：清单已损坏"))
    return manifest
