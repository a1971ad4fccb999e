"""``tiaojie audit verify [--deep]``: exit 0 when intact, 1 with one line per problem."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.cli.support import case_base, run
from tests.services.test_audit_verify import corrupt_an_index
from tests.store.test_audit_chain import make_history, tamper


def test_intact_trail_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with case_base(tmp_path) as (db, url):
        make_history(db)
    code, out, err = run(capsys, "--db", url, "audit", "verify", "--deep")
    assert (code, err) == (0, "")
    assert "审计链完整" in out and "逐行比对" in out


def test_edited_entry_exits_1_naming_it(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    with case_base(tmp_path) as (db, url):
        make_history(db)
        tamper(db, lambda c: c.execute(text("UPDATE audit_entries SET user_login = 'x' "
                                            "WHERE id = 2")))
    code, _out, err = run(capsys, "--db", url, "audit", "verify")
    assert code == 1 and err.splitlines() == [err.strip()] and "第 2 号审计记录" in err


def test_cut_tail_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with case_base(tmp_path) as (db, url):
        make_history(db)
        assert run(capsys, "--db", url, "audit", "verify")[0] == 0
        tamper(db, lambda c: c.execute(text(
            "DELETE FROM audit_entries WHERE id > (SELECT max(id) - 2 FROM audit_entries)")))
    code, _out, err = run(capsys, "--db", url, "audit", "verify")
    assert code == 1 and "最新的 2 条审计记录缺失" in err


def test_direct_sql_update_found_by_deep(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    with case_base(tmp_path) as (db, url), db.engine.begin() as conn:
        make_history(db)
        conn.execute(text("UPDATE regions SET level = 'town' WHERE code = '330225'"))
    assert run(capsys, "--db", url, "audit", "verify")[0] == 0
    code, _out, err = run(capsys, "--db", url, "audit", "verify", "--deep")
    assert code == 1 and "regions #1" in err and "level" in err


def _tiaojie(*argv: str) -> subprocess.CompletedProcess[str]:
    """The installed command's way in (``python -m app``), in a process of its own."""
    return subprocess.run([sys.executable, "-m", "app", *argv], capture_output=True, text=True,
                          timeout=120, env={**os.environ}, cwd=Path(__file__).resolve().parents[2])


def test_exit_codes_through_the_real_command(tmp_path: Path) -> None:
    with case_base(tmp_path) as (db, url):
        make_history(db)
        assert _tiaojie("--db", url, "audit", "verify").returncode == 0
        tamper(db, lambda c: c.execute(text("DELETE FROM audit_entries WHERE id = 3")))
    done = _tiaojie("--db", url, "audit", "verify")
    assert done.returncode == 1 and "第 4 号审计记录之前缺少 1 条记录" in done.stderr


def test_damaged_file_is_one_line_exit_1_through_the_real_command(tmp_path: Path) -> None:
    with case_base(tmp_path) as (db, url):
        corrupt_an_index(db)
    done = _tiaojie("--db", url, "audit", "verify")
    assert done.returncode == 1 and done.stdout == ""
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr
    assert "已损坏" in done.stderr and "备份" in done.stderr
