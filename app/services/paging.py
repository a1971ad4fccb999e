"""Reading the far end of a long list without a deep OFFSET.

A page past the middle of the list is read in the opposite sort order from
the other end (``OFFSET total - offset - limit``), so the last page of a
million rows costs the same as the first.  The caller flips the sort order
when ``reverse`` is set and turns the rows round afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Window:
    """Where to read a page, and whether to read it backwards."""

    offset: int
    limit: int
    reverse: bool


def window(offset: int, limit: int, total: int | None) -> Window:
    """The read window for rows ``offset .. offset+limit`` of a list of ``total`` rows."""
    if total is None or offset <= total // 2:
        return Window(offset, limit, False)
    limit = max(0, min(limit, total - offset))
    return Window(max(0, total - offset - limit), limit, True)
