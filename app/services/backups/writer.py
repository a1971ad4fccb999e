"""Write an archive (a whole case base, or one organisation's part) to a file, all or nothing.

Everything is read inside one snapshot (snapshot.py) and streamed straight
into the zip, through the cipher when a passphrase is given.  This thread
reads the lines (lines.py); a second one (in_order.py) deflates, checksums
and encrypts the last megabyte meanwhile, so a backup uses both cores.  The
file is written under a temporary name beside ``out`` (so a rename can
finish it on the same disk) and renamed only when complete and flushed to
the disk.  A
cancel, a full disk or any failure removes the temporary file: nothing half
written is ever left where a backup is expected.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import os
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import Column, Connection, Table, select
from sqlalchemy.orm import Session

from app.domain.text import _
from app.services.backups import archive_format as fmt
from app.services.backups.crypto import EncryptingWriter
from app.services.backups.errors import BackupCancelled, BackupError
from app.services.backups.in_order import InOrder
from app.services.backups.lines import line_batches
from app.services.backups.snapshot import count_rows, snapshot
from app.services.security.access import Access, require
from app.services.security.users import UserInfo
from app.store import schema
from app.store.audit_chain import BASE_CHAIN
from app.store.audit_key import load_key
from app.store.database import Database
from app.store.models.audit import audit_heads
from app.store.models.report_cache import data_tables

ProgressFn = Callable[[int, int], None]
CancelledFn = Callable[[], bool]


@dataclass(frozen=True)
class TablePart:
    """One table to write: its columns, and (partial archives) which rows by ``id``."""

    table: Table
    columns: Sequence[Column[Any]]
    ids: Sequence[int] | None = None


@dataclass(frozen=True)
class Selection:
    """What an archive holds: its kind, its scope (partial: organisation, dates) and tables."""

    kind: str
    parts: Sequence[TablePart]
    scope: dict[str, Any] = field(default_factory=dict)


Selector = Callable[[Connection, Access], Selection]
"""Chooses the rows inside the snapshot (so the choice and the rows are of one moment)."""


@dataclass(frozen=True)
class BackupReport:
    """A finished archive: where, how big, how long, and what its manifest says."""

    path: Path
    manifest: fmt.BackupManifest
    size: int
    seconds: float
    encrypted: bool

    @property
    def fingerprint(self) -> fmt.Fingerprint:
        """Rows per table and the digest a restore must reproduce."""
        return self.manifest.fingerprint

    @property
    def rows(self) -> int:
        """Rows written, all tables together."""
        return self.manifest.fingerprint.total


def whole_base(_conn: Connection, _access: Access) -> Selection:
    """Every table, every column, every row (the report cache is derived: left out)."""
    return Selection(fmt.FULL, [TablePart(t, fmt.table_columns(t)) for t in data_tables()])


def program_version() -> str:
    """This release's version, as recorded in every manifest."""
    try:
        return importlib.metadata.version("tiaojie")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def write_backup(db: Database, actor: UserInfo, out: Path, *, passphrase: str | None = None,
                 progress: ProgressFn | None = None,
                 cancelled: CancelledFn | None = None) -> BackupReport:
    """Back up the whole case base to ``out`` (administrators and directors)."""
    return _write_archive(db, actor, Path(out), "casebase.backup", whole_base,
                         passphrase=passphrase, progress=progress, cancelled=cancelled)


def _write_archive(db: Database, actor: UserInfo, out: Path, action: str, selector: Selector, *,
                  passphrase: str | None = None, progress: ProgressFn | None = None,
                  cancelled: CancelledFn | None = None) -> BackupReport:
    """Write the rows ``selector`` picks, as of one moment, to ``out``; nothing left on failure."""
    started = time.monotonic()
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise BackupError(_("无法写入备份：文件夹 {folder} 不存在").format(folder=folder))
    try:
        handle, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise BackupError(_("无法在 {folder} 写入备份：{reason}").format(
            folder=folder, reason=exc.strerror)) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(handle, "wb") as raw:
            manifest = _write_to(db, actor, raw, action, selector, passphrase,
                                 progress, cancelled)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BackupError(_("无法写入备份文件 {file}：{reason}").format(
            file=out, reason=exc.strerror or exc)) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return BackupReport(out, manifest, out.stat().st_size, time.monotonic() - started,
                        passphrase is not None)


def _write_to(db: Database, actor: UserInfo, raw: BinaryIO, action: str, selector: Selector,
              passphrase: str | None, progress: ProgressFn | None,
              cancelled: CancelledFn | None) -> fmt.BackupManifest:
    cipher = EncryptingWriter(raw, passphrase) if passphrase else None
    target: Any = cipher if cipher is not None else raw
    with snapshot(db) as conn:
        with Session(conn) as session:
            access = require(session, actor, action)
        selection = selector(conn, access)
        revision = str(conn.exec_driver_sql(
            f"SELECT version_num FROM {schema.VERSION_TABLE}").scalar())
        heads = conn.execute(select(audit_heads.c.chain, audit_heads.c.seq, audit_heads.c.hash,
                                    audit_heads.c.origin).order_by(audit_heads.c.chain)).all()
        total = sum(count_rows(conn, p.table, p.ids) for p in selection.parts)
        done = 0
        entries = []
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED,
                             compresslevel=1) as archive, InOrder() as worker:
            for part in selection.parts:
                entry, done = _write_table(conn, archive, worker, part, done, total, progress,
                                           cancelled)
                entries.append(entry)
            key = load_key()
            manifest = fmt.BackupManifest(
                kind=selection.kind, program_version=program_version(),
                schema_revision=revision, created_at=datetime.now().replace(microsecond=0),
                created_by=actor.login, source=db.display_name, backend=db.backend,
                origin=next((h.origin for h in heads if h.chain == BASE_CHAIN), None),
                key_id=key.key_id,
                audit_heads=tuple((h.chain, int(h.seq), h.hash) for h in heads)
                if selection.kind == fmt.FULL else (),
                tables=tuple(entries),
                fingerprint=fmt.fingerprint_of([(e.name, e.rows, e.sha256) for e in entries]),
                scope=selection.scope)
            body = manifest.to_json()
            archive.writestr(fmt.MANIFEST, body)
            archive.writestr(fmt.SIGNATURE, fmt.sign(body, key))
    if cipher is not None:
        cipher.finish()
    return manifest


def _write_table(conn: Connection, archive: zipfile.ZipFile, worker: InOrder, part: TablePart,
                 done: int, total: int, progress: ProgressFn | None,
                 cancelled: CancelledFn | None) -> tuple[fmt.TableEntry, int]:
    """Read the table's lines here; deflate, checksum (and encrypt) them on the worker."""
    digest = hashlib.sha256()
    rows = size = 0
    member = fmt.member_name(part.table.name)
    out = worker.call(functools.partial(archive.open, member, "w", force_zip64=True))
    try:
        for count, chunk in line_batches(conn, part.table, part.columns, part.ids):
            if cancelled is not None and cancelled():
                raise BackupCancelled(_("备份已取消，未留下任何文件"))
            worker.submit(_put, out, digest, chunk)
            rows += count
            size += len(chunk)
            done += count
            if progress is not None:
                progress(done, total)
        worker.call(out.close)
    except BaseException:
        worker.abandon()
        out.close()
        raise
    kinds = [fmt.column_kind(c) for c in part.columns]
    entry = fmt.TableEntry(part.table.name, member,
                           tuple((c.name, k) for c, k in zip(part.columns, kinds, strict=True)),
                           rows, digest.hexdigest(), size)
    return entry, done


def _put(out: BinaryIO, digest: Any, chunk: bytes) -> None:
    out.write(chunk)
    digest.update(chunk)
