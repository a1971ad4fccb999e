"""Inputs that used to end in a traceback: one line on stderr, exit 2, nothing written.

A full disk or a damaged file is not bad input: one line naming the cause and
what to do, exit 1.  Everything goes through the real ``tiaojie`` entry point.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event, func, select

from app.store.models import Case, Party
from tests.cli.support import run
from tests.services.fixtures import intake_json
from tests.support.templates import MIGRATED, private_copy


@pytest.fixture
def url(migrated_url: str) -> str:
    """A migrated case base on each backend."""
    return migrated_url


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def written(db_url: str) -> tuple[int, int]:
    """How many cases and parties the case base holds."""
    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as conn:
            return (conn.scalar(select(func.count()).select_from(Case)) or 0,
                    conn.scalar(select(func.count()).select_from(Party)) or 0)
    finally:
        engine.dispose()


def write_json(tmp_path: Path, text: str) -> str:
    path = tmp_path / "case.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return str(path)


def named(**party: Any) -> str:
    """An intake document whose applicant has the given fields, as JSON text."""
    import json

    data = intake_json()
    data["parties"][0].update(party)
    return json.dumps(data, ensure_ascii=True)


BAD_INTAKE = {
    "nested 100000 deep": ("[" * 100_000 + "]" * 100_000, "嵌套"),
    "party id 2^70": (named(party_id=2**70), "parties[0].party_id"),
    "lone surrogate in a name": (named(name="张\ud800三"), "parties[0].name"),
    "NUL in a name": (named(name="张\x00三"), "parties[0].name"),
    "escape sequence in a name": (named(name="\x1b[31m张三\x1b[0m"), "parties[0].name"),
    "bidi override in an address": (named(address="溪口村\u202e号1"), "parties[0].address"),
    "C1 control in an occupation": (named(occupation="农\x85民"), "parties[0].occupation"),
    "same person twice": (named(id_number="440524188001010014"), "parties[1].id_number"),
}


@pytest.mark.parametrize("case", list(BAD_INTAKE), ids=str)
def test_bad_intake_is_one_line_exit_2_and_writes_nothing(
        url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str) -> None:
    text, expected = BAD_INTAKE[case]
    code, out, err = run(capsys, "--db", url, "case", "add", write_json(tmp_path, text))
    assert code == 2 and out == ""
    assert expected in one_line(err)
    assert "\x1b" not in err and "\x00" not in err
    assert written(url) == (0, 0)


@pytest.mark.parametrize("argv", [
    ("meeting", "minutes", str(2**70), "--format", "pdf", "-o", "x.pdf"),
    ("case", "list", "--limit", str(2**70)),
    ("search", "张\udcff"),
    ("search", "\x1b[2J"),
], ids=["id 2^70", "limit 2^70", "undecodable byte", "escape sequence"])
def test_bad_arguments_are_one_line_exit_2(url: str, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str],
                                           argv: tuple[str, ...]) -> None:
    code, out, err = run(capsys, "--db", url, *argv)
    assert code == 2 and out == ""
    one_line(err)
    assert "\x1b" not in err
    assert not (tmp_path / "x.pdf").exists()


@pytest.fixture
def sqlite_url(request: pytest.FixtureRequest) -> str:
    """A migrated SQLite case base of the test's own."""
    return private_copy(request, MIGRATED, "sqlite")


@pytest.fixture
def full_disk() -> Iterator[None]:
    """Every SQLite connection the program opens may not grow its file by a single page."""

    def no_room(dbapi_connection: Any, _record: Any) -> None:
        if isinstance(dbapi_connection, sqlite3.Connection):
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count = {max(pages, 1)}")

    event.listen(Engine, "connect", no_room)
    yield
    event.remove(Engine, "connect", no_room)


def test_full_disk_at_first_start_is_one_line_exit_1(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], full_disk: None) -> None:
    code, out, err = run(capsys, "--db", f"sqlite:///{tmp_path / 'new.db'}", "init")
    assert code == 1 and out == ""
    assert "存储空间已满" in one_line(err) and "清理" in err


def test_full_disk_while_writing_is_one_line_exit_1_and_writes_nothing(
        sqlite_url: str, capsys: pytest.CaptureFixture[str], full_disk: None) -> None:
    code, _out, err = run(capsys, "--db", sqlite_url, "demo", "--cases", "20", "--quiet")
    assert code == 1
    assert "存储空间已满" in one_line(err)
    assert written(sqlite_url) == (0, 0)


def damage(path: Path, offset: int, length: int) -> None:
    with path.open("r+b") as handle:
        handle.seek(offset)
        handle.write(b"\xa5" * length)


@pytest.mark.parametrize(("offset", "length"), [(0, 100), (4096, 1 << 20)],
                         ids=["header overwritten", "pages overwritten"])
def test_damaged_file_is_one_line_exit_1_and_left_as_it_is(
        sqlite_url: str, capsys: pytest.CaptureFixture[str], offset: int, length: int) -> None:
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    damage(path, offset, min(length, path.stat().st_size - offset))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    for command in (("init",), ("case", "list")):
        code, out, err = run(capsys, "--db", sqlite_url, *command)
        assert code == 1 and out == ""
        assert "损坏" in one_line(err) and "备份" in err
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
