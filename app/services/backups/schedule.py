"""Automatic backups: at the first start of each day, and on exit when something changed.

The administrator chooses a folder for this PC (app/services/backups/auto_state.py
explains why it is a per-machine setting).  Each run writes a new archive
named by app/domain/backup_rotation.py, reads it back (checksums and
signature) and only then deletes the older copies the 7/4/12 rule no longer
keeps, so a bad new copy can never cost a good old one.  The outcome (last
good time, or the failure and its one-line reason) is recorded for the status
bar.

"Something changed" is read from the audit chain heads: every change to a
row of the case base advances the head of its chain in the same transaction,
so a digest of all heads differs exactly when something was written since
the last good copy.  The digest is taken *before* the snapshot, so a change
made while the backup runs makes the next one due rather than being lost.

The clock is a parameter, so tests run a simulated year in seconds; the
archive writer and reader are parameters too, defaulting to
app.services.backups (helper functions tests may swap for a stub).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from pathlib import Path

from sqlalchemy import select

from app.domain.backup_rotation import (
    BackupStatus,
    backup_due_at_start,
    backup_name,
    backup_status,
    backups_to_keep,
    parse_backup_name,
)
from app.domain.errors import DomainError, ValidationError
from app.domain.text import _
from app.services.backups.auto_state import AutoBackupRecord, read_record, update_record
from app.services.backups.errors import BackupCancelled
from app.services.security.access import require
from app.services.security.users import UserInfo
from app.store.audit_chain import location_of
from app.store.database import Database
from app.store.models.audit import audit_heads

ACTION = "casebase.backup"
EXTENSION = ".tjbak"
"""The automatic copies' file extension (a zip inside; see README for the format)."""

Clock = Callable[[], datetime]
_running: set[str] = set()
_running_lock = threading.Lock()
Progress = Callable[[int, int], bool]
Writer = Callable[[Database, UserInfo, Path, str | None, Progress | None], object]
Verifier = Callable[[Path, str | None, Progress | None], object]


class When(Enum):
    """Which moment asks for an automatic backup."""

    START = "start"
    EXIT = "exit"


@dataclass(frozen=True)
class AutoBackupInfo:
    """What the status bar and the settings page show about this PC's automatic backups."""

    folder: str | None
    encrypted: bool
    last_good: datetime | None
    last_good_file: str | None
    last_failure: datetime | None
    failure_reason: str | None
    status: BackupStatus


@dataclass(frozen=True)
class ManualBackup:
    """A backup made by hand: where it is, what the writer reported, the status after it."""

    path: Path
    report: object
    info: AutoBackupInfo


@dataclass(frozen=True)
class AutoBackupOutcome:
    """What one run did: ``written`` is the new copy (None when none was due or it failed)."""

    due: bool
    written: Path | None
    pruned: tuple[Path, ...]
    failure: str | None
    info: AutoBackupInfo


def _allowed_at(db: Database, actor: UserInfo) -> str:
    """Check the permission; return where the case base lives (the key of this PC's record)."""
    with db.session() as s:
        require(s, actor, ACTION)
        return location_of(s.connection())


def _tag(location: str) -> str:
    """Eight hex digits naming the case base in file names, so bases can share a folder."""
    return hashlib.sha256(location.encode("utf-8")).hexdigest()[:8]


def _marker(db: Database) -> str:
    """A digest of every audit chain head: it changes exactly when something was written."""
    with db.session() as s:
        rows = s.execute(select(audit_heads.c.chain, audit_heads.c.seq, audit_heads.c.hash)
                         .order_by(audit_heads.c.chain)).all()
    digest = hashlib.sha256()
    for chain, seq, head in rows:
        digest.update(f"{chain}\x1f{seq}\x1f{head}\x1e".encode())
    return digest.hexdigest()


def _info(record: AutoBackupRecord, now: datetime) -> AutoBackupInfo:
    return AutoBackupInfo(
        record.folder, record.passphrase is not None, record.last_good, record.last_good_file,
        record.last_failure, record.failure_reason,
        backup_status(record.last_good, record.last_failure, now))


def auto_backup_info(db: Database, actor: UserInfo, *, now: Clock = datetime.now
                     ) -> AutoBackupInfo:
    """This PC's automatic-backup folder for the case base and how its backups stand."""
    return _info(read_record(_allowed_at(db, actor)), now())


def set_auto_backup_folder(db: Database, actor: UserInfo, folder: str | None,
                           passphrase: str | None = None, *, keep_passphrase: bool = False,
                           now: Clock = datetime.now) -> AutoBackupInfo:
    """Choose (or with None, stop) this PC's automatic backups of the case base.

    The folder must exist and be writable now (a USB stick that is not
    plugged in is refused, not silently remembered); ``passphrase`` set means
    the copies are encrypted with it, ``keep_passphrase`` keeps the one
    chosen before (the settings dialog never shows it again).
    """
    location = _allowed_at(db, actor)
    if folder is not None:
        _check_folder(Path(folder))
    if passphrase is not None and not passphrase:
        raise ValidationError(_("加密口令不能为空"), "passphrase")
    if keep_passphrase:
        passphrase = read_record(location).passphrase
    record = update_record(location, folder=folder,
                           passphrase=passphrase if folder is not None else None)
    return _info(record, now())


def backup_due(db: Database, actor: UserInfo, when: When, *, now: Clock = datetime.now) -> bool:
    """Whether :func:`run_auto_backup` would write a copy now (the GUI asks before exiting)."""
    return _due(db, read_record(_allowed_at(db, actor)), when, now())


def _due(db: Database, record: AutoBackupRecord, when: When, now: datetime) -> bool:
    if record.folder is None:
        return False
    if when is When.START:
        return backup_due_at_start(record.last_good, now)
    return record.marker != _marker(db)


def _check_folder(folder: Path) -> None:
    if not folder.is_dir():
        raise ValidationError(_("备份文件夹不存在或未连接：{folder}").format(folder=folder),
                              "folder")
    probe = folder / ".tiaojie-write-test"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise ValidationError(_("不能在备份文件夹中写入文件：{folder}（{reason}）").format(
            folder=folder, reason=exc.strerror or exc), "folder") from exc


def _default_writer(db: Database, actor: UserInfo, out: Path, passphrase: str | None,
                    progress: Progress | None) -> object:
    from app.services.backups.writer import write_backup

    cancelled = None if progress is None else CancelFlag(progress)
    return write_backup(db, actor, out, passphrase=passphrase,
                        progress=None if cancelled is None else cancelled.report,
                        cancelled=None if cancelled is None else cancelled.is_set)


def _default_verifier(path: Path, passphrase: str | None, progress: Progress | None) -> object:
    from app.services.backups.reader import verify_backup

    flag = None if progress is None else CancelFlag(progress)
    return verify_backup(path, passphrase=passphrase,
                         progress=None if flag is None else flag.report,
                         cancelled=None if flag is None else flag.is_set)


class CancelFlag:
    """Adapts a TaskRunner ``progress -> bool`` to the archive API's ``progress`` and ``cancelled``.

    The task runner reports Cancel through the return value of ``progress``;
    the archive functions poll a separate ``cancelled()``.
    """

    def __init__(self, progress: Progress) -> None:
        self._progress, self._stop = progress, False

    def report(self, done: int, total: int) -> None:
        """Pass progress on; remember a Cancel."""
        if not self._progress(done, total):
            self._stop = True

    def is_set(self) -> bool:
        """Whether Cancel was pressed."""
        return self._stop


def _our_copies(folder: Path, tag: str) -> dict[datetime, Path]:
    copies: dict[datetime, Path] = {}
    for path in folder.iterdir():
        parsed = parse_backup_name(path.name)
        if parsed is not None and parsed.tag == tag and parsed.extension == EXTENSION:
            copies[parsed.moment] = path
    return copies


def _prune(folder: Path, tag: str, now: datetime) -> tuple[Path, ...]:
    copies = _our_copies(folder, tag)
    keep = backups_to_keep(copies, now)
    gone = []
    for moment, path in sorted(copies.items()):
        if moment not in keep:
            path.unlink(missing_ok=True)
            gone.append(path)
    return tuple(gone)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, DomainError):
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if isinstance(exc, OSError):
        return _("写入备份文件夹失败：{reason}").format(reason=exc.strerror or exc)
    return _("备份失败：{reason}").format(reason=type(exc).__name__)


def run_auto_backup(db: Database, actor: UserInfo, when: When, progress: Progress | None = None,
                    *, now: Clock = datetime.now, writer: Writer | None = None,
                    verifier: Verifier | None = None) -> AutoBackupOutcome:
    """Back the case base up into this PC's folder if one is due; verify; then rotate.

    Failures are recorded (for the red status) and returned, not raised: an
    automatic backup that fails must not stop the program starting or
    closing.  A cancelled run (``progress`` returned False) records nothing.
    While one run for the case base is under way in this program, another
    (a window rebuilt for a new language starts its own) is not due.
    """
    location = _allowed_at(db, actor)
    with _running_lock:
        if location in _running:
            record = read_record(location)
            return AutoBackupOutcome(False, None, (), None, _info(record, now()))
        _running.add(location)
    try:
        return _run(db, actor, location, when, progress, now,
                    writer or _default_writer, verifier or _default_verifier)
    finally:
        with _running_lock:
            _running.discard(location)


def _run(db: Database, actor: UserInfo, location: str, when: When, progress: Progress | None,
         now: Clock, write: Writer, verify: Verifier) -> AutoBackupOutcome:
    record = read_record(location)
    moment = now().replace(microsecond=0)
    if not _due(db, record, when, moment):
        return AutoBackupOutcome(False, None, (), None, _info(record, moment))
    assert record.folder is not None
    folder, tag = Path(record.folder), _tag(location)
    marker = _marker(db)
    try:
        _check_folder(folder)
        out = folder / backup_name(tag, moment, EXTENSION)
        while out.exists():  # a copy from this very second: never overwrite a good one
            moment += timedelta(seconds=1)
            out = folder / backup_name(tag, moment, EXTENSION)
        write(db, actor, out, record.passphrase, progress)
        try:
            verify(out, record.passphrase, progress)
        except BaseException:
            out.unlink(missing_ok=True)
            raise
        pruned = _prune(folder, tag, moment)
    except BackupCancelled:
        return AutoBackupOutcome(True, None, (), None, _info(record, moment))
    except Exception as exc:
        failure = _reason(exc)
        record = update_record(location, last_failure=moment, failure_reason=failure)
        return AutoBackupOutcome(True, None, (), failure, _info(record, moment))
    record = update_record(location, last_good=moment, last_good_file=str(out), marker=marker,
                           failure_reason=None)
    return AutoBackupOutcome(True, out, pruned, None, _info(record, moment))


def backup_to_file(db: Database, actor: UserInfo, out: Path, passphrase: str | None = None,
                   progress: Progress | None = None, *, now: Clock = datetime.now,
                   writer: Writer | None = None, verifier: Verifier | None = None
                   ) -> ManualBackup:
    """文件 → 备份…: write the archive, read it back, and count it as this PC's last good copy.

    A copy that fails the read-back is deleted and the error raised (one
    line); cancelled, the writer leaves nothing and raises its cancel error.
    """
    location = _allowed_at(db, actor)
    marker = _marker(db)
    write, verify = writer or _default_writer, verifier or _default_verifier
    report = write(db, actor, out, passphrase, progress)
    try:
        verify(out, passphrase, progress)
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    moment = now().replace(microsecond=0)
    record = update_record(location, last_good=moment, last_good_file=str(out),
                           marker=marker)
    return ManualBackup(out, report, _info(record, moment))
