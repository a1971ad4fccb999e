"""Start-up weight: showing the main window loads no PDF, printing, chart or document module,
no page the user has not opened yet, and on an everyday start nothing only a new install needs;
``tiaojie gui`` loads the layers under the window before Qt.

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
         "app.services.backups.crypto",
         # the intake form, its party editor and their rules load when it is first opened
         "app.ui.cases.intake_dialog", "app.ui.cases.party_editor", "app.services.cases.intake",
         "app.domain.intake")
NEW_INSTALL = ("app.demo", "app.services.casebase.setup", "app.ui.setup.wizard",
               "app.ui.admin.first_password_dialog", "app.ui.admin.login_dialog",
               "app.ui.admin.settings_dialog", "app.ui.admin.idle_lock", "argon2",
               # migrating a new base (Alembic) loads the PostgreSQL dialect; an everyday
               # start on SQLite never does (a model's postgresql_* option would load it)
               "sqlalchemy.dialects.postgresql")
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
    settled: list[bool] = []

    def counted(_total: int) -> None:
        seen.setdefault("counted", [name for name in watched if name in sys.modules])

    def shown() -> None:
        assert controller.window is not None
        controller.window.cases_page.model.counted.connect(counted)
        controller.window.cases_page.settled.connect(lambda: settled.append(True))
        loop.quit()

    controller.window_shown.connect(shown)
    QTimer.singleShot(PROBE_TIMEOUT_S * 1000, loop.quit)
    controller.start()
    loop.exec()
    if controller.window is None:
        raise SystemExit("the main window was not shown")
    deadline = time.monotonic() + PROBE_TIMEOUT_S
    while controller.tasks.busy() or "counted" not in seen or not settled:
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


LAYERS_PROBE = """
import sys
from importlib import import_module
from app.cli.gui import BEFORE_QT
for name in BEFORE_QT:
    import_module(name)
qt_first = [name for name in sys.modules if name.startswith("PySide6")]
before = set(sys.modules)
import app.ui.app
late = sorted(name for name in set(sys.modules) - before
              if name.startswith(("sqlalchemy", "app.store", "app.services", "app.domain")))
print(json.dumps({"qt_first": qt_first, "late": late}))
"""


def test_gui_loads_the_layers_under_the_window_before_qt(tmp_path: Path) -> None:
    """PySide6 reads the source of each module imported after it: the case base layer comes first.

    ``app/cli/gui.py`` imports ``BEFORE_QT`` before the window's modules; they
    must not load Qt themselves, and what the window still loads after Qt from
    below the UI must stay a few small modules (add a new root to ``BEFORE_QT``).
    """
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               TIAOJIE_CONFIG_DIR=str(tmp_path / "config"))
    done = subprocess.run([sys.executable, "-c", "import json" + LAYERS_PROBE], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=PROBE_TIMEOUT_S, check=False)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["qt_first"] == [], "a module of BEFORE_QT loads Qt"
    assert [name for name in seen["late"] if not name.startswith("app.services")] == [], seen
    assert len(seen["late"]) <= 3, f"loaded after Qt: {seen['late']}"
