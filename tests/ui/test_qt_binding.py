"""The Qt binding must not leak references: PySide6 6.12.0 lost one on None per void call.

On Python 3.11 None is an ordinary object, so a binding that drops a
reference on every ``widget.clear()`` kills the program after a few thousand
clicks with "Fatal Python error: none_dealloc".  The suite's short processes
would never notice; this test does, before an upgrade reaches users.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

CALLS = 20000


def test_void_calls_keep_the_reference_count_of_none(qtbot: QtBot) -> None:
    combo, line = QComboBox(), QLineEdit()
    qtbot.addWidget(combo)
    qtbot.addWidget(line)
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        combo.clear()
        line.setText("张三")
    after = sys.getrefcount(None)
    assert abs(after - before) < CALLS // 100, (before, after)
