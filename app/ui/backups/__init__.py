"""Backups in the GUI: 文件 → 备份… / 从备份恢复…, automatic backups and their status."""
