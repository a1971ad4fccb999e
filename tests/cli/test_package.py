"""How the ``tiaojie`` package is built: help without heavy imports, no ORM, disposal on failure."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.pool import QueuePool

from app.services.casebase import opening
from app.store.database import Database
from tests.cli.support import case_base, run

CLI = Path(__file__).resolve().parents[2] / "app" / "cli"
HEAVY = {"PySide6", "shiboken6", "sqlalchemy", "alembic", "reportlab", "docx", "pypdf",
         "openpyxl", "argon2", "pypinyin"}
"""Libraries ``--help`` must not load: each costs a noticeable part of a second."""
LAYERS = ("app.store", "app.services", "app.documents", "app.reports", "app.ui", "app.demo")

HELP_PROBE = """
import contextlib, io, json, sys
from app.cli import main
codes = []
with contextlib.redirect_stdout(io.StringIO()):
    for argv in (["--help"], *([group, "--help"] for group in sys.argv[1:])):
        try:
            codes.append(main(argv))
        except SystemExit as exc:
            codes.append(exc.code)
print(json.dumps({"codes": codes, "modules": sorted(sys.modules)}))
"""


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_help_loads_no_heavy_library_and_no_lower_layer() -> None:
    groups = ["case", "meeting", "user", "audit", "doc", "overdue", "search", "demo"]
    result = subprocess.run([sys.executable, "-c", HELP_PROBE, *groups],
                            capture_output=True, text=True, timeout=60, check=True)
    probe = json.loads(result.stdout)
    assert probe["codes"] == [0] * (len(groups) + 1)
    modules: list[str] = probe["modules"]
    assert sorted({m.split(".")[0] for m in modules} & HEAVY) == []
    assert [m for m in modules if m.startswith(LAYERS)] == []


@pytest.mark.parametrize("path", sorted(p for p in CLI.glob("*.py")
                                        if p.stem not in ("__init__", "parser")),
                         ids=lambda p: p.name)
def test_command_modules_share_only_common(path: Path) -> None:
    siblings = {m for m in _imports(path) if m.startswith("app.cli")}
    allowed = {"app.cli.common"} | {m for m in siblings if m.startswith("app.cli.common.")}
    assert siblings <= allowed


def _watch_pools(monkeypatch: pytest.MonkeyPatch) -> list[QueuePool]:
    """The connection pool of every case base the CLI opens (through the real service).

    Disposing an engine closes its pool's connections and gives the engine a
    fresh pool, so the pool is taken when the case base is opened.
    """
    pools: list[QueuePool] = []
    real: Callable[[str], Database] = opening.open_database

    def open_and_record(url: str) -> Database:
        db = real(url)
        assert isinstance(db.engine.pool, QueuePool)
        pools.append(db.engine.pool)
        return db

    monkeypatch.setattr(opening, "open_database", open_and_record)
    return pools


def test_case_base_is_disposed_when_the_command_fails(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    with case_base(tmp_path) as (_db, url):
        pools = _watch_pools(monkeypatch)
        code, out, err = run(capsys, "--db", url, "case", "show", "（2026）象调字第999号")
        assert code == 2 and out == "" and err.strip()
        (pool,) = pools
        assert pool.checkedin() == 0 and pool.checkedout() == 0


def test_case_base_is_disposed_when_a_service_crashes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from app.services.security import audit

    def crash(db: Database, _actor: object, **_options: object) -> None:
        with db.session() as s:
            s.connection()
        raise RuntimeError("disk on fire")

    with case_base(tmp_path) as (_db, url):
        pools = _watch_pools(monkeypatch)
        monkeypatch.setattr(audit, "verify", crash)
        with pytest.raises(RuntimeError, match="disk on fire"):
            run(capsys, "--db", url, "audit", "verify")
        (pool,) = pools
        assert pool.checkedin() == 0 and pool.checkedout() == 0


def test_an_open_case_base_holds_a_pooled_connection(tmp_path: Path) -> None:
    """The control for the two tests above: without disposal the pool is not empty."""
    with case_base(tmp_path) as (_db, url):
        db = opening.open_database(url)
        try:
            assert isinstance(db.engine.pool, QueuePool)
            assert db.engine.pool.checkedin() >= 1
        finally:
            db.dispose()
