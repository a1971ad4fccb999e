"""Child process for the cold-start benchmark: start the program as a clerk does, and report.

Run as ``python -m benchmarks.gui_start URL T0``; prints one JSON line with the
seconds from T0 (taken by the parent just before it started this process) to
(a) the main window shown and (b) the case list counted and its first page
painted, the CPU seconds this process had used at each point (all threads),
and its peak memory.  ``--baseline`` shows a bare Qt window instead.

The start is ``tiaojie --db URL --user admin gui`` itself (``app.cli.main``):
the command line, the pause of garbage collection while modules load, fonts,
translations, the controller that opens the base on a worker, checks the
password and builds the window.  The benchmark only watches: it hooks the
controller once ``tiaojie gui`` has imported it, so no module is loaded
earlier or in another order than in a user's start.  The parent points
``TIAOJIE_CONFIG_DIR`` at a scratch folder, because the controller remembers
the base it opened in the settings file.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable, Sequence
from importlib.abc import Loader, MetaPathFinder
from importlib.machinery import ModuleSpec
from importlib.util import find_spec
from types import ModuleType
from typing import Any


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class _AfterImport(MetaPathFinder):
    """Calls ``then(module)`` once ``name`` has been imported by the program itself."""

    def __init__(self, name: str, then: Callable[[ModuleType], None]) -> None:
        self.name, self.then = name, then

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        spec = find_spec(fullname)
        assert spec is not None and spec.loader is not None
        loader: Loader = spec.loader
        run_module, then = loader.exec_module, self.then

        def exec_module(module: ModuleType) -> None:
            run_module(module)
            then(module)

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


class _Watch:
    """Marks the moments of one start on the controller that ``tiaojie gui`` made."""

    def __init__(self, t0: float) -> None:
        self.t0 = t0
        self.result: dict[str, float] = {}

    def mark(self, key: str) -> None:
        self.result.setdefault(key, time.time() - self.t0)
        self.result.setdefault(f"cpu_{key}", _cpu())

    def hook(self, module: ModuleType) -> None:
        """Watch every controller the module's ``Controller.start`` starts."""
        controller_class: Any = module.Controller
        start, watch = controller_class.start, self

        def watched_start(controller: Any) -> None:
            controller.window_shown.connect(lambda: watch.shown(controller))
            start(controller)

        controller_class.start = watched_start

    def shown(self, controller: Any) -> None:
        from PySide6.QtCore import QCoreApplication, QEvent, QObject

        model = controller.window.cases_page.model
        viewport = controller.window.cases_page.table.viewport()
        watch = self
        arrived: list[bool] = []

        class Painted(QObject):
            """The first paint of the list after its first page arrived: the page is on screen."""

            def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
                if arrived and event.type() == QEvent.Type.Paint:
                    viewport.removeEventFilter(self)
                    watch.mark("ready")
                    QCoreApplication.quit()
                return False

        self.painted = Painted()
        viewport.installEventFilter(self.painted)
        model.page_loaded.connect(lambda _page: arrived.append(True))
        model.counted.connect(lambda _n: model.data(model.index(0, 0)))
        QCoreApplication.processEvents()
        self.mark("shown")


def main() -> None:
    """Measure one cold start and print the figures."""
    url, t0 = sys.argv[1], float(sys.argv[2])
    if "--baseline" in sys.argv:
        from PySide6.QtWidgets import QApplication, QWidget

        app = QApplication([])
        window = QWidget()
        window.show()
        app.processEvents()
        print(json.dumps({"shown": time.time() - t0, "cpu_shown": _cpu(),
                          "peak_mb": _peak_mb()}))
        return

    watch = _Watch(t0)
    sys.meta_path.insert(0, _AfterImport("app.ui.app", watch.hook))
    from app.cli import main as tiaojie

    tiaojie(["--db", url, "--user", "admin", "--lang", "zh_CN", "gui"])
    figures = watch.result
    print(json.dumps({"shown": figures.get("shown", -1.0),
                      "list_ready": figures.get("ready", -1.0),
                      "cpu_shown": figures.get("cpu_shown", -1.0),
                      "cpu_ready": figures.get("cpu_ready", -1.0), "peak_mb": _peak_mb()}))


if __name__ == "__main__":
    main()
