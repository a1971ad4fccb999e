"""Choosing a database: an unreachable server is refused in the dialog, the old setting kept."""

from __future__ import annotations

import socket
from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from app.ui.admin.settings_dialog import DatabaseDialog
from app.ui.tasks import TaskRunner


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_postgresql_is_refused(qtbot: QtBot, tasks: TaskRunner,
                                           tmp_path: Path) -> None:
    old = f"sqlite:///{tmp_path / 'old.db'}"
    dialog = DatabaseDialog(old, tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.sqlite_radio.isChecked()
    dialog.pg_radio.setChecked(True)
    dialog.host.setText("127.0.0.1")
    dialog.port.setValue(_closed_port())
    dialog.dbname.setText("cases")
    dialog.pg_user.setText("clerk")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: "无法连接数据库" in dialog.message.text(), timeout=15000)
    assert dialog.chosen_url is None
    assert dialog.result() == 0
    assert dialog.isVisible()


def test_reachable_postgresql_is_accepted(qtbot: QtBot, tasks: TaskRunner, pg_url: str) -> None:
    from sqlalchemy.engine import make_url

    parsed = make_url(pg_url)
    dialog = DatabaseDialog("sqlite:////tmp/old.db", tasks)
    qtbot.addWidget(dialog)
    dialog.pg_radio.setChecked(True)
    dialog.host.setText(parsed.host or "")
    dialog.port.setValue(parsed.port or 5432)
    dialog.dbname.setText(parsed.database or "")
    dialog.pg_user.setText(parsed.username or "")
    with qtbot.waitSignal(dialog.accepted, timeout=15000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.chosen_url == f"postgresql+psycopg://postgres@{parsed.host}:{parsed.port}/{parsed.database}"


def test_sqlite_file_url_round_trips(qtbot: QtBot, tasks: TaskRunner, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cases.db'}"
    dialog = DatabaseDialog(url, tasks)
    qtbot.addWidget(dialog)
    assert dialog.url() == url
    with qtbot.waitSignal(dialog.accepted, timeout=15000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.chosen_url == url


def test_postgresql_url_fields_are_parsed(qtbot: QtBot, tasks: TaskRunner) -> None:
    dialog = DatabaseDialog("postgresql+psycopg://clerk:p%40ss@10.1.2.3:6543/county", tasks)
    qtbot.addWidget(dialog)
    assert dialog.pg_radio.isChecked()
    assert (dialog.host.text(), dialog.port.value(), dialog.dbname.text()) == (
        "10.1.2.3", 6543, "county")
    assert dialog.password.text() == "p@ss"
    assert dialog.url() == "postgresql+psycopg://clerk:p%40ss@10.1.2.3:6543/county"
