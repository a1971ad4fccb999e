"""Start-up weight: showing the main window loads no PDF, printing, chart or document module,
and no page the user has not opened yet.

Those modules cost about a second before the first window; they belong to
the dialogs that print or render papers and are imported there.  The check
runs in a fresh interpreter so that other tests' imports cannot hide (or
fake) a module-level import.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("PySide6.QtPdf", "PySide6.QtPdfWidgets", "PySide6.QtPrintSupport", "PySide6.QtCharts",
         "app.documents", "reportlab", "docx", "pypdf", "openpyxl",
         # pages other than 案件 and 工作台 are built when first shown
         "app.ui.parties.page", "app.ui.organisations.page", "app.ui.meetings.page",
         "app.ui.reports.page", "app.ui.admin.settings_page")
ROOT = Path(__file__).resolve().parents[2]
PROBE_TIMEOUT_S = 110


def probe(db_url: str) -> None:
    """Open ``db_url`` as ``make run`` does, wait for the window's first loads, print the names.

    Runs in the child interpreter; prints a JSON list of the HEAVY modules loaded.
    """
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from app.config import Settings
    from app.ui.app import Controller

    app = QApplication([])
    controller = Controller(Settings(), db_url, "admin", demo_if_empty=True, demo_cases=30)
    loop = QEventLoop()
    controller.window_shown.connect(loop.quit)
    QTimer.singleShot(PROBE_TIMEOUT_S * 1000, loop.quit)
    controller.start()
    loop.exec()
    if controller.window is None:
        raise SystemExit("the main window was not shown")
    while controller.tasks.busy():
        controller.tasks.wait_for_done(100)
        app.processEvents()
    app.processEvents()
    print(json.dumps([name for name in HEAVY if name in sys.modules]))
    controller.shutdown()


def test_main_window_opens_without_heavy_modules(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               TIAOJIE_CONFIG_DIR=str(tmp_path / "config"),
               TIAOJIE_DATA_DIR=str(tmp_path / "data"))
    env.pop("TIAOJIE_DB", None)
    url = f"sqlite:///{tmp_path / 'start.db'}"
    code = f"from tests.ui.test_startup_imports import probe; probe({url!r})"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=PROBE_TIMEOUT_S + 10, check=False)
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert loaded == [], f"loaded while opening the main window: {loaded}"
