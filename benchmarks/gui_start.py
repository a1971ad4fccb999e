"""Child process for the cold-start benchmark: start the program as a clerk does, and report.

Run as ``python -m benchmarks.gui_start URL T0``; prints one JSON line with the
seconds from T0 (taken by the parent just before it started this process) to
(a) the main window shown and (b) the case list counted and its first page on
screen, the CPU seconds this process had used at each point (all threads), and
its peak memory.  ``--baseline`` shows a bare Qt window instead.

The start goes through the same steps as ``tiaojie gui`` (app/ui/app.py:
fonts, translations, the controller that opens the base on a worker, checks
the password and builds the window), so what is measured is what a user waits
for.  The parent points ``TIAOJIE_CONFIG_DIR`` at a scratch folder, because
the controller remembers the base it opened in the settings file.
"""

from __future__ import annotations

import json
import resource
import sys
import time


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    """Measure one cold start and print the figures."""
    url, t0 = sys.argv[1], float(sys.argv[2])
    baseline = "--baseline" in sys.argv
    from PySide6.QtWidgets import QApplication, QWidget

    if baseline:
        app = QApplication([])
        window = QWidget()
        window.show()
        app.processEvents()
        print(json.dumps({"shown": time.time() - t0, "cpu_shown": _cpu(),
                          "peak_mb": _peak_mb()}))
        return

    from app.config import Settings
    from app.ui.app import Controller, prepare_application

    app = prepare_application("zh_CN")
    controller = Controller(Settings(), url, "admin")
    result: dict[str, float] = {}

    def first_page(_page: int) -> None:
        result.setdefault("list_ready", time.time() - t0)
        result.setdefault("cpu_ready", _cpu())
        app.quit()

    def shown() -> None:
        window = controller.window
        assert window is not None
        model = window.cases_page.model
        model.page_loaded.connect(first_page)
        model.counted.connect(lambda _n: model.data(model.index(0, 0)))
        app.processEvents()
        result["shown"], result["cpu_shown"] = time.time() - t0, _cpu()

    controller.window_shown.connect(shown)
    controller.start()
    app.exec()
    controller.shutdown()
    print(json.dumps({"shown": result.get("shown", -1.0),
                      "list_ready": result.get("list_ready", -1.0),
                      "cpu_shown": result.get("cpu_shown", -1.0),
                      "cpu_ready": result.get("cpu_ready", -1.0), "peak_mb": _peak_mb()}))


if __name__ == "__main__":
    main()
