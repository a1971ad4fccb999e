"""Suite-wide fixtures: isolated settings, a database of its own per test on SQLite and PostgreSQL.

Tests never touch the user's real settings or data folder.  PostgreSQL tests
run against a throwaway cluster the suite starts itself; on CI (CI=true) a
missing server is a failure, never a skip.  ``sqlite_url``/``pg_url``/``any_url``
name empty databases, for tests of migrating or initialising one; the
``migrated_*`` URLs and ``db``/``sqlite_db`` are private copies of a schema
migrated once per session (tests/support/templates.py).
"""

from __future__ import annotations

import faulthandler
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("TIAOJIE_DB", None)
# One home for the whole session, before any fixture runs: templates and
# module-scoped fixtures write audit entries, whose key and head file must
# never land in the real user's config folder, and must be the same key the
# tests later verify with.  Each test still gets its own folders (_isolated_home).
os.environ["TIAOJIE_TEST_HOME"] = tempfile.mkdtemp(prefix="tiaojie-tests-")
os.environ["TIAOJIE_CONFIG_DIR"] = os.path.join(os.environ["TIAOJIE_TEST_HOME"], "config")
os.environ["TIAOJIE_DATA_DIR"] = os.path.join(os.environ["TIAOJIE_TEST_HOME"], "data")
os.environ["TIAOJIE_AUDIT_KEY_FILE"] = os.path.join(os.environ["TIAOJIE_TEST_HOME"], "audit.key")

from app.store.database import Database
from tests.support.pgcluster import ClusterUnavailable, PgCluster
from tests.support.templates import (
    MIGRATED,
    SMALL_DEMO,
    PgDatabases,
    SqliteTemplates,
    activate,
    private_copy,
)

ON_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
HARD_LIMIT_S = 300
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Remove the session's home (audit key, templates' settings): nothing is left in /tmp."""
    shutil.rmtree(os.environ["TIAOJIE_TEST_HOME"], ignore_errors=True)


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


@pytest.fixture(scope="session")
def pg_databases(pg_cluster: PgCluster | str) -> Iterator[PgDatabases]:
    """Creates, clones and drops the per-test databases on the test server."""
    databases = PgDatabases(pg_cluster if isinstance(pg_cluster, str) else pg_cluster.url())
    yield databases
    databases.close()


@pytest.fixture(scope="session", autouse=True)
def sqlite_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqliteTemplates]:
    """The session's SQLite template files, built on first use (other tests pay nothing)."""
    with activate(SqliteTemplates(tmp_path_factory.mktemp("templates"))) as templates:
        yield templates


@pytest.fixture
def pg_url(pg_databases: PgDatabases) -> Iterator[str]:
    """A brand-new empty PostgreSQL database for one test, dropped afterwards."""
    url = pg_databases.create_empty()
    yield url
    pg_databases.drop(url)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh, empty SQLite file for one test."""
    return f"sqlite:///{tmp_path / 'case-base.db'}"


@pytest.fixture(params=BACKENDS)
def any_url(request: pytest.FixtureRequest) -> str:
    """An empty database, once as a SQLite file and once on the real PostgreSQL server."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def migrated_pg_url(request: pytest.FixtureRequest) -> str:
    """The test's own PostgreSQL database with the schema at head, dropped afterwards."""
    return private_copy(request, MIGRATED, "postgresql")


@pytest.fixture
def migrated_sqlite_url(request: pytest.FixtureRequest) -> str:
    """The test's own SQLite file with the schema at head."""
    return private_copy(request, MIGRATED, "sqlite")


@pytest.fixture(params=BACKENDS)
def migrated_url(request: pytest.FixtureRequest) -> str:
    """The test's own database with the schema at head, on each backend."""
    return private_copy(request, MIGRATED, str(request.param))


@pytest.fixture
def db(migrated_url: str) -> Iterator[Database]:
    """An upgraded, empty case base on each backend."""
    database = Database(migrated_url)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(migrated_sqlite_url: str) -> Iterator[Database]:
    """An upgraded SQLite case base, for tests whose subject is not the backend."""
    database = Database(migrated_sqlite_url)
    yield database
    database.dispose()


@pytest.fixture(params=BACKENDS)
def small_demo(request: pytest.FixtureRequest) -> Iterator[Database]:
    """The test's own copy of the 60-case demo county (seed 7), on each backend."""
    database = Database(private_copy(request, SMALL_DEMO, str(request.param)))
    yield database
    database.dispose()
