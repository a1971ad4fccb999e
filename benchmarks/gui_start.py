"""Child process for the cold-start benchmark: open the real main window and report.

Run as ``python -m benchmarks.gui_start URL T0``; prints one JSON line with the
seconds from T0 (taken by the parent just before it started this process) to
(a) the main window shown and (b) the case list counted and its first page
on screen, plus peak memory.  ``--baseline`` shows a bare Qt window instead.
"""

from __future__ import annotations

import json
import resource
import sys
import time


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    """Measure one cold start and print the figures."""
    url, t0 = sys.argv[1], float(sys.argv[2])
    baseline = "--baseline" in sys.argv
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication([])
    if baseline:
        window = QWidget()
        window.show()
        app.processEvents()
        print(json.dumps({"shown": time.time() - t0, "peak_mb": _peak_mb()}))
        return

    from app import i18n
    from app.services.casebase.workspace import open_workspace
    from app.ui.main_window import MainWindow
    from app.ui.tasks import TaskRunner

    i18n.activate("zh_CN")
    tasks = TaskRunner()
    workspace = open_workspace(url, "admin")
    main_window = MainWindow(workspace, tasks, url)
    main_window.show()
    app.processEvents()
    shown = time.time() - t0
    model = main_window.cases_page.model
    result: dict[str, float] = {}

    def first_page(_page: int) -> None:
        result["list_ready"] = time.time() - t0
        app.quit()

    model.page_loaded.connect(first_page)
    model.counted.connect(lambda _n: model.data(model.index(0, 0)))
    app.exec()
    tasks.wait_for_done()
    print(json.dumps({"shown": shown, "list_ready": result.get("list_ready", -1.0),
                      "peak_mb": _peak_mb()}))


if __name__ == "__main__":
    main()
