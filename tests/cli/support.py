"""What every CLI test does: run ``tiaojie`` in-process, and make a fresh case base file.

The case base is a copy of the schema migrated once per session
(tests/support/templates.py), not a new migration run per test.  Its data is
made up by the tests, so it is marked as a demo base, which may be worked in
without passwords; the sign-in rules of a real base are tested in
tests/cli/test_auth.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from app.cli import main
from app.services.casebase.workspace import DEMO_KEY
from app.services.security.users import SYSTEM
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import CasebaseSetting
from tests.support.templates import MIGRATED, sqlite_templates


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Exit status, standard output and standard error of one ``tiaojie`` command."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@contextmanager
def case_base(tmp_path: Path, name: str = "cases.db") -> Iterator[tuple[Database, str]]:
    """An upgraded SQLite case base (marked demo) to fill before the commands under test open it."""
    url = sqlite_templates().copy(MIGRATED, tmp_path / name)
    db = Database(url)
    with UnitOfWork(db, SYSTEM) as uow:
        uow.session.add(CasebaseSetting(key=DEMO_KEY, value="1"))
        uow.commit()
    try:
        yield db, url
    finally:
        db.dispose()
