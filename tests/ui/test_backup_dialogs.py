"""Backups in the GUI, driving the real widgets offscreen over the 300-case demo county.

文件 → 备份… writes and verifies an archive with a progress bar, and Cancel
leaves no file; 从备份恢复… refuses a bad archive with the reason in one
line; the status indicator's colours; the automatic-backup folder setting;
and the on-exit backup that closing the main window waits for.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from app.domain.backup_rotation import backup_status, parse_backup_name
from app.services.backups.schedule import AutoBackupInfo, set_auto_backup_folder
from app.services.casebase.workspace import Workspace
from app.services.security.users import add_user
from app.ui.backups import actions as backup_actions
from app.ui.backups.auto_dialog import AutoBackupDialog
from app.ui.backups.backup_dialog import BackupDialog
from app.ui.backups.restore_dialog import RestoreDialog
from app.ui.backups.status import BackupStatus
from app.ui.backups.storage_kind import Volume, travels
from app.ui.colours import RISK_COLOURS
from app.ui.main_window import MainWindow
from app.ui.tasks import TaskRunner

NOW = datetime(2026, 12, 3, 9, 0)


@pytest.fixture
def out_folder(tmp_path: Path) -> Path:
    """A folder of its own for the archives (the case base sits in tmp_path)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _backup_dialog(qtbot: QtBot, workspace: Workspace, tasks: TaskRunner,
                   out: Path) -> BackupDialog:
    dialog = BackupDialog(workspace, tasks)
    qtbot.addWidget(dialog)
    dialog.target.setText(str(out))
    dialog._target_changed()
    dialog.show()
    return dialog


def test_backup_runs_with_progress_and_is_verified(qtbot: QtBot, workspace: Workspace,
                                                   tasks: TaskRunner, out_folder: Path) -> None:
    out = out_folder / "copy.tjbak"
    dialog = _backup_dialog(qtbot, workspace, tasks, out)
    seen: list[int] = []
    dialog.bar.valueChanged.connect(seen.append)
    with qtbot.waitSignal(dialog.backed_up, timeout=60000) as done:
        dialog.start_button.click()
        assert dialog.bar.isVisible() and dialog.close_button.text() == "取消"
    assert out.is_file()
    assert "备份完成并已核验" in dialog.status.text()
    assert max(seen) > 0
    info = done.args[0]
    assert isinstance(info, AutoBackupInfo) and info.last_good_file == str(out)
    assert [p.name for p in out_folder.iterdir()] == ["copy.tjbak"]


def test_cancel_leaves_no_partial_file(qtbot: QtBot, workspace: Workspace, tasks: TaskRunner,
                                       out_folder: Path) -> None:
    out = out_folder / "copy.tjbak"
    dialog = _backup_dialog(qtbot, workspace, tasks, out)
    dialog.start_button.click()
    dialog.close_button.click()  # Cancel while it runs
    qtbot.waitUntil(lambda: dialog.cancel_event is None, timeout=60000)
    assert dialog.status.text() == "已取消，没有留下文件"
    assert list(out_folder.iterdir()) == []
    assert dialog.isVisible() and dialog.start_button.isEnabled()


def test_passphrases_must_match(qtbot: QtBot, workspace: Workspace, tasks: TaskRunner,
                                out_folder: Path) -> None:
    dialog = _backup_dialog(qtbot, workspace, tasks, out_folder / "copy.tjbak")
    dialog.secret.encrypt.setChecked(True)
    dialog.secret.first.setText("山高水长2026")
    dialog.secret.second.setText("山高水长2025")
    dialog.start_button.click()
    assert dialog.status.text() == "两次输入的口令不一致"
    assert dialog.cancel_event is None and not list(out_folder.iterdir())


@pytest.mark.parametrize(("volume", "leaves"), [
    (Volume("/", "/dev/sda2", "ext4", False), False),
    (Volume("C:/", "\\\\?\\Volume{1}", "NTFS", False), False),
    (Volume("E:/", "\\\\?\\Volume{2}", "NTFS", True), True),          # GetDriveType: removable
    (Volume("/run/media/clerk/USB", "/dev/sdb1", "ext4", False), True),
    (Volume("/mnt/usb", "/dev/sdb1", "vfat", False), True),
    (Volume("/mnt/county", "//server/share", "cifs", False), True),
    (Volume("//server/share/", "", "", False), True),                 # a UNC path
])
def test_encryption_is_on_by_default_where_copies_travel(volume: Volume, leaves: bool) -> None:
    assert travels(volume) is leaves


def _tampered_archive(qtbot: QtBot, workspace: Workspace, tasks: TaskRunner,
                      folder: Path) -> Path:
    out = folder / "good.tjbak"
    dialog = _backup_dialog(qtbot, workspace, tasks, out)
    with qtbot.waitSignal(dialog.backed_up, timeout=60000):
        dialog.start_button.click()
    dialog.close()
    data = bytearray(out.read_bytes())
    middle = len(data) // 2
    data[middle] ^= 0xFF
    bad = folder / "bad.tjbak"
    bad.write_bytes(bytes(data))
    return bad


def test_restore_refuses_a_bad_archive_with_the_reason(qtbot: QtBot, workspace: Workspace,
                                                       tasks: TaskRunner, tmp_path: Path) -> None:
    bad = _tampered_archive(qtbot, workspace, tasks, tmp_path)
    target = tmp_path / "restored.db"
    dialog = RestoreDialog(workspace, tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.target_url = f"sqlite:///{target}"
    dialog.archive.setText(str(bad))
    dialog._archive_changed()
    dialog.verify_button.click()
    qtbot.waitUntil(lambda: dialog.verify_button.isEnabled() and bool(dialog.message.text())
                    and dialog.message.text() != "正在核验备份…", timeout=30000)
    message = dialog.message.text()
    assert RISK_COLOURS["red"] in dialog.message.styleSheet()
    assert "\n" not in message and "Traceback" not in message and message
    assert not dialog.restore_button.isEnabled()
    assert not target.exists()


def test_restore_of_a_good_archive_offers_to_open_it(qtbot: QtBot, workspace: Workspace,
                                                     tasks: TaskRunner, tmp_path: Path) -> None:
    out = tmp_path / "good.tjbak"
    backup = _backup_dialog(qtbot, workspace, tasks, out)
    with qtbot.waitSignal(backup.backed_up, timeout=60000):
        backup.start_button.click()
    backup.close()
    target_url = f"sqlite:///{tmp_path / 'restored.db'}"
    dialog = RestoreDialog(workspace, tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog._set_target(workspace.db.url)  # the open base: it holds data, so it is refused
    dialog.archive.setText(str(out))
    dialog._archive_changed()
    dialog.verify_button.click()
    qtbot.waitUntil(dialog.restore_button.isEnabled, timeout=30000)
    assert "共 300 个案件" in dialog.message.text()
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: RISK_COLOURS["red"] in dialog.message.styleSheet(), timeout=60000)
    assert dialog.message.text() and "\n" not in dialog.message.text()
    assert not dialog.open_button.isVisible()
    dialog._set_target(target_url)
    dialog.verify_button.click()
    qtbot.waitUntil(dialog.restore_button.isEnabled, timeout=30000)
    dialog.restore_button.click()
    qtbot.waitUntil(dialog.open_button.isVisible, timeout=120000)
    assert RISK_COLOURS["green"] in dialog.message.styleSheet()
    with qtbot.waitSignal(dialog.open_requested, timeout=5000) as opened:
        dialog.open_button.click()
    assert opened.args == [target_url]


@pytest.mark.parametrize(("age", "failed", "text", "colour"), [
    (timedelta(hours=5), False, "备份：5 小时前", "green"),
    (timedelta(days=4), False, "备份：4 天前", "yellow"),
    (timedelta(days=8), False, "备份：8 天前", "red"),
    (timedelta(hours=5), True, "备份失败", "red"),
    (None, False, "尚未备份", "red"),
])
def test_status_indicator_colours(qtbot: QtBot, age: timedelta | None, failed: bool, text: str,
                                  colour: str) -> None:
    last_good = NOW - age if age is not None else None
    last_failure = NOW - timedelta(minutes=1) if failed else None
    info = AutoBackupInfo("/media/usb", False, last_good, None, last_failure,
                          "备份文件夹不存在或未连接：/media/usb" if failed else None,
                          backup_status(last_good, last_failure, NOW))
    indicator = BackupStatus()
    qtbot.addWidget(indicator)
    indicator.show_info(info)
    assert indicator.text() == text
    assert RISK_COLOURS[colour] in indicator.styleSheet()
    assert "/media/usb" in indicator.toolTip()
    if failed:
        assert "备份文件夹不存在或未连接" in indicator.toolTip()


def test_auto_backup_folder_is_checked_before_it_is_kept(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner, tmp_path: Path) -> None:
    dialog = AutoBackupDialog(workspace, tasks, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.folder.setText(str(tmp_path / "not-plugged-in"))
    dialog.save_button.click()
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=10000)
    assert "备份文件夹不存在或未连接" in dialog.message.text()
    folder = tmp_path / "usb"
    folder.mkdir()
    dialog.folder.setText(str(folder))
    with qtbot.waitSignal(dialog.changed, timeout=10000) as saved:
        dialog.save_button.click()
    assert saved.args[0].folder == str(folder)


def test_closing_the_window_after_a_change_backs_up_first(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backup_actions, "START_DELAY_MS", 600_000)  # started by hand below
    folder = tmp_path / "usb"
    folder.mkdir()
    set_auto_backup_folder(workspace.db, workspace.user, str(folder))
    window = MainWindow(workspace, tasks, workspace.db.url)
    qtbot.addWidget(window)
    window.show()
    backups = window.backups
    assert backups is not None
    menu_texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert {"备份…", "从备份恢复…", "自动备份设置…"} <= set(menu_texts)
    backups.run_daily()  # the day's first start (the timer would do it after a few seconds)
    qtbot.waitUntil(lambda: backups.running is None and len(list(folder.iterdir())) == 1,
                    timeout=60000)
    qtbot.waitUntil(lambda: backups.info is not None and backups.info.last_good is not None,
                    timeout=10000)
    morning = sorted(p.name for p in folder.iterdir())
    add_user(workspace.db, workspace.user, "newclerk", "clerk")
    window.close()
    assert window.isVisible()  # waits for the exit backup
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=60000)
    names = sorted(p.name for p in folder.iterdir())
    assert names != morning and len(names) == 1  # the day's newest copy replaced the first
    assert all(parse_backup_name(name) is not None for name in names)
    assert backups.info is not None and backups.info.status.failed is False


def test_without_the_permission_there_is_no_backup_menu(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner) -> None:
    add_user(workspace.db, workspace.user, "viewer1", "viewer")
    from app.services.security.users import get_user

    viewer = Workspace(workspace.db, get_user(workspace.db, "viewer1"))
    window = MainWindow(viewer, tasks, workspace.db.url)
    qtbot.addWidget(window)
    assert window.backups is None
    menu_texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "备份…" not in menu_texts


def test_the_exit_backup_can_be_cancelled_and_leaves_nothing(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backup_actions, "START_DELAY_MS", 600_000)  # no day's-first backup
    folder = tmp_path / "usb"
    folder.mkdir()
    set_auto_backup_folder(workspace.db, workspace.user, str(folder))
    window = MainWindow(workspace, tasks, workspace.db.url)
    qtbot.addWidget(window)
    window.show()
    backups = window.backups
    assert backups is not None
    qtbot.waitUntil(lambda: backups.info is not None, timeout=10000)
    window.close()  # never backed up: the exit backup is due
    assert window.isVisible() and backups.exit_dialog is not None
    cancel = backups.exit_dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "取消备份并退出"
    cancel.click()  # before the backup even started
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)
    assert list(folder.iterdir()) == []
    assert backups.info is not None and backups.info.last_good is None


@pytest.mark.pg
def test_a_sqlite_backup_restores_onto_the_server_and_opens(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner, out_folder: Path,
        pg_url: str) -> None:
    """Moving an office onto the county server, through the dialogs."""
    from app.services.casebase.workspace import open_workspace
    from app.services.cases.queries import CaseFilter, count_cases

    out = out_folder / "office.tjbak"
    backup = _backup_dialog(qtbot, workspace, tasks, out)
    with qtbot.waitSignal(backup.backed_up, timeout=60000):
        backup.start_button.click()
    backup.close()
    dialog = RestoreDialog(workspace, tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog._set_target(pg_url)
    dialog.archive.setText(str(out))
    dialog._archive_changed()
    dialog.verify_button.click()
    qtbot.waitUntil(dialog.restore_button.isEnabled, timeout=30000)
    dialog.restore_button.click()
    qtbot.waitUntil(dialog.open_button.isVisible, timeout=120000)
    assert "与备份时一致" in dialog.message.text()
    with qtbot.waitSignal(dialog.open_requested, timeout=5000) as opened:
        dialog.open_button.click()
    server = open_workspace(opened.args[0], "admin")
    try:
        assert count_cases(server.db, server.user, CaseFilter()) == 300
    finally:
        server.close()
