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
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from app.domain.errors import DomainError
from app.domain.text import _

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
REVISIONS = ("0001", "0002", "0003", "0004")
"""Every revision this release knows, oldest first; the last one is the head."""
VERSION_TABLE = "alembic_version"


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


def current_revision(engine: Engine) -> str | None:
    """The revision stamped in the database, or None for an empty one."""
    with engine.connect() as conn:
        if not inspect(conn).has_table(VERSION_TABLE):
            return None
        return conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


def check_compatible(engine: Engine) -> None:
    """Refuse databases from a newer release or foreign databases, before touching them."""
    revision = current_revision(engine)
    if revision is None:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
        if tables & {"cases", "parties"}:
            raise SchemaError(_("这个数据库不是调解台创建的，或已损坏：缺少版本标记。"))
        return
    if revision not in REVISIONS:
        raise SchemaError(
            _(
                "这个数据库由更新版本的调解台写入（结构版本 {revision}），"
                "本程序无法安全打开。请升级调解台后再试；数据库未被改动。"
            ).format(revision=revision)
        )


def upgrade(engine: Engine, target: str = "head") -> None:
    """Bring the schema to ``target`` (default: this release's head); a no-op when it is there.

    Returning early matters: a migration run checks every foreign key of the
    database afterwards, which takes seconds on a million cases, and importing
    Alembic alone costs a noticeable part of a cold start.
    """
    check_compatible(engine)
    wanted = head_revision() if target == "head" else target
    if current_revision(engine) == wanted:
        return
    _run(engine, "upgrade", target)


def downgrade(engine: Engine, target: str) -> None:
    """Step the schema back; used by tests and by support staff, never by the GUI."""
    _run(engine, "downgrade", target)


def _run(engine: Engine, action: str, target: str) -> None:
    """Run a migration in one transaction.

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
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                getattr(command, action)(cfg, target)
                if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise SchemaError(_("数据库升级后外键检查未通过，升级已撤销，数据未改动。"))
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")
