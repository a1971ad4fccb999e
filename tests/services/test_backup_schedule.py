"""Automatic backups: due at the first start of a day and on exit after a change, verified, rotated.

The clock is injected, so a year of days runs in seconds.  Most tests swap
the archive writer and reader for small stand-ins (what is under test here is
when to back up, what to keep and what to record); one test runs the real
ones end to end.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.domain.backup_rotation import BackupLevel, backups_to_keep, parse_backup_name
from app.domain.errors import DomainError, ValidationError
from app.services.backups import schedule
from app.services.backups.auto_state import state_path
from app.services.backups.schedule import When, run_auto_backup, set_auto_backup_folder
from app.services.security import users
from app.services.security.users import UserInfo
from app.store.database import Database
from tests.services.fixtures import ADMIN

START = datetime(2026, 1, 1, 8, 30)


class Archive:
    """A stand-in writer and reader that remember what they saw."""

    def __init__(self) -> None:
        self.seen_at_verify: list[set[str]] = []
        self.bad = False

    def write(self, db: Database, actor: UserInfo, out: Path, passphrase: str | None,
              progress: Callable[[int, int], bool] | None) -> None:
        out.write_bytes(b"archive:" + (passphrase or "").encode())

    def verify(self, path: Path, passphrase: str | None,
               progress: Callable[[int, int], bool] | None) -> None:
        self.seen_at_verify.append({p.name for p in path.parent.iterdir()})
        if self.bad or not path.read_bytes().startswith(b"archive:"):
            raise DomainError("备份文件校验失败：成员 cases.jsonl 的校验和不符")


def _run(db: Database, archive: Archive, when: When, moment: datetime
         ) -> schedule.AutoBackupOutcome:
    return run_auto_backup(db, ADMIN, when, now=lambda: moment, writer=archive.write,
                           verifier=archive.verify)


def _copies(folder: Path) -> dict[datetime, str]:
    found = {}
    for path in folder.iterdir():
        parsed = parse_backup_name(path.name)
        if parsed is not None:
            found[parsed.moment] = path.name
    return found


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "usb"
    path.mkdir()
    return path


def test_a_year_of_first_starts_keeps_seven_daily_four_weekly_twelve_monthly(
        sqlite_db: Database, folder: Path) -> None:
    set_auto_backup_folder(sqlite_db, ADMIN, str(folder))
    archive = Archive()
    moments = []
    for day in range(365):
        morning = START + timedelta(days=day)
        outcome = _run(sqlite_db, archive, When.START, morning)
        assert outcome.due and outcome.written is not None and outcome.failure is None
        moments.append(morning)
        # a second start the same day is not due
        assert not _run(sqlite_db, archive, When.START, morning + timedelta(hours=3)).due
    end = moments[-1]
    kept = _copies(folder)
    assert set(kept) == backups_to_keep(moments, end)
    assert len({m.date() for m in kept if m > end - timedelta(days=7)}) == 7
    assert len({(m.year, m.month) for m in kept}) == 12
    assert len({m.isocalendar()[:2] for m in kept}) >= 4
    assert len(kept) <= 7 + 4 + 12
    # every new copy was read back while the older copies were all still there
    assert len(archive.seen_at_verify) == 365
    assert all(len(seen) >= min(day + 1, 8) for day, seen in enumerate(archive.seen_at_verify))
    info = schedule.auto_backup_info(sqlite_db, ADMIN, now=lambda: end + timedelta(hours=1))
    assert info.status.level is BackupLevel.OK
    assert info.last_good == end


def test_exit_backs_up_only_after_a_change(db: Database, folder: Path) -> None:
    set_auto_backup_folder(db, ADMIN, str(folder))
    archive = Archive()
    assert _run(db, archive, When.START, START).written is not None
    assert not _run(db, archive, When.EXIT, START + timedelta(hours=8)).due
    assert not schedule.backup_due(db, ADMIN, When.EXIT)
    users.add_user(db, ADMIN, "newbie", "clerk")
    assert schedule.backup_due(db, ADMIN, When.EXIT)
    outcome = _run(db, archive, When.EXIT, START + timedelta(hours=9))
    assert outcome.written is not None
    assert not _run(db, archive, When.EXIT, START + timedelta(hours=10)).due
    assert list(_copies(folder)) == [START + timedelta(hours=9)]  # the day's newest copy


def test_a_copy_that_fails_verification_is_removed_and_old_copies_stay(
        sqlite_db: Database, folder: Path) -> None:
    set_auto_backup_folder(sqlite_db, ADMIN, str(folder))
    archive = Archive()
    for day in range(10):
        _run(sqlite_db, archive, When.START, START + timedelta(days=day))
    before = _copies(folder)
    archive.bad = True
    failed_at = START + timedelta(days=40)
    outcome = _run(sqlite_db, archive, When.START, failed_at)
    assert outcome.due and outcome.written is None
    assert outcome.failure == "备份文件校验失败：成员 cases.jsonl 的校验和不符"
    assert _copies(folder) == before  # nothing pruned, the bad copy gone
    info = outcome.info
    assert info.status.level is BackupLevel.RED and info.status.failed
    assert (info.last_failure, info.failure_reason) == (failed_at, outcome.failure)
    # the next start tries again; success turns the status back to ok
    archive.bad = False
    again = _run(sqlite_db, archive, When.START, failed_at + timedelta(hours=2))
    assert again.written is not None and again.info.status.level is BackupLevel.OK


def test_an_unplugged_drive_is_a_recorded_failure(sqlite_db: Database, folder: Path) -> None:
    set_auto_backup_folder(sqlite_db, ADMIN, str(folder))
    folder.rmdir()
    outcome = _run(sqlite_db, Archive(), When.START, START)
    assert outcome.written is None
    assert outcome.failure is not None and "备份文件夹不存在或未连接" in outcome.failure
    assert "\n" not in outcome.failure
    assert outcome.info.status.level is BackupLevel.RED


def test_other_files_and_other_case_bases_are_never_pruned(
        sqlite_db: Database, folder: Path) -> None:
    set_auto_backup_folder(sqlite_db, ADMIN, str(folder))
    strangers = ["tiaojie-0000beef-20250101-083000.tjbak", "notes.txt",
                 "tiaojie-0000beef-20250102-083000.tjbak"]
    for name in strangers:
        (folder / name).write_text("not ours")
    archive = Archive()
    for day in range(120):
        _run(sqlite_db, archive, When.START, START + timedelta(days=day))
    assert all((folder / name).exists() for name in strangers)


def test_without_a_folder_nothing_is_due_and_the_status_is_red(sqlite_db: Database) -> None:
    outcome = _run(sqlite_db, Archive(), When.START, START)
    assert not outcome.due and outcome.info.folder is None
    assert outcome.info.status.level is BackupLevel.RED


def test_a_missing_folder_is_refused_when_chosen(sqlite_db: Database, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="备份文件夹不存在或未连接"):
        set_auto_backup_folder(sqlite_db, ADMIN, str(tmp_path / "absent"))
    assert schedule.auto_backup_info(sqlite_db, ADMIN).folder is None


def test_the_passphrase_travels_to_the_writer_and_the_reader(
        sqlite_db: Database, folder: Path) -> None:
    info = set_auto_backup_folder(sqlite_db, ADMIN, str(folder), "长城 长 2026")
    assert info.encrypted
    outcome = _run(sqlite_db, Archive(), When.START, START)
    assert outcome.written is not None
    assert outcome.written.read_bytes() == "archive:长城 长 2026".encode()
    assert state_path().stat().st_mode & 0o077 == 0  # the passphrase is the owner's only
    moved = folder.parent / "share"
    moved.mkdir()
    assert set_auto_backup_folder(sqlite_db, ADMIN, str(moved), keep_passphrase=True).encrypted
    later = _run(sqlite_db, Archive(), When.START, START + timedelta(days=1))
    assert later.written is not None and later.written.parent == moved
    assert later.written.read_bytes() == "archive:长城 长 2026".encode()
    assert not set_auto_backup_folder(sqlite_db, ADMIN, str(moved)).encrypted


def test_a_real_automatic_backup_is_encrypted_and_reads_back(
        small_demo: Database, folder: Path) -> None:
    """The real archive writer and reader, on both databases, with a passphrase."""
    from app.services.backups.errors import WrongPassphrase
    from app.services.backups.reader import archive_is_encrypted, verify_backup

    set_auto_backup_folder(small_demo, ADMIN, str(folder), "山高水长 2026")
    outcome = run_auto_backup(small_demo, ADMIN, When.START, now=lambda: START)
    assert outcome.failure is None and outcome.written is not None
    assert archive_is_encrypted(outcome.written)
    manifest = verify_backup(outcome.written, passphrase="山高水长 2026")
    assert manifest.fingerprint.rows["cases"] == 60
    with pytest.raises(WrongPassphrase):
        verify_backup(outcome.written, passphrase="山高水长 2025")
    assert [p.name for p in folder.iterdir()] == [outcome.written.name]  # no temporary left


def test_a_copy_of_the_same_second_is_never_overwritten(
        sqlite_db: Database, folder: Path) -> None:
    set_auto_backup_folder(sqlite_db, ADMIN, str(folder))
    archive = Archive()
    first = _run(sqlite_db, archive, When.START, START)
    users.add_user(sqlite_db, ADMIN, "newbie", "clerk")
    archive.bad = True
    again = _run(sqlite_db, archive, When.EXIT, START)
    assert again.failure is not None
    assert first.written is not None and first.written.exists()
