"""Five programs starting a new release at the same moment all succeed, on both databases.

Real processes, not threads: each runs ``tiaojie init`` on the same brand-new
database, so each migrates (or waits for the one that does) exactly as five
clerks' computers would after an update.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.store import schema
from app.store.database import Database
from app.store.models import User

PROGRAMS = 5
ROOT = Path(__file__).resolve().parents[2]


def start_together(url: str) -> list[subprocess.CompletedProcess[str]]:
    """Run ``tiaojie init`` on ``url`` in :data:`PROGRAMS` processes at once."""
    processes = [subprocess.Popen([sys.executable, "-m", "app", "--db", url, "init"], cwd=ROOT,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(PROGRAMS)]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=240)
        results.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return results


def assert_all_started(url: str) -> None:
    results = start_together(url)
    assert [r.returncode for r in results] == [0] * PROGRAMS, [r.stderr for r in results]
    db = Database(url)
    try:
        assert schema.current_revision(db.engine) == schema.head_revision()
        with db.session() as s:
            assert s.scalar(select(func.count()).select_from(User)) == 1
    finally:
        db.dispose()


def test_five_first_starts_on_one_sqlite_file(tmp_path: Path) -> None:
    assert_all_started(f"sqlite:///{tmp_path / 'county.db'}")


@pytest.mark.pg
def test_five_first_starts_on_one_postgresql_database(pg_url: str) -> None:
    assert_all_started(pg_url)
