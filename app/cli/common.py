"""What every command module shares: bad input, JSON output, the opened case base, exit codes.

Command modules import this module and nothing else of the CLI, and they
import the services, documents and reports layers only inside their handler
functions: building the parser for ``--help`` then loads no more than
app.domain, app.i18n and app.config, and answers at once.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeAlias

from app.config import resolve_db_url
from app.domain.errors import DomainError
from app.domain.text import _

if TYPE_CHECKING:
    from app.services.casebase.opening import Database
    from app.services.security.users import UserInfo

Handler = Callable[[argparse.Namespace], int]
"""A command: parsed arguments in, exit status out."""

Options = list[argparse.ArgumentParser]
"""The parent parsers (``--db``, ``--user``, ``--lang``) every subcommand takes."""

Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""A collection of subcommands (``tiaojie …``, ``tiaojie case …``) a module adds to."""


class UsageError(Exception):
    """Bad command-line input; reported in one line with exit status 2."""


@contextmanager
def open_case_base(args: argparse.Namespace) -> Iterator[Database]:
    """The case base named by ``--db`` (or its defaults), disposed however the command ends.

    Opening goes through the services, so the CLI refuses a bad URL or a
    newer schema with the same message as the GUI; disposing in ``finally``
    releases the file or the server connections even when the command fails.
    """
    from app.services.casebase.opening import open_database

    db = open_database(resolve_db_url(args.db))
    try:
        yield db
    finally:
        db.dispose()


def acting_user(db: Database, login: str, *, unknown_ok: bool = False) -> UserInfo:
    """The account a command acts as (``--user`` or the saved setting), resolved once.

    Every service call takes the acting :class:`UserInfo`.  Commands that never
    required ``--user`` to name an account (lists, the audit check, the
    mediation steps, documents, accounts) pass ``unknown_ok``: a login without
    an account then acts as an inactive viewer of that login, so they work and
    audit under the given login exactly as before; the others refuse it.
    """
    from app.services.errors import NotFoundError
    from app.services.security.users import UserInfo, get_user

    try:
        return get_user(db, login)
    except NotFoundError:
        if not unknown_ok:
            raise
        return UserInfo(login, login, "viewer", None, False)


def run(handler: Handler, args: argparse.Namespace) -> int:
    """Run one command; a rule it breaks becomes one line on stderr and exit status 2."""
    try:
        return handler(args)
    except (DomainError, UsageError) as exc:
        field = getattr(exc, "field", None)
        message = f"{field}: {exc}" if field else str(exc)
        print(one_line(message), file=sys.stderr)
        return 2


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
