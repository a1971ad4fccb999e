"""Every background task in app/ui follows the idiom of app/ui/tasks.py.

The worker may only see values copied on the GUI thread: the submitted
function is a ``functools.partial`` (or a name bound to one), never a lambda
or nested function that would read ``self`` or a widget when it runs, and
never a partial of one of the widget's own methods.  Results go to bound
methods, not lambdas.  The check reads the source, so a new call site that
breaks the rule fails here rather than as a rare deadlock.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "app" / "ui"
SUBMIT = frozenset({"run", "run_with_progress"})
CALLBACK_KEYWORDS = ("on_done", "on_error", "on_progress")


def _modules() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(UI.rglob("*.py")):
        if path.name != "tasks.py":
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def _methods(tree: ast.Module) -> set[str]:
    return {item.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
            for item in node.body if isinstance(item, ast.FunctionDef)}


def _nested_defs(tree: ast.Module) -> set[str]:
    """Names of functions defined inside other functions (closures)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            names |= {inner.name for inner in ast.walk(node)
                      if isinstance(inner, ast.FunctionDef) and inner is not node}
    return names


def _is_task_submit(call: ast.Call) -> bool:
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr in SUBMIT):
        return False
    owner = func.value
    name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
    return name in ("tasks", "_tasks")


def _problems(path: Path, tree: ast.Module) -> Iterator[str]:
    methods, closures = _methods(tree), _nested_defs(tree)
    for node in ast.walk(tree):
        where = f"{path.relative_to(UI.parent.parent)}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Lambda):
            yield f"{where}: a job returned as a lambda"
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Attribute) and node.func.attr == "emit" and any(
                isinstance(arg, ast.Lambda) for arg in node.args):
            yield f"{where}: a lambda emitted as a service call"
        if not _is_task_submit(node) or not node.args:
            continue
        work, callbacks = node.args[0], node.args[1:] + [
            k.value for k in node.keywords if k.arg in CALLBACK_KEYWORDS]
        if isinstance(work, ast.Lambda) or (isinstance(work, ast.Name) and work.id in closures):
            yield f"{where}: the worker runs a lambda or closure"
        elif isinstance(work, ast.Call):
            if not (isinstance(work.func, ast.Name) and work.func.id == "partial"):
                yield f"{where}: submit a functools.partial, not the result of a call"
            elif (work.args and isinstance(target := work.args[0], ast.Attribute)
                  and isinstance(target.value, ast.Name) and target.value.id == "self"
                  and target.attr in methods):
                yield f"{where}: the worker runs a method of the widget"
        for callback in callbacks:
            if isinstance(callback, ast.Lambda) or (
                    isinstance(callback, ast.Name) and callback.id in closures):
                yield f"{where}: results go to a bound method, not a lambda or closure"


def test_every_task_submits_a_partial_and_bound_callbacks() -> None:
    submits = [node for _path, tree in _modules() for node in ast.walk(tree)
               if isinstance(node, ast.Call) and _is_task_submit(node)]
    assert len(submits) > 60  # the check really looks at the call sites
    problems = [problem for path, tree in _modules() for problem in _problems(path, tree)]
    assert problems == []
