"""Choosing the case base: a local SQLite file or a shared PostgreSQL server.

The choice is only accepted after a successful test connection, so a typo in
a server address can never leave the user with a program that will not start;
on failure the message is shown in the dialog and the old setting is kept.
"""

from __future__ import annotations

from functools import partial
from urllib.parse import quote

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import DomainError
from app.domain.text import _
from app.services.casebase.opening import test_connection
from app.ui.path_row import path_row
from app.ui.shortcuts import make_primary
from app.ui.tasks import TaskRunner


class DatabaseDialog(QDialog):
    """Pick SQLite file or PostgreSQL server; OK only after the connection works."""

    def __init__(self, current_url: str, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("选择数据库"))
        self.setMinimumWidth(520)
        self.tasks = tasks
        self.chosen_url: str | None = None
        self._accept_after_test = False

        self.sqlite_radio = QRadioButton(_("本机数据库文件（SQLite，单人使用）"))
        self.pg_radio = QRadioButton(_("共享数据库服务器（PostgreSQL，多人同时使用）"))
        group = QButtonGroup(self)
        group.addButton(self.sqlite_radio)
        group.addButton(self.pg_radio)

        self.sqlite_path = QLineEdit()
        file_row = path_row(self.sqlite_path, self._browse)
        sqlite_box = QGroupBox()
        sqlite_form = QFormLayout(sqlite_box)
        sqlite_form.addRow(_("文件"), file_row)

        self.host = QLineEdit("127.0.0.1")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.dbname = QLineEdit("tiaojie")
        self.pg_user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        pg_box = QGroupBox()
        pg_form = QFormLayout(pg_box)
        pg_form.addRow(_("服务器地址"), self.host)
        pg_form.addRow(_("端口"), self.port)
        pg_form.addRow(_("数据库名"), self.dbname)
        pg_form.addRow(_("用户名"), self.pg_user)
        pg_form.addRow(_("密码"), self.password)

        self.test_button = QPushButton(_("测试连接"))
        self.test_button.clicked.connect(lambda: self._test(accept=False))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok_button is not None  # the box was made with an OK button
        make_primary(self, ok_button, _("确定"))
        self.buttons.accepted.connect(lambda: self._test(accept=True))
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.sqlite_radio)
        layout.addWidget(sqlite_box)
        layout.addWidget(self.pg_radio)
        layout.addWidget(pg_box)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.message, 1)
        layout.addLayout(test_row)
        layout.addWidget(self.buttons)

        self.sqlite_radio.toggled.connect(sqlite_box.setEnabled)
        self.pg_radio.toggled.connect(pg_box.setEnabled)
        self._load(current_url)

    def _load(self, url: str) -> None:
        from urllib.parse import unquote, urlsplit

        if url.startswith("sqlite"):
            self.sqlite_radio.setChecked(True)
            self.sqlite_path.setText(url.split("///", 1)[-1])
            self.pg_radio.toggled.emit(False)
            return
        self.pg_radio.setChecked(True)
        self.sqlite_radio.toggled.emit(False)
        parts = urlsplit(url.replace("+psycopg", ""))
        self.host.setText(parts.hostname or "")
        self.port.setValue(parts.port or 5432)
        self.dbname.setText(parts.path.lstrip("/"))
        self.pg_user.setText(unquote(parts.username or ""))
        self.password.setText(unquote(parts.password or ""))

    def url(self) -> str:
        """The URL the widgets describe."""
        if self.sqlite_radio.isChecked():
            return f"sqlite:///{self.sqlite_path.text().strip()}"
        credentials = quote(self.pg_user.text().strip(), safe="")
        if self.password.text():
            credentials += ":" + quote(self.password.text(), safe="")
        at = f"{credentials}@" if credentials else ""
        return (f"postgresql+psycopg://{at}{self.host.text().strip()}:{self.port.value()}/"
                f"{self.dbname.text().strip()}")

    def _browse(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("选择或新建数据库文件"), self.sqlite_path.text(),
            _("调解台数据库 (*.db);;所有文件 (*)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.sqlite_path.setText(path)

    def _test(self, accept: bool) -> None:
        url = self.url()
        self._accept_after_test = accept
        self._set_busy(True)
        self.message.setStyleSheet("")
        self.message.setText(_("正在连接…"))
        self.tasks.run(partial(test_connection, url), partial(self._connected, url),
                       partial(self._tested, url), owner=self)

    def _connected(self, url: str, _result: None) -> None:
        self._tested(url, None)

    def _tested(self, url: str, error: BaseException | None) -> None:
        self._set_busy(False)
        if error is not None:
            text = str(error) if isinstance(error, DomainError) else repr(error)
            self.message.setStyleSheet("color: #c62828;")
            self.message.setText(text)
            return
        self.message.setStyleSheet("color: #2e7d32;")
        self.message.setText(_("连接成功"))
        if self._accept_after_test:
            self.chosen_url = url
            self.accept()

    def _set_busy(self, busy: bool) -> None:
        self.test_button.setEnabled(not busy)
        self.buttons.setEnabled(not busy)
