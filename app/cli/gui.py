"""``tiaojie gui`` (and plain ``tiaojie``): open the desktop window.

Qt is imported only when the window really opens, so every other command
and every ``--help`` starts without it.
"""

from __future__ import annotations

import argparse
import gc
from importlib import import_module

from app.cli.common import Commands, Options
from app.domain.text import _

BEFORE_QT = ("app.services.casebase.workspace", "app.services.cases.queries",
             "app.services.organisations.queries")
"""The layers under the window that the case list needs, loaded before Qt.

Once PySide6 is imported it reads the source of every module imported after
it (to find the ones that use its ``__feature__`` switches): about 350
modules of SQLAlchemy, the models and the services, 100 ms of the start.
None of them uses Qt, so they load first and are never read.
"""


def cmd_gui(args: argparse.Namespace) -> int:
    """Open the desktop window.

    Collection is paused while Qt, SQLAlchemy and the models load (over
    100,000 objects that live as long as the program; collecting among them
    cost about 0.1 s of the start); ``prepare_application`` freezes them and
    turns collection back on.
    """
    gc.disable()
    for name in BEFORE_QT:
        import_module(name)
    from app.ui.app import run_gui

    return run_gui(db_url=args.db, demo_if_empty=args.demo_if_empty, user=args.user_given,
                   locale=args.lang)


def register(sub: Commands, options: Options) -> None:
    """Add ``gui`` to the top-level commands."""
    gui = sub.add_parser("gui", help=_("打开图形界面"), parents=options)
    gui.add_argument("--demo-if-empty", action="store_true", help=_("数据库为空时填入演示数据"))
    gui.set_defaults(handler=cmd_gui)
