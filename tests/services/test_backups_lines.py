"""SQLite's own lines equal the generic ones, value for value, and survive a trip to PostgreSQL.

A backup of a SQLite base lets SQLite write most lines itself (lines.py);
a restore into PostgreSQL reads them back the generic way.  If the two
differed by one byte, a backup would not restore.  So every table of a base
holding awkward values (control characters, quotes, emoji, amounts with and
without cents, a float sum, times without microseconds or written with a
``T``, NULLs, a huge integer) must come out identical both ways, and the
values must arrive unchanged in PostgreSQL and back in a new SQLite file.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from app.services.backups import BackupReport, restore_backup, write_backup
from app.services.backups import archive_format as fmt
from app.services.backups.lines import _line_query, line_batches, sqlite_writes_lines
from app.services.backups.snapshot import read_rows, snapshot
from app.services.cases.intake import register_case
from app.store.database import Database
from app.store.models import Base, Case
from tests.services.fixtures import ADMIN, intake, seed_organisations

AWKWARD = ("引号\"反斜杠\\斜杠/ 删除\x7f 行分隔\u2028 表情😀 控制"
           + "".join(chr(c) for c in range(1, 32)))
"""Every character JSON escapes (but NUL: PostgreSQL text cannot hold it), some it must not."""
BIG = 2 ** 53 + 1
"""Beyond a double's exact integers: SQLite's JSON must not print it as a float."""
AUDIT = ("audit_entries", "audit_heads")
"""A restore adds its own entry: these differ between a backup and the backup of its restore."""
LARGEST = 2 ** 31 - 1
"""The largest a PostgreSQL integer column holds."""


def _awkward_base(db: Database, *, nul: bool = False, big: int = LARGEST) -> list[int]:
    """Three cases, then their values set as other writers than SQLAlchemy leave them."""
    seed_organisations(db)
    ids = [register_case(db, ADMIN, intake()).case_id for _ in range(3)]
    text = AWKWARD + ("\x00末尾" if nul else "")
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE cases SET facts = ?, amount = ?, supervised = 1, received_at = ?, "
            "deadline = '2024-03-31', closed_on = NULL, people_involved = ? WHERE id = ?",
            (text, 1500.5, "2024-03-01 08:00:00", big, ids[0]))
        conn.exec_driver_sql(
            "UPDATE cases SET amount = ?, received_at = '2024-03-02T09:30:00', claims = NULL, "
            "updated_at = NULL, police_called = 0 WHERE id = ?", (0.1 + 0.2, ids[1]))
        conn.exec_driver_sql("UPDATE cases SET amount = ?, outcome_reason = '0123' WHERE id = ?",
                             (-3.25, ids[2]))
    return ids


def _tables(report: BackupReport) -> dict[str, str]:
    return {t.name: t.sha256 for t in report.manifest.tables if t.name not in AUDIT}


def _generic(conn: object, table: object, columns: list[object]) -> bytes:
    encode = fmt.row_encoder([fmt.column_kind(c) for c in columns])  # type: ignore[arg-type]
    return b"".join(encode(row) for batch in read_rows(conn, table, columns)  # type: ignore[arg-type]
                    for row in batch)


def test_sqlite_writes_the_same_lines_as_the_generic_encoder(sqlite_db: Database) -> None:
    ids = _awkward_base(sqlite_db, nul=True, big=BIG)
    with snapshot(sqlite_db) as conn:
        fast_tables = 0
        for table in Base.metadata.sorted_tables:
            columns = fmt.table_columns(table)
            kinds = [fmt.column_kind(c) for c in columns]
            fast_tables += sqlite_writes_lines(conn.dialect, table, columns, kinds)
            lines = b"".join(chunk for _rows, chunk in line_batches(conn, table, columns))
            assert lines == _generic(conn, table, columns), table.name
        cases = Base.metadata.tables["cases"]
        columns = fmt.table_columns(cases)
        kinds = [fmt.column_kind(c) for c in columns]
        assert sqlite_writes_lines(conn.dialect, cases, columns, kinds)
        raw = [value for (value,) in conn.exec_driver_sql(
            _line_query(conn, cases, columns, kinds))]
    assert fast_tables >= 20
    # the float sum and the hand-written time go the generic way; the rest SQLite writes
    assert [v for v in raw if isinstance(v, int)] == [ids[1]]
    assert sum(isinstance(v, bytes) for v in raw) == 2


@pytest.mark.pg
def test_awkward_values_travel_sqlite_to_postgresql_and_back(sqlite_db: Database, pg_url: str,
                                                             tmp_path: Path) -> None:
    ids = _awkward_base(sqlite_db)
    first = write_backup(sqlite_db, ADMIN, tmp_path / "village.tjbak")
    assert restore_backup(first.path, pg_url, None).fingerprint == first.fingerprint
    county = Database(pg_url)
    try:
        second = write_backup(county, ADMIN, tmp_path / "county.tjbak")
    finally:
        county.dispose()
    assert _tables(second) == _tables(first)
    laptop = f"sqlite:///{tmp_path / 'laptop.db'}"
    assert restore_backup(second.path, laptop, None).fingerprint == second.fingerprint

    back = Database(laptop)
    try:
        with back.session() as s:
            rows = {c.id: c for c in s.scalars(select(Case).where(Case.id.in_(ids)))}
    finally:
        back.dispose()
    one, two, three = (rows[i] for i in ids)
    assert (one.facts, one.amount, one.supervised) == (AWKWARD, Decimal("1500.5"), True)
    assert (one.received_at, one.deadline, one.closed_on) == (
        datetime(2024, 3, 1, 8), date(2024, 3, 31), None)
    assert one.people_involved == LARGEST
    assert (two.amount, two.received_at, two.claims, two.police_called) == (
        Decimal("0.3"), datetime(2024, 3, 2, 9, 30), None, False)
    assert (three.amount, three.outcome_reason) == (Decimal("-3.25"), "0123")
