"""Start-up weight: showing the main window loads no PDF, printing, chart or document module,
no page the user has not opened yet, and on an everyday start nothing only a new install needs.

Those modules cost about a second before the first window; they belong to
the dialogs that print or render papers and are imported there.  The 工作台
panel waits until the case list's first page is on screen, so at the moment
the list is counted its modules are not loaded yet.  The check runs in a fresh
interpreter so that other tests' imports cannot hide (or fake) a module-level
import.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from app.services.casebase.workspace import Workspace

HEAVY = ("PySide6.QtPdf", "PySide6.QtPdfWidgets", "PySide6.QtPrintSupport", "PySide6.QtCharts",
         "app.documents", "reportlab", "docx", "pypdf", "openpyxl",
         # pages other than 案件 and 工作台 are built when first shown
         "app.ui.parties.page", "app.ui.organisations.page", "app.ui.meetings.page",
         "app.ui.reports.page", "app.ui.admin.settings_page",
         # the backup writer, restore and encryption load when a backup runs
         "app.services.backups.writer", "app.services.backups.restore",
         "app.services.backups.crypto")
NEW_INSTALL = ("app.demo", "app.services.casebase.setup", "app.ui.setup.wizard",
               "app.ui.admin.first_password_dialog", "app.ui.admin.login_dialog",
               "app.ui.admin.settings_dialog", "app.ui.admin.idle_lock")
"""What only a first start, a refused start or a password needs (a demo base has none)."""
PANEL = ("app.ui.mediation.warnings_page", "app.services.mediation.dashboard")
"""The 工作台 panel, built once the case list's first page is shown."""
ROOT = Path(__file__).resolve().parents[2]
PROBE_TIMEOUT_S = 110


def probe(db_url: str, demo_if_empty: bool) -> None:
    """Open ``db_url`` as ``tiaojie gui`` does, wait for the window's first loads, print names.

    Runs in the child interpreter; prints one JSON object: the watched modules
    loaded when the case list was counted (``counted``) and once every start-up
    load has finished (``settled``).
    """
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from app.config import Settings
    from app.ui.app import Controller

    watched = HEAVY + NEW_INSTALL + PANEL
    app = QApplication([])
    controller = Controller(Settings(), db_url, "admin", demo_if_empty=demo_if_empty,
                            demo_cases=30)
    loop = QEventLoop()
    seen: dict[str, list[str]] = {}

    def counted(_total: int) -> None:
        seen.setdefault("counted", [name for name in watched if name in sys.modules])

    def shown() -> None:
        assert controller.window is not None
        controller.window.cases_page.model.counted.connect(counted)
        loop.quit()

    controller.window_shown.connect(shown)
    QTimer.singleShot(PROBE_TIMEOUT_S * 1000, loop.quit)
    controller.start()
    loop.exec()
    if controller.window is None:
        raise SystemExit("the main window was not shown")
    deadline = time.monotonic() + PROBE_TIMEOUT_S
    while controller.tasks.busy() or "counted" not in seen:
        if time.monotonic() > deadline:
            raise SystemExit("the case list was never counted")
        controller.tasks.wait_for_done(100)
        app.processEvents()
    app.processEvents()
    seen["settled"] = [name for name in watched if name in sys.modules]
    print(json.dumps(seen))
    controller.shutdown()


def _run_probe(tmp_path: Path, db_url: str, demo_if_empty: bool) -> dict[str, list[str]]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               TIAOJIE_CONFIG_DIR=str(tmp_path / "config"),
               TIAOJIE_DATA_DIR=str(tmp_path / "data"))
    env.pop("TIAOJIE_DB", None)
    code = (f"from tests.ui.test_startup_imports import probe; "
            f"probe({db_url!r}, {demo_if_empty!r})")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=PROBE_TIMEOUT_S + 10, check=False)
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def test_first_start_opens_without_heavy_modules(tmp_path: Path) -> None:
    seen = _run_probe(tmp_path, f"sqlite:///{tmp_path / 'start.db'}", demo_if_empty=True)
    loaded = [name for name in seen["settled"] if name in HEAVY]
    assert loaded == [], f"loaded while opening the main window: {loaded}"


def test_everyday_start_loads_only_the_case_list_first(workspace: Workspace,
                                                       tmp_path: Path) -> None:
    seen = _run_probe(tmp_path, workspace.db.url, demo_if_empty=False)
    assert [name for name in seen["counted"] if name in PANEL] == [], (
        "the 工作台 panel was loaded before the case list's first page")
    assert set(PANEL) <= set(seen["settled"]), "the 工作台 counts never loaded"
    loaded = [name for name in seen["settled"] if name in HEAVY + NEW_INSTALL]
    assert loaded == [], f"loaded on an everyday start: {loaded}"
