"""Case bases built once per test session and handed to each test as a private copy.

Running every Alembic migration, or generating a demo county, costs far more
than most tests that need the result; yet each test must be free to write to
its own database.  So each kind of case base (a *recipe*) is built once into a
template and copied per test: a SQLite template is a file copied with
``shutil.copyfile``, a PostgreSQL template a database cloned with
``CREATE DATABASE … TEMPLATE``.  Tests of migrating or initialising an empty
database do not use these; they get an empty one from tests/conftest.py.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.store import schema
from app.store.database import Database


@dataclass(frozen=True)
class Recipe:
    """A case base to build once: the migrated schema, then ``fill`` (if any) on top.

    ``name`` identifies the template, so two recipes with one name must build
    the same data.
    """

    name: str
    fill: Callable[[Database], Any] | None = None


MIGRATED = Recipe("migrated")
"""The empty schema at this release's head revision."""


DEMO_TODAY = date(2026, 11, 23)
"""The day the test demo counties run up to (the generator's own default is the real date)."""


def demo_county(cases: int, seed: int) -> Recipe:
    """The demo generator's county with ``cases`` cases from ``seed`` on the migrated schema."""

    def fill(db: Database) -> None:
        from app.demo.generator import generate_demo

        generate_demo(db, cases=cases, seed=seed, today=DEMO_TODAY)

    return Recipe(f"demo_{cases}_{seed}", fill)


DEMO_COUNTY = demo_county(300, seed=7)
"""The demo county the GUI and document tests read and write their copies of."""
SMALL_DEMO = demo_county(60, seed=7)
"""A smaller county for service tests that need realistic cases on both backends."""


def _build(database: Database, recipe: Recipe) -> None:
    if recipe.fill is None:
        schema.upgrade(database.engine)
    else:
        recipe.fill(database)


class SqliteTemplates:
    """Template files in one session folder; ``copy`` gives a test its own file."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._built: dict[str, Path] = {}

    def copy(self, recipe: Recipe, target: Path) -> str:
        """Copy the recipe's template (built on first use) to ``target``; its URL."""
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.template(recipe), target)
        return f"sqlite:///{target}"

    def template(self, recipe: Recipe) -> Path:
        """The finished template file, built the first time it is asked for."""
        if recipe.name not in self._built:
            path = self._folder / f"{recipe.name}.db"
            if recipe.fill is not None:
                shutil.copyfile(self.template(MIGRATED), path)
            database = Database(f"sqlite:///{path}")
            try:
                _build(database, recipe)
                with database.engine.connect() as conn:
                    conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            except BaseException:
                database.dispose()
                path.unlink(missing_ok=True)
                raise
            database.dispose()
            _assert_self_contained(path)
            self._built[recipe.name] = path
        return self._built[recipe.name]


def _assert_self_contained(path: Path) -> None:
    """Only the main file is copied, so no committed page may still sit in the WAL."""
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0, f"{wal} still holds pages"


_active: SqliteTemplates | None = None


@contextmanager
def activate(templates: SqliteTemplates) -> Iterator[SqliteTemplates]:
    """Make ``templates`` the session's store for helpers that are not fixtures."""
    global _active
    _active = templates
    try:
        yield templates
    finally:
        _active = None


def sqlite_templates() -> SqliteTemplates:
    """The session's SQLite templates (the ``sqlite_templates`` fixture must be active)."""
    assert _active is not None, "the sqlite_templates session fixture is not active"
    return _active


def private_copy(request: pytest.FixtureRequest, recipe: Recipe, backend: str) -> str:
    """URL of the requesting fixture's own copy of ``recipe`` on ``backend``.

    A PostgreSQL copy is dropped when the fixture's scope ends; a SQLite copy
    lives in the scope's temporary folder.
    """
    if backend == "sqlite":
        folder: Path = (request.getfixturevalue("tmp_path") if request.scope == "function"
                        else request.getfixturevalue("tmp_path_factory").mktemp(recipe.name))
        templates: SqliteTemplates = request.getfixturevalue("sqlite_templates")
        return templates.copy(recipe, folder / "case-base.db")
    databases: PgDatabases = request.getfixturevalue("pg_databases")
    url = databases.clone(recipe)
    request.addfinalizer(lambda: databases.drop(url))
    return url


class PgDatabases:
    """Per-test databases on one PostgreSQL server: empty ones, and clones of templates."""

    def __init__(self, admin_url: str) -> None:
        self._url = make_url(admin_url)
        self._admin = create_engine(self._url, isolation_level="AUTOCOMMIT")
        self._session = uuid.uuid4().hex[:8]
        self._templates: dict[str, str] = {}

    def create_empty(self) -> str:
        """A brand-new empty database; its URL."""
        return self._create("t_" + uuid.uuid4().hex[:12], "template0")

    def clone(self, recipe: Recipe) -> str:
        """A new database copied from the recipe's template (built on first use); its URL."""
        return self._create("t_" + uuid.uuid4().hex[:12], self._template(recipe))

    def drop(self, url: str) -> None:
        """Drop a database made by ``create_empty`` or ``clone``, closing its connections."""
        self._execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')

    def close(self) -> None:
        """Drop the templates and close the admin connection."""
        for name in self._templates.values():
            self._execute(f'ALTER DATABASE "{name}" WITH IS_TEMPLATE false')
            self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._admin.dispose()

    def _template(self, recipe: Recipe) -> str:
        """Build the template once; it then accepts no connections, so cloning never waits."""
        if recipe.name not in self._templates:
            name = f"tiaojie_template_{recipe.name}_{self._session}"
            source = "template0" if recipe.fill is None else self._template(MIGRATED)
            database = Database(self._create(name, source))
            try:
                _build(database, recipe)
            except BaseException:
                database.dispose()
                self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                raise
            database.dispose()
            self._execute(f'ALTER DATABASE "{name}" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false')
            self._templates[recipe.name] = name
        return self._templates[recipe.name]

    def _create(self, name: str, template: str) -> str:
        encoding = " ENCODING 'UTF8'" if template == "template0" else ""
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"{encoding}')
        return self._url.set(database=name).render_as_string(hide_password=False)

    def _execute(self, sql: str) -> None:
        with self._admin.connect() as conn:
            conn.execute(text(sql))
