"""Create, upgrade and check the database schema — only ever through Alembic.

A database written by an older release is upgraded in place; one written by a
newer release (a revision this program does not know) is refused untouched,
because guessing at an unknown schema could corrupt a case base.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from app.domain.errors import DomainError
from app.domain.text import _

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class SchemaError(DomainError):
    """The database cannot be used as it is (too new, or not a Tiaojie database)."""


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    """The newest revision this release knows."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision stamped in the database, or None for an empty one."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def check_compatible(engine: Engine) -> None:
    """Refuse databases from a newer release or foreign databases, before touching them."""
    revision = current_revision(engine)
    if revision is None:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
        if tables & {"cases", "parties"}:
            raise SchemaError(_("这个数据库不是调解台创建的，或已损坏：缺少版本标记。"))
        return
    scripts = ScriptDirectory.from_config(_config())
    known = {rev.revision for rev in scripts.walk_revisions()}
    if revision not in known:
        raise SchemaError(
            _(
                "这个数据库由更新版本的调解台写入（结构版本 {revision}），"
                "本程序无法安全打开。请升级调解台后再试；数据库未被改动。"
            ).format(revision=revision)
        )


def upgrade(engine: Engine, target: str = "head") -> None:
    """Bring the schema to ``target`` (default: this release's head); a no-op when it is there.

    Returning early matters: a migration run checks every foreign key of the
    database afterwards, which takes seconds on a million cases.
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
