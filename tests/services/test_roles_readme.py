"""README.md's roles table is the permission table: the same actions, roles and ticks.

README.md, section "Security" → "Roles", shows what each role may do as a
Markdown table: one row per action (its key in backticks in the second
column), one column per role (headed by the role's key in backticks), ``✓``
where the role is granted the action, and a last row ``full-ids`` ticking the
roles that see unmasked ID numbers and phones.  This test reads that table
and compares it with app/domain/permissions.py, so the two cannot drift.
"""

from __future__ import annotations

import re
from pathlib import Path

from app.domain.codes import USER_ROLES
from app.domain.permissions import ACTIONS, GRANTS, UNMASKED_ROLES

README = Path(__file__).resolve().parents[2] / "README.md"
FULL_IDS = "full-ids"
_KEY = re.compile(r"`([^`]+)`")


def _section(text: str, heading: str, level: int, start: int = 0) -> str | None:
    """The body of the first ``level`` heading called ``heading`` after ``start``."""
    marks = "#" * level
    match = re.compile(rf"^{marks} {re.escape(heading)}\s*$", re.M).search(text, start)
    if match is None:
        return None
    end = re.compile(rf"^#{{1,{level}}} ", re.M).search(text, match.end())
    return text[match.end():end.start() if end else len(text)]


def roles_table(text: str) -> dict[str, set[str]] | None:
    """README's roles table as {row key: roles ticked}, or None without the section."""
    security = _section(text, "Security", 2)
    roles = _section(security, "Roles", 3) if security is not None else None
    if roles is None:
        return None
    lines = [line.strip() for line in roles.splitlines() if line.strip().startswith("|")]
    cells = [[c.strip() for c in line.strip("|").split("|")] for line in lines]
    header, rows = cells[0], [r for r in cells[2:] if len(r) == len(cells[0])]
    columns = {i: m.group(1) for i, h in enumerate(header) if (m := _KEY.search(h))}
    table: dict[str, set[str]] = {}
    for r in rows:
        key = _KEY.search(r[1])
        assert key is not None, f"row without a key: {r}"
        table[key.group(1)] = {role for i, role in columns.items() if r[i] == "✓"}
    return table


def test_readme_roles_table_equals_the_permission_table() -> None:
    table = roles_table(README.read_text(encoding="utf-8"))
    assert table is not None, "README.md has no 'Security' → 'Roles' section"
    granted = {action: {role for role, actions in GRANTS.items() if action in actions}
               for action in ACTIONS}
    granted[FULL_IDS] = set(UNMASKED_ROLES)
    assert table == granted


def test_the_table_reader_sees_ticks_and_empty_cells() -> None:
    text = ("## Security\n\n### Roles\n\n| 操作 | 键 | `admin` | `viewer` |\n|---|---|---|---|\n"
            "| 查看案件 | `case.read` |  | ✓ |\n| 管理用户 | `user.admin` | ✓ |  |\n\n"
            "### Scope\n\n| a | `b` | ✓ |\n")
    assert roles_table(text) == {"case.read": {"viewer"}, "user.admin": {"admin"}}
    assert roles_table("## Usage\n") is None
    assert set(GRANTS) == set(USER_ROLES)
