"""Suite-wide fixtures: isolated settings, a fresh database per test on SQLite and PostgreSQL.

Tests never touch the user's real settings or data folder.  PostgreSQL tests
run against a throwaway cluster the suite starts itself; on CI (CI=true) a
missing server is a failure, never a skip.
"""

from __future__ import annotations

import faulthandler
import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("TIAOJIE_DB", None)

from tests.support.pgcluster import ClusterUnavailable, PgCluster

ON_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
HARD_LIMIT_S = 300


@pytest.fixture(autouse=True)
def _hard_time_limit() -> Iterator[None]:
    """Dump every thread's stack and stop the run if one test takes five minutes.

    pytest-timeout needs the GIL to act; a deadlock between the GIL and a Qt
    lock holds it forever.  faulthandler's watchdog is a C thread that needs
    no GIL, so even then the run ends with the stacks printed.
    """
    faulthandler.dump_traceback_later(HARD_LIMIT_S, exit=True, file=sys.stderr)
    yield
    faulthandler.cancel_dump_traceback_later()


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Own settings and data folders per test, and Chinese as the starting language."""
    from app import i18n

    monkeypatch.setenv("TIAOJIE_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("TIAOJIE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("TIAOJIE_DB", raising=False)
    i18n.activate("zh_CN")
    yield
    i18n.activate("zh_CN")


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster | str]:
    """The throwaway server (or an external one named by TIAOJIE_TEST_PG_URL)."""
    external = os.environ.get("TIAOJIE_TEST_PG_URL")
    if external:
        yield external
        return
    try:
        cluster = PgCluster()
        cluster.start()
    except ClusterUnavailable as exc:
        if ON_CI:
            pytest.fail(f"PostgreSQL is required on CI but could not start: {exc}")
        pytest.skip(f"PostgreSQL not available here: {exc}")
    yield cluster
    cluster.stop()


def _pg_admin_url(cluster: PgCluster | str) -> str:
    return cluster if isinstance(cluster, str) else cluster.url()


@pytest.fixture
def pg_url(pg_cluster: PgCluster | str) -> Iterator[str]:
    """A brand-new empty PostgreSQL database for one test, dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin_url = make_url(_pg_admin_url(pg_cluster))
    name = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\''))
    yield admin_url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh SQLite file for one test."""
    return f"sqlite:///{tmp_path / 'case-base.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def any_url(request: pytest.FixtureRequest) -> str:
    """Run the test once on a SQLite file and once on the real PostgreSQL server."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def db(any_url: str) -> Iterator[object]:
    """An upgraded, empty case base on each backend."""
    from app.store import schema
    from app.store.database import Database

    database = Database(any_url)
    schema.upgrade(database.engine)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(sqlite_url: str) -> Iterator[object]:
    """An upgraded SQLite case base, for tests whose subject is not the backend."""
    from app.store import schema
    from app.store.database import Database

    database = Database(sqlite_url)
    schema.upgrade(database.engine)
    yield database
    database.dispose()
