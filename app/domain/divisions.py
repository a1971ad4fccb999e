"""Administrative division codes: what a code says about its level and its parent.

A county's code is the 6-digit GB/T 2260 code (330225 象山县); its province is
``33`` + ``0000`` and its city ``3302`` + ``00``.  Towns and villages have no
GB/T 2260 code: the National Bureau of Statistics numbers them under the
county (统计用区划代码), 12 digits, the town's three digits after the county's
six and ``000`` for the village part (330225105000 墙头镇), a village's three
digits last.  So a code alone tells the level and the parent, and a setup
file or the wizard need not spell them out; grids (网格) have no national
code and are numbered under their village by the office itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from app.domain.errors import ValidationError
from app.domain.text import N_, _

LEVELS = ("province", "city", "county", "town", "village", "grid")
"""From the top down; the case base keeps ``city`` and below (REGION_LEVELS)."""
STORED_LEVELS = LEVELS[1:]
GRID_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z\-_]{0,19}$")


@dataclass(frozen=True)
class Division:
    """One administrative division of a bundled or typed-in list."""

    code: str
    name: str
    level: str
    parent: str | None


def normalise_code(code: str) -> str:
    """``code`` without spaces; a 9-digit town code gets its ``000`` village part."""
    code = code.strip().replace(" ", "")
    return code + "000" if len(code) == 9 and code.isdigit() else code


def level_of(code: str) -> str | None:
    """The level a national code stands for, or None when it is not one (a grid's own code)."""
    code = normalise_code(code)
    if not code.isdigit():
        return None
    if len(code) == 6:
        if code.endswith("0000"):
            return "province"
        return "city" if code.endswith("00") else "county"
    if len(code) == 12 and code[6:9] != "000":
        return "town" if code.endswith("000") else "village"
    return None


def parent_code(code: str) -> str | None:
    """The code of the division directly above a national code (None for a province).

    A county's parent is its city (``xxxx00``); counties directly under a
    province have no city of that code, and the caller then falls back to
    the province (:func:`parent_in`).
    """
    code = normalise_code(code)
    level = level_of(code)
    if level == "village":
        return code[:9] + "000"
    if level == "town":
        return code[:6]
    if level == "county":
        return code[:4] + "00"
    if level == "city":
        return code[:2] + "0000"
    return None


def parent_in(code: str, known: Iterable[str]) -> str | None:
    """The nearest division above ``code`` among ``known`` codes (a county under its province)."""
    have = set(known)
    parent = parent_code(code)
    while parent is not None and parent not in have:
        parent = parent_code(parent)
    return parent


def check_code(code: str, level: str, parent: str | None) -> str:
    """``code`` normalised if it fits ``level`` (and sits under ``parent``), else why not."""
    code = normalise_code(code)
    if level not in LEVELS:
        raise ValidationError(_("层级只能是 {levels}").format(levels="、".join(STORED_LEVELS)),
                              "level")
    if level == "grid":
        if not GRID_CODE.match(code):
            raise ValidationError(_("网格代码只能由字母、数字和连字符组成，最长 20 位"), "code")
        if parent is None:
            raise ValidationError(_("网格“{code}”必须属于一个村（社区）").format(code=code),
                                  "parent")
        return code
    actual = level_of(code)
    if actual != level:
        raise ValidationError(_(
            "区划代码“{code}”不是{level}的代码：县级用 6 位国家标准代码（GB/T 2260，如 330225），"
            "乡镇街道和村（社区）用 12 位统计用区划代码（如 330225105000）").format(
                code=code, level=level_label(level)), "code")
    if parent is not None and level in ("town", "village") and parent != parent_code(code):
        raise ValidationError(_("区划代码“{code}”与上级“{parent}”不符").format(
            code=code, parent=parent), "code")
    return code


_LEVEL_LABELS = {
    "province": N_("省"), "city": N_("市"), "county": N_("县（区）"), "town": N_("乡镇（街道）"),
    "village": N_("村（社区）"), "grid": N_("网格"),
}


def level_label(level: str) -> str:
    """The level's name for messages and pickers (translated)."""
    return _(_LEVEL_LABELS.get(level, level))


def parse_divisions(lines: Iterable[str]) -> list[Division]:
    """Divisions from ``code,name`` lines (``#`` comments and a ``code,name`` header skipped).

    Level and parent follow from the codes; a line whose code is no national
    code, or a name missing, is refused with its line number.
    """
    found: list[Division] = []
    codes: set[str] = set()
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#") or line.replace(" ", "") == "code,name":
            continue
        code, _sep, name = (part.strip() for part in line.partition(","))
        level = level_of(code)
        if level is None or not name:
            raise ValidationError(_("区划清单第 {n} 行无法识别：{line}").format(
                n=number, line=line), "divisions")
        code = normalise_code(code)
        found.append(Division(code, name, level, parent_in(code, codes)))
        codes.add(code)
    return found
