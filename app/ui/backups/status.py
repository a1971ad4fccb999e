"""The status-bar indicator: how old this PC's last good backup is, in the colour it deserves.

Green up to 3 days, amber after 3 days, red after 7 days, after a failed
attempt, or when there has never been a backup (the rule is
app/domain/backup_rotation.py's).  The tooltip names the folder and the last
failure; clicking opens the automatic-backup settings.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QPushButton, QWidget

from app import i18n
from app.domain.backup_rotation import BackupLevel
from app.domain.text import _, ngettext
from app.services.backups.schedule import AutoBackupInfo
from app.ui.colours import RISK_COLOURS

LEVEL_COLOURS = {BackupLevel.OK: RISK_COLOURS["green"], BackupLevel.AMBER: RISK_COLOURS["yellow"],
                 BackupLevel.RED: RISK_COLOURS["red"]}


def age_text(age: timedelta) -> str:
    """"2 小时前", "3 天前": as precise as a clerk needs."""
    hours = int(age.total_seconds() // 3600)
    if hours < 1:
        return _("刚刚")
    if hours < 24:
        return ngettext("{n} 小时前", "{n} 小时前", hours).format(n=hours)
    days = age.days
    return ngettext("{n} 天前", "{n} 天前", days).format(n=i18n.format_number(days))


def status_text(info: AutoBackupInfo) -> str:
    """The indicator's words."""
    if info.status.failed:
        return _("备份失败")
    if info.status.age is None:
        return _("尚未备份")
    return _("备份：{age}").format(age=age_text(info.status.age))


def status_tooltip(info: AutoBackupInfo) -> str:
    """Folder, last good copy and last failure, one per line."""
    lines = [_("自动备份文件夹：{folder}").format(folder=info.folder) if info.folder
             else _("本机尚未设置自动备份文件夹（点此设置）")]
    if info.last_good is not None:
        lines.append(_("上次成功备份：{when}").format(when=i18n.format_datetime(info.last_good)))
        if info.last_good_file:
            lines.append(info.last_good_file)
    if info.status.failed and info.last_failure is not None:
        lines.append(_("上次备份失败：{when}，{reason}").format(
            when=i18n.format_datetime(info.last_failure), reason=info.failure_reason or ""))
    return "\n".join(lines)


class BackupStatus(QPushButton):
    """A flat status-bar button; :meth:`show_info` and :meth:`show_running` set what it says."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFlat(True)
        self.level: BackupLevel | None = None
        self.setText(_("备份：…"))

    def show_info(self, info: AutoBackupInfo) -> None:
        """Show the age and colour of the last good backup."""
        self.level = info.status.level
        self.setText(status_text(info))
        self.setToolTip(status_tooltip(info))
        self.setStyleSheet(f"color: {LEVEL_COLOURS[info.status.level]};")

    def show_running(self, done: int, total: int) -> None:
        """While an automatic backup runs: how far it is."""
        percent = done * 100 // max(total, 1)
        self.setText(_("正在自动备份…{percent}%").format(percent=percent))
        self.setStyleSheet("")

    def show_unknown(self, reason: str) -> None:
        """The state could not be read (the reason goes to the tooltip)."""
        self.level = None
        self.setText(_("备份：？"))
        self.setToolTip(reason)
        self.setStyleSheet(f"color: {RISK_COLOURS['yellow']};")
