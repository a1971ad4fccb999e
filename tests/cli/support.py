"""What every CLI test does: run ``tiaojie`` in-process, and make a fresh case base file.

The case base is a copy of the schema migrated once per session
(tests/support/templates.py), not a new migration run per test.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from app.cli import main
from app.store.database import Database
from tests.support.templates import MIGRATED, sqlite_templates


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Exit status, standard output and standard error of one ``tiaojie`` command."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@contextmanager
def case_base(tmp_path: Path, name: str = "cases.db") -> Iterator[tuple[Database, str]]:
    """An upgraded SQLite case base to fill before the commands under test open it."""
    url = sqlite_templates().copy(MIGRATED, tmp_path / name)
    db = Database(url)
    try:
        yield db, url
    finally:
        db.dispose()
