"""系统设置: which database, which language, who is signed in, and audit-trail proof."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app import i18n
from app.domain.text import _
from app.services.casebase.workspace import Workspace
from app.services.security import audit
from app.services.security.audit import AuditReport
from app.ui.admin.settings_dialog import DatabaseDialog
from app.ui.tasks import TaskRunner

LANGUAGES = (("zh_CN", "简体中文"), ("en", "English"))
MAX_AUDIT_LINES = 5
"""Problems listed on the page; the CLI lists them all."""


class SettingsPage(QWidget):
    """Settings that take effect at once; the main window reacts to the signals."""

    database_requested = Signal(str)
    language_requested = Signal(str)
    backup_settings_requested = Signal()

    def __init__(self, workspace: Workspace, tasks: TaskRunner, db_url: str) -> None:
        super().__init__()
        self.workspace, self.tasks, self.db_url = workspace, tasks, db_url
        db_box = QGroupBox(_("数据库"))
        db_form = QFormLayout(db_box)
        self.db_label = QLabel(workspace.database_name)
        self.db_label.setWordWrap(True)
        kind = _("SQLite 本机文件") if workspace.backend == "sqlite" else _("PostgreSQL 服务器")
        db_form.addRow(_("当前数据库"), self.db_label)
        db_form.addRow(_("类型"), QLabel(kind))
        self.change_db = QPushButton(_("更改数据库…"))
        self.change_db.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.change_db.clicked.connect(self.choose_database)
        db_form.addRow("", self.change_db)

        ui_box = QGroupBox(_("界面"))
        ui_form = QFormLayout(ui_box)
        self.language = QComboBox()
        self.language.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        for key, name in LANGUAGES:
            self.language.addItem(name, key)
        self.language.setCurrentIndex(self.language.findData(i18n.current_locale()))
        self.language.currentIndexChanged.connect(
            lambda: self.language_requested.emit(self.language.currentData()))
        ui_form.addRow(_("语言 / Language"), self.language)
        ui_form.addRow(_("当前用户"), QLabel(_("{name}（{login}，{role}）").format(
            name=workspace.user.display_name, login=workspace.user.login,
            role=workspace.user.role_label)))

        audit_box = QGroupBox(_("审计"))
        audit_row = QHBoxLayout(audit_box)
        self.verify_button = QPushButton(_("核验审计链"))
        self.verify_button.clicked.connect(self.verify_audit)
        self.audit_result = QLabel(_("每一次新增、修改、删除都记入审计链，可随时核验是否被篡改。"))
        self.audit_result.setWordWrap(True)
        audit_row.addWidget(self.verify_button)
        audit_row.addWidget(self.audit_result, 1)

        layout = QVBoxLayout(self)
        for box in (db_box, ui_box, audit_box):
            layout.addWidget(box)
        if workspace.user.may("casebase.backup"):
            backup_box = QGroupBox(_("备份"))
            backup_row = QHBoxLayout(backup_box)
            self.backup_button = QPushButton(_("自动备份设置…"))
            self.backup_button.clicked.connect(self.backup_settings_requested)
            backup_note = QLabel(_("本机的自动备份文件夹（U盘、移动硬盘或网络共享）；"
                                   "手动备份和恢复在“文件”菜单中。"))
            backup_note.setWordWrap(True)
            backup_row.addWidget(self.backup_button)
            backup_row.addWidget(backup_note, 1)
            layout.addWidget(backup_box)
        layout.addStretch(1)

    def load(self) -> None:
        """Nothing to fetch: the page shows what the workspace already knows."""

    def choose_database(self) -> None:
        """Open the database dialog; a tested new URL is passed on to the main window."""
        dialog = DatabaseDialog(self.db_url, self.tasks, self)
        if dialog.exec() and dialog.chosen_url and dialog.chosen_url != self.db_url:
            self.database_requested.emit(dialog.chosen_url)

    def verify_audit(self) -> None:
        """Walk the audit chain in the background and show the verdict."""
        self.verify_button.setEnabled(False)
        self.audit_result.setText(_("正在核验…"))
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(audit.verify, db, user), self._verified, owner=self)

    def _verified(self, report: AuditReport) -> None:
        self.verify_button.setEnabled(True)
        if report.ok:
            self.audit_result.setStyleSheet("color: #2e7d32;")
            self.audit_result.setText(_("审计链完整：已核验 {n} 条记录").format(
                n=i18n.format_number(report.checked)))
            return
        self.audit_result.setStyleSheet("color: #c62828;")
        lines = audit.report_lines(report)
        shown = lines[:MAX_AUDIT_LINES]
        if len(lines) > len(shown):
            shown.append(_("……另有 {n} 处问题，请用 tiaojie audit verify 查看全部").format(
                n=i18n.format_number(len(lines) - len(shown))))
        self.audit_result.setText("\n".join(shown))
