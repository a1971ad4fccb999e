"""GUI fixtures: a demo-filled workspace and a task runner, on a fresh SQLite file per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.demo.generator import generate_demo
from app.services.casebase.workspace import Workspace
from app.services.security.users import get_user
from app.store.database import Database
from app.ui.tasks import TaskRunner


@pytest.fixture(autouse=True)
def _close_windows(qtbot: QtBot) -> Iterator[None]:
    """No window (or its timers) may outlive the test that opened it."""
    yield
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QApplication.processEvents()


@pytest.fixture
def workspace(sqlite_db: Database) -> Workspace:
    generate_demo(sqlite_db, cases=300, seed=7)
    return Workspace(sqlite_db, get_user(sqlite_db, "admin"))


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
