"""Create, upgrade and check the database schema — only ever through Alembic.

A database written by an older release is upgraded in place; one written by a
newer release (a revision this program does not know) is refused untouched,
because guessing at an unknown schema could corrupt a case base.

Opening a database that is already up to date is the common case (every start
of the program), so it is answered from :data:`REVISIONS` and one read of the
``alembic_version`` table; Alembic itself, its script directory and the
migration modules are imported only when a migration really runs.
``tests/store/test_migrations.py`` keeps :data:`REVISIONS` equal to the
migration scripts.

A database that has tables but no version stamp belongs to some other
program and is refused untouched; only an empty one is initialised.

Migrations run under a lock, so several programs starting a new release at
the same moment all succeed: the first migrates, the others wait, find the
schema current and go on.  PostgreSQL takes a transaction-scoped advisory
lock (concurrent ``CREATE TABLE`` would otherwise collide in ``pg_type``);
SQLite begins the migration's transaction ``EXCLUSIVE`` and retries while
another program holds the file.
"""

from __future__ import annotations

import time
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import OperationalError

from app.domain.errors import DomainError
from app.domain.text import _
from app.store.engine import EXCLUSIVE, WRITE_OPTION

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009",
             "0010", "0011", "0012", "0013", "0014")
"""Every revision this release knows, oldest first; the last one is the head."""
VERSION_TABLE = "alembic_version"
MIGRATION_LOCK = 0x7469616F6A6965
"""PostgreSQL advisory lock key held while migrating ("tiaojie" in ASCII)."""
ATTEMPTS = 6
"""How often a SQLite migration is tried while another program holds the file."""
SQLITE_BUSY = frozenset({5, 6})
"""SQLITE_BUSY and SQLITE_LOCKED: someone else holds the lock; worth trying again."""


class SchemaError(DomainError):
    """The database cannot be used as it is (too new, or not a Tiaojie database)."""


def _config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    """The newest revision this release knows."""
    return REVISIONS[-1]


def script_revisions() -> tuple[str, ...]:
    """The revisions of the migration scripts themselves, oldest first (for a test)."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(_config())
    return tuple(reversed([rev.revision for rev in scripts.walk_revisions()]))


def _revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table(VERSION_TABLE):
        return None
    return conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


def current_revision(engine: Engine) -> str | None:
    """The revision stamped in the database, or None for an empty one."""
    with engine.connect() as conn:
        return _revision(conn)


def compatibility_problem(tables: Collection[str], revision: str | None) -> str | None:
    """Why a database holding ``tables`` at ``revision`` may not be opened, or None.

    Shared by the check on an open connection and the read-only look at a
    SQLite file taken before any connection of the program's own.
    """
    if revision is None:
        if set(tables) - {VERSION_TABLE}:
            return _("这个数据库不是调解台的案件库（有其他数据表，没有调解台的版本标记），"
                     "本程序没有改动它。请检查数据库地址。")
        return None
    if revision not in REVISIONS:
        return _(
            "这个数据库由更新版本的调解台写入（结构版本 {revision}），"
            "本程序无法安全打开。请升级调解台后再试；数据库未被改动。"
        ).format(revision=revision)
    return None


def _refuse_incompatible(conn: Connection) -> str | None:
    """The connection's revision, after refusing a foreign or newer database."""
    revision = _revision(conn)
    tables = inspect(conn).get_table_names() if revision is None else ()
    problem = compatibility_problem(tables, revision)
    if problem is not None:
        raise SchemaError(problem)
    return revision


def check_compatible(engine: Engine) -> None:
    """Refuse databases from a newer release or foreign databases, before touching them."""
    with engine.connect() as conn:
        _refuse_incompatible(conn)


def upgrade(engine: Engine, target: str = "head") -> None:
    """Bring the schema to ``target`` (default: this release's head); a no-op when it is there.

    Returning early matters: a migration run checks every foreign key of the
    database afterwards, which takes seconds on a million cases, and importing
    Alembic alone costs a noticeable part of a cold start.  Under the lock the
    revision is read again: another program may have migrated meanwhile.
    """
    wanted = head_revision() if target == "head" else target
    with engine.connect() as conn:
        if _refuse_incompatible(conn) == wanted:
            return
    _run(engine, "upgrade", target, unless_at=wanted)


def downgrade(engine: Engine, target: str) -> None:
    """Step the schema back; used by tests and by support staff, never by the GUI."""
    _run(engine, "downgrade", target)


def _run(engine: Engine, action: str, target: str, unless_at: str | None = None) -> None:
    """Run a migration under the lock, trying again while another SQLite program holds it."""
    for attempt in range(ATTEMPTS):
        try:
            _run_locked(engine, action, target, unless_at)
            return
        except OperationalError as exc:
            code = getattr(exc.orig, "sqlite_errorcode", None)
            if code is None or code & 0xFF not in SQLITE_BUSY or attempt + 1 == ATTEMPTS:
                raise
            time.sleep(0.2 * 2**attempt)


def _run_locked(engine: Engine, action: str, target: str, unless_at: str | None) -> None:
    """Run a migration in one locked transaction; skip it if the schema is already ``unless_at``.

    On SQLite, Alembic's batch mode rebuilds a table by copying it, which
    enforced foreign keys would block once rows point at it; so they are
    switched off around the migration (SQLite only allows that outside a
    transaction) and the result is checked before commit.
    """
    from alembic import command

    cfg = _config()
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        raw = conn.connection.driver_connection if sqlite else None
        if raw is not None:
            raw.execute("PRAGMA foreign_keys=OFF")
            conn.execution_options(**{WRITE_OPTION: EXCLUSIVE})
        try:
            with conn.begin():
                if not sqlite:
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                                 {"key": MIGRATION_LOCK})
                if unless_at is not None and _refuse_incompatible(conn) == unless_at:
                    return
                cfg.attributes["connection"] = conn
                getattr(command, action)(cfg, target)
                if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise SchemaError(_("数据库升级后外键检查未通过，升级已撤销，数据未改动。"))
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")
