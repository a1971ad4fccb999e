"""The verdict the CLI and the settings page show: damaged file, cut tail, changed rows."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from app.services.security.audit import report_lines, verify
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import Region
from tests.services.fixtures import ADMIN, acting
from tests.store.test_audit_chain import entries, make_history, tamper


def corrupt_an_index(db: Database) -> Path:
    """Fill an index with enough rows, then overwrite its first page as a failing disk would.

    The tables the program reads on opening (versions, accounts) stay readable,
    so only the database's own integrity check can tell.
    """
    with UnitOfWork(db, acting("alice")) as uow:
        uow.session.add_all(Region(code=f"3302{n:04d}", name=f"村{n}", level="village")
                            for n in range(400))
        uow.commit()
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        root = conn.exec_driver_sql(
            "SELECT rootpage FROM sqlite_master WHERE name = 'ix_regions_parent_id'").scalar()
        size = conn.exec_driver_sql("PRAGMA page_size").scalar()
    db.dispose()
    path = Path(db.url.removeprefix("sqlite:///"))
    with path.open("r+b") as data:
        data.seek((root - 1) * size)
        data.write(b"\xa5" * 64)
    return path


def test_damaged_file_is_reported_damaged_not_intact(sqlite_db: Database) -> None:
    corrupt_an_index(sqlite_db)
    report = verify(Database(sqlite_db.url), ADMIN)
    assert not report.ok and report.damaged
    (line,) = report_lines(report)
    assert "已损坏" in line and "备份" in line and "\n" not in line


def test_intact_trail_and_deep_replay(db: Database) -> None:
    make_history(db)
    report = verify(db, ADMIN, deep=True)
    assert report.ok and report.checked == len(entries(db)) and report.deep is not None
    assert report.deep.rows > 0
    assert any("启用带密钥的审计链之前" in note for note in report.notes)


def test_missing_tail_names_the_count_and_last_entry(db: Database) -> None:
    make_history(db, regions=120)
    kept = entries(db)[-101]
    tamper(db, lambda c: c.execute(text("DELETE FROM audit_entries WHERE id > :id"),
                                   {"id": kept.id}))
    (line,) = report_lines(verify(db, ADMIN))
    assert f"最新的 100 条审计记录缺失（审计链 {kept.chain}，现存最后序号 {kept.seq}）" in line


def test_deep_names_the_changed_row_and_field(db: Database) -> None:
    make_history(db)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE regions SET name = '伪造' WHERE code = '330225'"))
    report = verify(db, ADMIN, deep=True)
    assert not report.ok and report.findings == ()
    (line,) = report_lines(report)
    assert line.startswith("regions #1：") and "name" in line
