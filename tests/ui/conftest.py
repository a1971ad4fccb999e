"""GUI fixtures: a demo-filled workspace and a task runner, on a private SQLite file per test.

The 300-case demo county is generated once per session (tests/support/templates.py)
and copied for each test, since tests write to it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.services.casebase.workspace import Workspace
from app.services.security.users import get_user
from app.store.database import Database
from app.ui.tasks import TaskRunner
from tests.support.templates import DEMO_COUNTY, SqliteTemplates


@pytest.fixture(autouse=True)
def _close_windows(qtbot: QtBot) -> Iterator[None]:
    """No window (or its timers) may outlive the test that opened it."""
    yield
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QApplication.processEvents()


@pytest.fixture
def workspace(sqlite_templates: SqliteTemplates, tmp_path: Path) -> Iterator[Workspace]:
    """The admin's workspace on the test's own copy of the 300-case demo county (seed 7)."""
    database = Database(sqlite_templates.copy(DEMO_COUNTY, tmp_path / "case-base.db"))
    yield Workspace(database, get_user(database, "admin"))
    database.dispose()


@pytest.fixture
def tasks(qtbot: QtBot) -> Iterator[TaskRunner]:
    """The background runner; any error no widget handled fails the test."""
    runner = TaskRunner()
    failures: list[str] = []
    runner.unhandled.connect(lambda _exc, trace: failures.append(trace))
    yield runner
    runner.wait_for_done(10000)
    qtbot.waitUntil(lambda: not runner.busy(), timeout=10000)
    assert not failures, "\n".join(failures)
