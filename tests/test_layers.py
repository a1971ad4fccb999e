"""The layer rules of docs/architecture.md, read from the code's own imports.

Every module's imports (top level and inside functions alike) are read from
its syntax tree, so a layer leak cannot hide in a function-local import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[1] / "app"
MAX_LINES = 600
ORDER = ["domain", "store", "services", "documents", "reports", "ui", "cli"]
"""Lowest first; a layer may import those before it (documents and reports are siblings)."""
SIBLINGS = {("documents", "reports"), ("reports", "documents")}
TOP_MODULES = {"text", "errors", "paths", "config", "i18n"}
"""Modules at the top of ``app`` that every layer may use (no layer of their own)."""
FILLS_DEMO = {"ui", "cli"}
"""The faces that offer demo data (``make run``, ``tiaojie demo``)."""


def _modules() -> list[Path]:
    return sorted(APP.rglob("*.py"))


def _layer(path: Path) -> str:
    parts = path.relative_to(APP).parts
    return parts[0] if len(parts) > 1 else parts[0].removesuffix(".py")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _app_layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "app" and len(parts) > 1 else None


def _allowed(source: str, target: str) -> bool:
    if source == target or target in TOP_MODULES or source not in [*ORDER, "demo"]:
        return True
    if source == "demo":
        return target in ("domain", "store")
    if target == "demo":
        return source in FILLS_DEMO
    return ORDER.index(target) < ORDER.index(source) or (source, target) in SIBLINGS


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(APP)))
def test_imports_point_down_the_layers(path: Path) -> None:
    source = _layer(path)
    wrong = sorted(m for m in _imports(path)
                   if (target := _app_layer(m)) is not None and not _allowed(source, target))
    assert not wrong, f"{path.relative_to(APP)} ({source}) imports {wrong}"


@pytest.mark.parametrize("layer", ["ui", "cli"])
def test_ui_and_cli_never_touch_sql(layer: str) -> None:
    leaks = {str(p.relative_to(APP)): sorted(m for m in _imports(p)
                                             if m.split(".")[0] == "sqlalchemy"
                                             or m.startswith("app.store"))
             for p in (APP / layer).rglob("*.py")}
    assert not {k: v for k, v in leaks.items() if v}


def test_domain_is_pure() -> None:
    heavy = {"sqlalchemy", "PySide6", "reportlab", "docx", "alembic", "psycopg", "openpyxl"}
    leaks = {str(p.relative_to(APP)): m for p in (APP / "domain").rglob("*.py")
             for m in _imports(p) if m.split(".")[0] in heavy}
    assert not leaks


def test_no_module_is_too_long() -> None:
    long = {str(p.relative_to(APP)): n for p in _modules()
            if "migrations" not in p.parts
            and (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"split these modules (over {MAX_LINES} lines): {long}"
