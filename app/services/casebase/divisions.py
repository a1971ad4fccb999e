"""The bundled lists of administrative divisions (resources/divisions/), read once.

The setup wizard and ``tiaojie setup`` offer the province of the seed region
(Zhejiang) with its cities and counties and the towns of the demo county, so
an office picks its place instead of typing codes; a place missing from the
list is typed by hand.  Each ``*.csv`` file holds ``code,name`` lines.
"""

from __future__ import annotations

from functools import cache

from app.domain.divisions import Division, parse_divisions
from app.domain.errors import ValidationError
from app.paths import resources_dir


@cache
def bundled_divisions() -> tuple[Division, ...]:
    """Every division of every bundled list, parents before children."""
    found: dict[str, Division] = {}
    for path in sorted((resources_dir() / "divisions").glob("*.csv")):
        try:
            divisions = parse_divisions(path.read_text(encoding="utf-8").splitlines())
        except ValidationError as exc:
            raise ValidationError(f"{path.name}: {exc.message}", exc.field) from exc
        for division in divisions:
            found.setdefault(division.code, division)
    return tuple(found.values())


def divisions_by_code() -> dict[str, Division]:
    """The bundled divisions by code (a setup file may name a region by its code alone)."""
    return {d.code: d for d in bundled_divisions()}


def children_of(code: str | None) -> list[Division]:
    """The divisions directly under ``code`` (the provinces when None), by code."""
    return sorted((d for d in bundled_divisions() if d.parent == code), key=lambda d: d.code)
