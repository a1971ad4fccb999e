"""A backup taken while another connection keeps registering cases is one consistent moment.

The writer runs in its own thread with its own database handle; the backup
waits (inside its snapshot) until the writer has committed more cases, so
writes certainly happen while it reads.  The archive must still hold every
case's parties and audit entries, and every audit chain must end exactly at
its head row: nothing half-seen.
"""

from __future__ import annotations

import errno
import threading
from pathlib import Path
from typing import Any, BinaryIO

import pytest
from sqlalchemy import func, select

from app.services.backups import BackupCancelled, BackupError, write_backup, writer
from app.services.cases.intake import register_case
from app.store.database import Database
from app.store.models import Case
from tests.services.backup_support import archive_rows
from tests.services.fixtures import ADMIN, intake, seed_organisations

WAIT_S = 60


def test_backup_while_another_connection_registers_cases(db: Database, tmp_path: Path) -> None:
    seed_organisations(db)
    register_case(db, ADMIN, intake())
    other = Database(db.url)
    committed = threading.Semaphore(0)
    stop, failures = threading.Event(), []

    def keep_registering() -> None:
        try:
            while not stop.is_set():
                register_case(other, ADMIN, intake())
                committed.release()
        except Exception as exc:  # reported by the assertion below
            failures.append(exc)
            committed.release()

    waited = []

    def progress(_done: int, _total: int) -> None:
        if not waited:  # inside the snapshot: let the writer commit three more cases
            waited.extend(committed.acquire(timeout=WAIT_S) for _ in range(3))

    writer = threading.Thread(target=keep_registering)
    writer.start()
    try:
        report = write_backup(db, ADMIN, tmp_path / "busy.tjbak", progress=progress)
    finally:
        stop.set()
        writer.join(WAIT_S)
        other.dispose()
    assert not failures and waited == [True, True, True]

    with db.session() as s:
        now = s.scalar(select(func.count(Case.id)))
    cases = {r["id"] for r in archive_rows(report.path, "cases")}
    assert 1 <= len(cases) < now  # the writer went on after the snapshot
    assert report.fingerprint.rows["cases"] == len(cases)
    parties = {r["id"] for r in archive_rows(report.path, "parties")}
    links = archive_rows(report.path, "case_parties")
    assert {r["case_id"] for r in links} == cases
    assert {r["party_id"] for r in links} <= parties
    entries = archive_rows(report.path, "audit_entries")
    audited = {e["entity_id"] for e in entries if e["entity"] == "cases"
               and e["action"] == "insert"}
    assert cases <= audited
    heads = archive_rows(report.path, "audit_heads")
    for head in heads:
        if head["chain"] != "base":
            chain = [e["seq"] for e in entries if e["chain"] == head["chain"]]
            assert max(chain) == head["seq"] == len(chain)


def test_a_cancelled_backup_leaves_no_file(sqlite_db: Database, tmp_path: Path) -> None:
    seed_organisations(sqlite_db)
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 2

    try:
        write_backup(sqlite_db, ADMIN, tmp_path / "usb.tjbak", passphrase="long enough pass",
                     cancelled=cancelled)
    except BackupCancelled as exc:
        assert "取消" in str(exc)
    else:
        raise AssertionError("the backup was not cancelled")
    assert sorted(p.name for p in tmp_path.iterdir() if "tjbak" in p.name) == []


def test_a_disk_filling_up_under_the_zip_thread_leaves_no_file(
        sqlite_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The zip is written on a second thread: its failure stops the backup, one line, no file."""
    seed_organisations(sqlite_db)
    register_case(sqlite_db, ADMIN, intake())
    written = []

    def put(out: BinaryIO, digest: Any, chunk: bytes) -> None:
        if len(written) >= 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(chunk)
        out.write(chunk)
        digest.update(chunk)

    monkeypatch.setattr(writer, "_put", put)
    with pytest.raises(BackupError, match="No space left on device"):
        write_backup(sqlite_db, ADMIN, tmp_path / "full.tjbak")
    assert len(written) == 3
    assert [p.name for p in tmp_path.iterdir() if "tjbak" in p.name] == []
