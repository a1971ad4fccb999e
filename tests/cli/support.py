"""What every CLI test does: run ``tiaojie`` in-process, and make a fresh case base file."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from app.cli import main
from app.store import schema
from app.store.database import Database


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Exit status, standard output and standard error of one ``tiaojie`` command."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@contextmanager
def case_base(tmp_path: Path, name: str = "cases.db") -> Iterator[tuple[Database, str]]:
    """An upgraded SQLite case base to fill before the commands under test open it."""
    url = f"sqlite:///{tmp_path / name}"
    db = Database(url)
    schema.upgrade(db.engine)
    try:
        yield db, url
    finally:
        db.dispose()
