"""Demo base → backup → restore into an empty SQLite file and an empty PostgreSQL database.

The fingerprints must be identical, the restored audit trail must verify, and
search must find the same cases: the path an office takes onto the county
server (SQLite → PostgreSQL) and a county extract takes onto a laptop
(PostgreSQL → SQLite).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.services.backups import (
    archive_is_encrypted,
    casebase_fingerprint,
    restore_backup,
    verify_backup,
    write_backup,
)
from app.services.cases.intake import register_case
from app.services.cases.queries import CaseFilter, case_page
from app.services.security.audit import verify
from app.store.database import Database
from app.store.models import AuditEntry, Document, Party
from tests.conftest import BACKENDS
from tests.services.fixtures import ADMIN, intake, seed_organisations


@pytest.fixture(params=BACKENDS)
def target_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database to restore into: a new SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'restored.db'}"
    return str(request.getfixturevalue("pg_url"))


def _search(db: Database, text: str) -> list[int]:
    return sorted(r.id for r in case_page(db, ADMIN, CaseFilter(text=text), 0, 500))


def _a_party_name(db: Database) -> str:
    with db.session() as s:
        return str(s.scalars(select(Party.name).order_by(Party.id).limit(1)).one())


def test_round_trip_keeps_every_row_and_the_audit_trail(small_demo: Database, target_url: str,
                                                        tmp_path: Path) -> None:
    before = casebase_fingerprint(small_demo, ADMIN)
    report = write_backup(small_demo, ADMIN, tmp_path / "base.tjbak")
    assert report.fingerprint == before
    assert report.rows == before.total > 5000 and not archive_is_encrypted(report.path)
    assert verify_backup(report.path) == report.manifest

    restored = restore_backup(report.path, target_url, None)
    assert restored.fingerprint == report.fingerprint
    assert restored.audit_ok, restored.audit_lines
    assert restored.restored_by.startswith("os:")

    target = Database(target_url)
    try:
        audit = verify(target, ADMIN)
        assert audit.ok and audit.checked >= 2
        name = _a_party_name(small_demo)
        assert _search(target, name) == _search(small_demo, name) != []
        with target.session() as s:
            documents = s.scalar(select(func.count(Document.id)))
            restore_entries = s.scalars(select(AuditEntry.user_login)
                                        .where(AuditEntry.action == "restore")).all()
        with small_demo.session() as s:
            assert documents == s.scalar(select(func.count(Document.id)))
        assert restore_entries == [restored.restored_by]
        after = casebase_fingerprint(target, ADMIN)
        changed = {t for t, n in after.rows.items() if n != before.rows[t]}
        assert changed == {"audit_entries"}  # only the restore's own entry was added
    finally:
        target.dispose()


def test_an_encrypted_backup_holds_no_plain_text_and_restores_with_the_passphrase(
        sqlite_db: Database, tmp_path: Path) -> None:
    seed_organisations(sqlite_db)
    register_case(sqlite_db, ADMIN, intake())
    usb = tmp_path / "usb"
    usb.mkdir()
    report = write_backup(sqlite_db, ADMIN, usb / "base.tjbak", passphrase="村委会备份口令2026")
    assert archive_is_encrypted(report.path) and report.encrypted
    raw = report.path.read_bytes()
    assert b"tables/" not in raw and "三丰".encode() not in raw
    assert [p.name for p in usb.iterdir()] == ["base.tjbak"]
    restored = restore_backup(report.path, f"sqlite:///{tmp_path / 'restored.db'}", ADMIN,
                              passphrase="村委会备份口令2026")
    assert restored.fingerprint == report.fingerprint and restored.audit_ok
    assert restored.restored_by == "admin"
