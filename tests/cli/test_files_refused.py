"""Files that are not ours are refused untouched; a mistyped path creates nothing.

"Untouched" is checked byte for byte, and the journal mode is read back with
the sqlite3 module: the engine's connection set-up would switch a file to
WAL, so the refusal must come before any connection of the program's own.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from tests.cli.support import case_base, run

COMMANDS = [("init",), ("case", "list"), ("demo", "--cases", "3", "--quiet"),
            ("search", "张三")]


def foreign_file(path: Path, journal_mode: str = "delete") -> Path:
    """Another program's SQLite database with a table of its own (and one named like ours)."""
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode={journal_mode}")
    conn.execute("CREATE TABLE ledger (id INTEGER PRIMARY KEY, amount TEXT)")
    conn.execute("CREATE TABLE cases (id INTEGER PRIMARY KEY)")
    conn.execute("INSERT INTO ledger (amount) VALUES ('12.50')")
    conn.commit()
    conn.close()
    return path


def fingerprint(path: Path) -> tuple[str, str, list[str]]:
    """The file's bytes, its journal mode as SQLite reports it, and the folder's contents."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    journal = conn.execute("PRAGMA journal_mode").fetchone()[0]
    conn.close()
    return digest, journal, sorted(p.name for p in path.parent.iterdir())


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_foreign_sqlite_file_is_refused_byte_identical(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: tuple[str, ...]) -> None:
    path = foreign_file(tmp_path / "ledger.db")
    before = fingerprint(path)
    assert before[1] == "delete"
    code, out, err = run(capsys, "--db", f"sqlite:///{path}", *command)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "不是调解台的案件库" in err
    assert fingerprint(path) == before


def test_foreign_wal_file_gets_no_log_files_beside_it(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = foreign_file(tmp_path / "other.db", journal_mode="wal")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    code, _out, _err = run(capsys, "--db", f"sqlite:///{path}", "init")
    assert code == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]
    digest, journal, _files = fingerprint(path)
    assert (digest, journal) == (before, "wal")


@pytest.mark.parametrize("command", COMMANDS[1:], ids=lambda c: " ".join(c))
def test_mistyped_folder_is_refused_and_nothing_created(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: tuple[str, ...]) -> None:
    missing = tmp_path / "cases-typo" / "county.db"
    code, out, err = run(capsys, "--db", f"sqlite:///{missing}", *command)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "文件夹不存在" in err
    assert list(tmp_path.iterdir()) == []


def test_init_creates_the_missing_folders(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "new" / "county.db"
    code, _out, _err = run(capsys, "--db", f"sqlite:///{path}", "init")
    assert code == 0 and path.is_file()


def test_file_that_is_not_a_database_is_refused_untouched(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "notes.db"
    path.write_text("这不是数据库，是一份笔记。\n" * 50, encoding="utf-8")
    before = path.read_bytes()
    code, out, err = run(capsys, "--db", f"sqlite:///{path}", "init")
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and "备份" in err
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_database_from_a_newer_release_is_refused_byte_identical(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with case_base(tmp_path) as (db, url):
        db.dispose()
        path = Path(url.removeprefix("sqlite:///"))
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=delete")
    conn.execute("UPDATE alembic_version SET version_num = 'ffff_future'")
    conn.commit()
    conn.close()
    before = fingerprint(path)
    code, _out, err = run(capsys, "--db", url, "init")
    assert code == 2 and "更新版本" in err
    assert fingerprint(path) == before
