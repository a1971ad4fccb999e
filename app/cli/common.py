"""What every command module shares: bad input, JSON output, the opened case base, exit codes.

Command modules import this module and nothing else of the CLI, and they
import the services, documents and reports layers only inside their handler
functions: building the parser for ``--help`` then loads no more than
app.domain, app.i18n and app.config, and answers at once.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeAlias

from app import i18n
from app.config import resolve_db_url
from app.domain.errors import DomainError
from app.domain.text import N_, _, ngettext

if TYPE_CHECKING:
    from app.services.casebase.opening import Database
    from app.services.security.users import UserInfo

Handler = Callable[[argparse.Namespace], int]
"""A command: parsed arguments in, exit status out."""

Options = list[argparse.ArgumentParser]
"""The parent parsers (``--db``, ``--user``, ``--lang``) every subcommand takes."""

Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""A collection of subcommands (``tiaojie …``, ``tiaojie case …``) a module adds to."""


PASSWORD_ENV = "TIAOJIE_PASSWORD"
"""Where a script puts the acting account's password."""
STDIN_PASSWORD: ContextVar[str | None] = ContextVar("stdin_password", default=None)
"""The first line of standard input, when the command was given ``--password-stdin``."""


class UsageError(Exception):
    """Bad command-line input; reported in one line with exit status 2."""


@contextmanager
def open_case_base(args: argparse.Namespace, *, create_folder: bool = False
                   ) -> Iterator[Database]:
    """The case base named by ``--db`` (or its defaults), disposed however the command ends.

    Opening goes through the services, so the CLI refuses a bad URL, a
    foreign file, a missing folder (unless ``create_folder``: ``init`` only)
    or a newer schema with the same message as the GUI; disposing in
    ``finally`` releases the file or the server connections even when the
    command fails.
    """
    from app.services.casebase.opening import init_database, open_database

    url = resolve_db_url(args.db)
    db = init_database(url) if create_folder else open_database(url)
    try:
        yield db
    finally:
        db.dispose()


def acting_user(db: Database, login: str, *, setup: bool = False) -> UserInfo:
    """The account a command acts as (``--user`` or the saved setting), signed in like the GUI.

    An account with a password needs it: from ``--password-stdin``, else
    ``TIAOJIE_PASSWORD``, else typed at a prompt without echo when standard
    input is a terminal.  Unknown, disabled or locked accounts and wrong
    passwords are refused (one line, exit 2; a wrong password counts toward
    the lockout).  On a real (non-demo) base whose administrators have no
    password yet, only ``setup`` commands (``user add``, ``user passwd``) may
    run; ``init`` and ``demo`` act as the system and never come here.
    """
    from app.services.casebase.workspace import password_setup_needed
    from app.services.security.users import PasswordNeeded, authenticate

    password = STDIN_PASSWORD.get()
    if password == "":
        raise UsageError(_("--password-stdin：标准输入的第一行没有密码"))
    if password is None:
        password = os.environ.get(PASSWORD_ENV) or None
    try:
        user = authenticate(db, login, password)
    except PasswordNeeded as exc:
        if not sys.stdin.isatty():
            raise UsageError(_("“{login}”需要密码：请在终端输入，或用环境变量 TIAOJIE_PASSWORD、"
                               "选项 --password-stdin 给出").format(login=login)) from exc
        user = authenticate(db, login, prompt_password(_("“{login}”的密码：").format(login=login)))
    if not setup and password_setup_needed(db, user):
        raise UsageError(_("本案件库的管理员还没有设置密码：请先运行 tiaojie user passwd {login}"
                           " 设置密码").format(login=login if user.role == "admin" else "admin"))
    return user


def prompt_password(text: str) -> str:
    """Ask for a password on the terminal without echoing it."""
    import getpass

    return getpass.getpass(text)


def run(handler: Handler, args: argparse.Namespace) -> int:
    """Run one command; whatever stops it becomes one line on stderr, never a traceback.

    A rule it breaks (bad input, an unusable database) exits 2; a full disk
    or a damaged database file exits 1 with what to do (free space, restore a
    backup).  Arguments are checked by the text rule first, and everything
    the command prints goes through :func:`printable`.
    """
    try:
        _check_arguments(args)
        with _printable_stdout():
            return handler(args)
    except (DomainError, UsageError) as exc:
        _report(exc)
        return int(getattr(exc, "exit_status", 2))
    except Exception as exc:
        from app.services.casebase.opening import storage_failure

        failure = storage_failure(exc)
        if failure is None:
            raise
        _report(failure)
        return failure.exit_status


def _report(exc: Exception) -> None:
    field = getattr(exc, "field", None)
    message = f"{field}: {exc}" if field else str(exc)
    print(one_line(printable(message)), file=sys.stderr)


PIPE_CLOSED = 141
"""Exit status when standard output's reader went away (``| head``): 128 + SIGPIPE, what a
shell reports for a command stopped the same way."""


def pipe_closed() -> int:
    """Stop quietly after the reader of standard output has gone (``tiaojie … | head``).

    Python reports the closed pipe as BrokenPipeError, and again when it
    flushes standard output on exit; pointing standard output at the null
    device lets the program end without either traceback.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    finally:
        os.close(devnull)
    return PIPE_CLOSED


INTERRUPTED = 130
"""Exit status after Ctrl-C: 128 + SIGINT, what a shell reports for a command stopped so."""


def interrupted() -> int:
    """End after Ctrl-C with one line instead of a KeyboardInterrupt traceback.

    By the time this runs the interrupt has unwound the command: its
    transaction was rolled back, and a file being written was removed, with
    the one that was there before left as it was (app/reports/files.py).
    """
    print(_("已中断"), file=sys.stderr)
    return INTERRUPTED


def _check_arguments(args: argparse.Namespace) -> None:
    """Refuse control characters, undecodable bytes and out-of-range numbers in any argument.

    The numbers a command takes (record ids, counts, limits) fit PostgreSQL's
    32-bit INTEGER; the text ones follow app.domain.text_rules (line breaks
    allowed: some are notes).  One check here covers every command.
    """
    from app.domain.limits import MAX_RECORD_ID
    from app.domain.text_rules import TextKind, text_problem

    for dest, value in sorted(vars(args).items()):
        name = dest.removesuffix("_given")
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and (problem := text_problem(item, TextKind.BLOCK)):
                raise UsageError(f"{name}: {problem}")
            if isinstance(item, int) and not isinstance(item, bool) and abs(item) > MAX_RECORD_ID:
                raise UsageError(_("{name}: 数值太大，最大为 {limit}").format(
                    name=name, limit=MAX_RECORD_ID))


UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff"
                         r"\u202a-\u202e\u2066-\u2069\u2028\u2029]")
"""What must not reach a terminal raw: controls (escape sequences, carriage returns),
lone surrogates, bidirectional overrides and Unicode line separators."""


def printable(text: str) -> str:
    """``text`` with every unprintable character shown as ``\\u`` and four hex digits.

    Line breaks and tabs stay.  The escape is also valid inside a JSON string,
    so ``--json`` output stays parseable.
    """
    return UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class _PrintableWriter:
    """A text stream that passes everything written to it through :func:`printable`."""

    def __init__(self, target: TextIO) -> None:
        self._target = target

    def write(self, text: str) -> int:
        """Write ``text`` escaped; the count is of the characters given, as callers expect."""
        self._target.write(printable(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._target, name)


@contextmanager
def _printable_stdout() -> Iterator[None]:
    """Every print of user data (names, facts, lists, JSON) escaped while a command runs."""
    original = sys.stdout
    sys.stdout = _PrintableWriter(original)
    try:
        yield
    finally:
        sys.stdout = original


def one_line(message: str) -> str:
    """``message`` with every run of whitespace (newlines too) folded into one space."""
    return " ".join(message.split())


def print_json(data: Any) -> None:
    """Machine-readable output for ``--json``: UTF-8, stable key order."""
    print(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str))


def check_limit(limit: int) -> None:
    """``--limit`` must be a positive count."""
    if limit < 1:
        raise UsageError(_("--limit 必须是正整数"))


_ARGPARSE = {
    "usage: ": N_("用法："),
    "positional arguments": N_("位置参数"),
    "options": N_("选项"),
    "show this help message and exit": N_("显示本帮助并退出"),
    "%(prog)s: error: %(message)s\n": N_("%(prog)s：错误：%(message)s\n"),
    "argument %(argument_name)s: %(message)s": N_("参数 %(argument_name)s：%(message)s"),
    "invalid choice: %(value)r (choose from %(choices)s)":
        N_("无效的选择：%(value)r（可选：%(choices)s）"),
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        N_("没有命令 %(parser_name)r（可选：%(choices)s）"),
    "invalid %(type)s value: %(value)r": N_("无效的 %(type)s 值：%(value)r"),
    "the following arguments are required: %s": N_("缺少必需的参数：%s"),
    "one of the arguments %s is required": N_("参数 %s 必须给出其中之一"),
    "unrecognized arguments: %s": N_("无法识别的参数：%s"),
    "not allowed with argument %s": N_("不能与参数 %s 同时使用"),
    "ignored explicit argument %r": N_("此选项不带值，多余的值 %r"),
    "expected one argument": N_("需要一个值"),
    "expected at most one argument": N_("最多需要一个值"),
    "expected at least one argument": N_("至少需要一个值"),
    "ambiguous option: %(option)s could match %(matches)s":
        N_("选项有歧义：%(option)s 可能是 %(matches)s"),
    "can't open '%(filename)s': %(error)s": N_("无法打开“%(filename)s”：%(error)s"),
}
"""argparse's own messages (usage, errors, -h) → the program's message ids."""


def _argparse_text(message: str) -> str:
    key = _ARGPARSE.get(message)
    if key is None:
        return message
    translated = _(key)
    # Until a catalogue translates a message, English users get argparse's own words.
    return message if translated == key and i18n.current_locale() != "zh_CN" else translated


def _argparse_plural(singular: str, plural: str, n: int) -> str:
    if singular != "expected %s argument":
        return singular if n == 1 else plural
    translated = ngettext("需要 %s 个值", "需要 %s 个值", n)
    if translated == "需要 %s 个值" and i18n.current_locale() != "zh_CN":
        return singular if n == 1 else plural
    return translated


def translate_argparse() -> None:
    """Route argparse's own messages through the program's catalogue.

    argparse looks its words up with the standard ``gettext`` as it formats
    help and errors, in a domain the program has no catalogue for; pointing
    its two lookups at :func:`_argparse_text` makes ``用法：`` and
    ``错误：无效的选择`` follow ``--lang`` like every other line.
    """
    setattr(argparse, "_", _argparse_text)  # noqa: B010 - argparse's stubs omit it
    setattr(argparse, "ngettext", _argparse_plural)  # noqa: B010


def read_json(path: str) -> Any:
    """The JSON document in ``path``, as a clerk saved it: UTF-8 with or without the BOM
    Windows Notepad writes, or GB18030 from older editors."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(_("无法读取文件 {file}：{reason}").format(
            file=path, reason=exc.strerror or exc)) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise UsageError(_("{file} 不是 UTF-8 或 GB18030 编码的文本").format(
                file=path)) from exc
    try:
        return json.loads(text)
    except ValueError as exc:
        raise UsageError(_("{file} 不是有效的 JSON：第{line}行第{column}列有误").format(
            file=path, line=getattr(exc, "lineno", 1), column=getattr(exc, "colno", 1))) from exc
