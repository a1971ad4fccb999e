"""Entry script of the frozen (PyInstaller) build.

The spec builds two executables from this one script: ``tiaojie`` (console)
and ``tiaojie-gui`` (windowed, no console on Windows).  Both carry the same
code; the executable's own name decides which entry point runs, exactly like
the ``tiaojie`` / ``tiaojie-gui`` scripts of a pip install:

* ``tiaojie[.exe] ARGS``      → ``app.cli.main()``    (``python -m app``)
* ``tiaojie-gui[.exe]``        → ``app.cli.gui_main()``
"""

from __future__ import annotations

import multiprocessing
import os
import sys


def _is_gui_launcher() -> bool:
    name = os.path.splitext(os.path.basename(sys.executable))[0].lower()
    return name.endswith("-gui")


if __name__ == "__main__":
    multiprocessing.freeze_support()
    from app import cli

    sys.exit(cli.gui_main() if _is_gui_launcher() else cli.main())
