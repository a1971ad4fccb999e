"""The ``tiaojie`` command line: build the parser from the command modules and dispatch.

Exit status: 0 success; 2 bad input or unusable database (one line on stderr,
nothing written); 1 a check that ran and failed (e.g. a broken audit chain);
130 stopped by Ctrl-C (one line, nothing half-written).
The order in which the modules register is the order ``--help`` lists the
commands in.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from app import i18n
from app.cli import (
    assignment,
    audit,
    backups,
    cases,
    data,
    database,
    documents,
    gui,
    mediation,
    meetings,
    organisations,
    reports,
    setup,
    users,
)
from app.cli.common import (
    STDIN_PASSWORD,
    Handler,
    interrupted,
    pipe_closed,
    run,
    translate_argparse,
)
from app.config import SUPPORTED_LOCALES, Settings
from app.domain.text import _


def _global_options(default: object) -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(add_help=False, argument_default=default)
    options.add_argument("--db", metavar="URL", help=_("数据库地址（SQLite 文件或 PostgreSQL）"))
    options.add_argument("--user", dest="user_given", metavar="LOGIN",
                         help=_("以哪个用户身份操作"))
    options.add_argument("--password-stdin", action="store_true",
                         help=_("从标准输入的第一行读取该用户的密码"))
    options.add_argument("--lang", choices=SUPPORTED_LOCALES, help=_("界面语言"))
    return options


def build_parser() -> argparse.ArgumentParser:
    """The whole command tree; the global options are accepted before and after a command."""
    parser = argparse.ArgumentParser(prog="tiaojie", description=_("调解台：人民调解案件管理"),
                                     parents=[_global_options(None)])
    options = [_global_options(argparse.SUPPRESS)]
    sub = parser.add_subparsers(dest="command")
    gui.register(sub, options)
    database.register(sub, options)
    setup.register(sub, options)
    audit.register(sub, options)
    case_sub = cases.register(sub, options)
    assignment.register(case_sub, options)
    mediation.register(case_sub, options)
    mediation.register_overdue(sub, options)
    cases.register_search(sub, options)
    users.register(sub, options)
    organisations.register(sub, options)
    meeting_sub = meetings.register(sub, options)
    documents.register(sub, options)
    documents.register_minutes(meeting_sub, options)
    data.register(sub, options)
    reports.register(sub, options)
    backups.register(sub, options)
    # `export --format archive` writes the backup format: the backup module handles it.
    sub.choices["export"].set_defaults(export_archive=backups.cmd_export_archive)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``tiaojie`` console script; ``tiaojie … | head`` and Ctrl-C end it
    quietly."""
    try:
        status = _main(argv)
        sys.stdout.flush()
    except BrokenPipeError:
        return pipe_closed()
    except KeyboardInterrupt:
        return interrupted()
    return status


def _main(argv: Sequence[str] | None) -> int:
    settings = Settings.load()
    raw = list(sys.argv[1:] if argv is None else argv)
    i18n.activate(_peek_lang(raw) or settings.locale)
    translate_argparse()
    try:
        args = build_parser().parse_args(raw)
    except SystemExit as exc:
        return int(exc.code or 0)
    args.lang = args.lang or settings.locale
    args.user = args.user_given or settings.user
    handler: Handler = getattr(args, "handler", gui.cmd_gui)
    if not hasattr(args, "demo_if_empty"):
        args.demo_if_empty = False
    token = STDIN_PASSWORD.set(_stdin_password() if args.password_stdin else None)
    try:
        return run(handler, args)
    finally:
        STDIN_PASSWORD.reset(token)


def gui_main() -> int:
    """Entry point of the ``tiaojie-gui`` launcher (no console on Windows)."""
    return main(["gui"])


def _stdin_password() -> str:
    """The first line of standard input, without its line ending (``--password-stdin``)."""
    return sys.stdin.readline().rstrip("\r\n")


def _peek_lang(argv: list[str]) -> str | None:
    """``--lang`` is needed before parsing: help texts are translated as the parser is built."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None
