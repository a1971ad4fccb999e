"""Opening a case base: validate the URL, reach the server, create or upgrade the schema.

Both the GUI and the CLI come through here, so a bad URL, an unreachable
server or a database from a newer release gives the same clear message
everywhere, and no case data is written before the checks pass.

A SQLite path is looked at before anything opens it: a file that is not a
Tiaojie case base (another program's database, a damaged file) is refused
byte-identical, and a path whose folder does not exist is refused — a typo
must not silently start an empty case base somewhere.  Only ``tiaojie init``
creates missing folders (``0700``); a new file in an existing folder (the
GUI's "choose a new file") is how a user starts a new case base.

A full disk or a damaged file is a :class:`StorageFailure`: one sentence
naming the cause and what to do, which the CLI reports with exit status 1.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from app.domain.errors import DomainError
from app.domain.text import _
from app.paths import make_private_folder
from app.services.security.users import ensure_admin
from app.store import schema
from app.store.database import Database as Database  # re-exported for the CLI's hints
from app.store.engine import sqlite_path
from app.store.failures import failure_kind
from app.store.models import Case
from app.store.sqlite_file import read_contents


class DatabaseUnavailable(DomainError):
    """The database could not be reached or opened."""


class StorageFailure(DatabaseUnavailable):
    """The disk is full or failing, or the database file is damaged: not the user's input."""

    exit_status = 1
    """The CLI's exit status: a check that ran and failed, not bad input."""


def storage_failure(exc: BaseException) -> StorageFailure | None:
    """``exc`` as a one-sentence :class:`StorageFailure` if storage caused it, else None."""
    if isinstance(exc, StorageFailure):
        return exc
    kind = failure_kind(exc)
    if kind is None:
        return None
    if kind == "full":
        message = _("存储空间已满，这次操作没有保存。请清理磁盘空间（数据库在服务器上时，"
                    "请管理员扩充服务器空间）后再试。")
    elif kind == "io":
        message = _("读写数据库时发生磁盘错误，这次操作没有保存。请检查磁盘或网络连接，"
                    "必要时从备份恢复案件库。")
    elif kind == "readonly":
        message = _("数据库只能读、不能写，这次操作没有保存。请检查数据库文件及其文件夹的写权限。")
    else:
        message = _("数据库文件已损坏，或不是数据库文件（{reason}）。请检查数据库路径；"
                    "如果这是您的案件库，请从备份恢复。").format(reason=_reason(exc))
    return StorageFailure(message)


def _reason(exc: BaseException) -> str:
    message = str(getattr(exc, "orig", exc) or exc).strip().splitlines()
    return message[0] if message else exc.__class__.__name__


def _unavailable(template: str, db: Database, exc: Exception) -> DatabaseUnavailable:
    return storage_failure(exc) or DatabaseUnavailable(
        template.format(name=db.display_name, reason=_reason(exc)))


def _check_file(url: str, *, create_folder: bool) -> None:
    """Refuse a SQLite path before any connection of the program's own touches it."""
    path = sqlite_path(url)
    if path is None:
        return
    if not path.parent.is_dir():
        if not create_folder:
            raise DatabaseUnavailable(_(
                "数据库文件所在的文件夹不存在：{folder}。请检查路径；要在新文件夹中建立案件库，"
                "请先建好文件夹，或使用 tiaojie init。").format(folder=path.parent))
        make_private_folder(path.parent)
        return
    try:
        contents = read_contents(path)
    except (sqlite3.Error, OSError) as exc:
        raise storage_failure(exc) or DatabaseUnavailable(
            _("无法打开数据库文件 {path}：{reason}").format(path=path, reason=_reason(exc))
        ) from exc
    if contents is not None:
        problem = schema.compatibility_problem(contents.tables, contents.revision)
        if problem is not None:
            raise schema.SchemaError(problem)


def test_connection(url: str) -> None:
    """Connect once and run a trivial query; raise a user-readable error otherwise.

    For SQLite this creates the file if it does not exist yet (in a folder
    that does): choosing a new file in the database dialog is how a user
    starts a new case base.  An existing file that is not a case base is
    refused untouched.
    """
    _check_file(url, create_folder=False)
    db = Database(url)
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except (OperationalError, DBAPIError) as exc:
        raise _unavailable(_("无法连接数据库 {name}：{reason}"), db, exc) from exc
    finally:
        db.dispose()


def open_database(url: str) -> Database:
    """Check, connect, upgrade the schema, ensure an admin exists; refused bases stay untouched.

    A SQLite path whose folder does not exist is refused.
    """
    _check_file(url, create_folder=False)
    return _open(url)


def init_database(url: str) -> Database:
    """:func:`open_database` for ``tiaojie init``: a SQLite file's missing folders are created."""
    _check_file(url, create_folder=True)
    return _open(url)


def _open(url: str) -> Database:
    db = Database(url)
    try:
        schema.upgrade(db.engine)
        _ensure_admin(db)
    except (OperationalError, DBAPIError) as exc:
        db.dispose()
        raise _unavailable(_("无法打开数据库 {name}：{reason}"), db, exc) from exc
    except DomainError:
        db.dispose()
        raise
    return db


def _ensure_admin(db: Database) -> None:
    """Create the first account; when another program starting at the same moment won, use its."""
    try:
        ensure_admin(db)
    except IntegrityError:
        ensure_admin(db)


def schema_revision(db: Database) -> str | None:
    """The schema revision stamped in the case base, so ``tiaojie init`` can report it."""
    return schema.current_revision(db.engine)


def is_empty(db: Database) -> bool:
    """True when no case has been registered yet (first start).

    Asks for one row, not a count: every start asks, and counting a large
    base's cases costs milliseconds per 100,000.
    """
    with db.session() as s:
        return s.execute(select(Case.id).limit(1)).first() is None
