"""One place that turns a database URL into a configured engine.

SQLite gets WAL (readers never wait for the writer), enforced foreign keys and
synchronous=FULL (a power cut in a village office must not lose a saved case),
plus explicit BEGIN handling so that write transactions take the write lock
up front (``BEGIN IMMEDIATE``, or ``BEGIN EXCLUSIVE`` for a migration) instead
of failing half-way when two clerks save at once.  A new SQLite file is
created ``0600`` before SQLite opens it (its ``-wal`` and ``-shm`` files take
the same mode); no folder is ever created here.  PostgreSQL goes through
psycopg 3, with its JIT compiler off for the program's sessions: at a million
cases the planner's cost estimates of ordinary list and count queries pass
its threshold, and compiling them took longer (100–200 ms) than running them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from app.domain.errors import DomainError
from app.domain.text import _
from app.paths import create_private_file

WRITE_OPTION = "tiaojie_write"
"""Execution option: True begins ``BEGIN IMMEDIATE``, :data:`EXCLUSIVE` ``BEGIN EXCLUSIVE``."""
EXCLUSIVE: Literal["exclusive"] = "exclusive"


class DatabaseUrlError(DomainError):
    """The URL cannot name a database this program can use."""


def parse_url(url: str) -> URL:
    """Validate a user-supplied URL and normalise PostgreSQL to the psycopg 3 driver."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseUrlError(_("无法识别的数据库地址：{url}").format(url=url)) from exc
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        if parsed.drivername in ("postgresql", "postgres"):
            parsed = parsed.set(drivername="postgresql+psycopg")
        return parsed
    if backend == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise DatabaseUrlError(_("SQLite 数据库必须是一个文件：{url}").format(url=url))
        return parsed
    raise DatabaseUrlError(
        _("不支持的数据库类型“{name}”：请使用 SQLite 文件或 PostgreSQL。").format(name=backend)
    )


def sqlite_path(url: str) -> Path | None:
    """The file a SQLite URL names (as SQLite will open it); None for a server URL."""
    parsed = parse_url(url)
    return Path(parsed.database or "") if parsed.get_backend_name() == "sqlite" else None


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create the engine for ``url`` with the pragmas and options this app relies on."""
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or "")
        if path.parent.is_dir():
            create_private_file(path)
        engine = create_engine(parsed, connect_args={"timeout": 30}, **kwargs)
        _configure_sqlite(engine)
        return engine
    try:
        return create_engine(
            parsed,
            pool_pre_ping=True,
            connect_args={"connect_timeout": 5, "application_name": "tiaojie",
                          "options": "-c jit=off"},
            **kwargs,
        )
    except NoSuchModuleError as exc:
        raise DatabaseUrlError(str(exc)) from exc


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        write = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql(
            "BEGIN EXCLUSIVE" if write == EXCLUSIVE else "BEGIN IMMEDIATE" if write else "BEGIN")
