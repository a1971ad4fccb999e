"""Far pages are read backwards from the other end, near pages forwards."""

from __future__ import annotations

import pytest

from app.services.paging import Window, window


@pytest.mark.parametrize(
    ("offset", "limit", "total", "expected"),
    [(0, 200, 1000, Window(0, 200, False)), (400, 200, 1000, Window(400, 200, False)),
     (800, 200, 1000, Window(0, 200, True)), (900, 200, 1000, Window(0, 100, True)),
     (600, 200, 1000, Window(200, 200, True)), (0, 200, None, Window(0, 200, False)),
     (1000, 200, 1000, Window(0, 0, True))],
)
def test_window(offset: int, limit: int, total: int | None, expected: Window) -> None:
    assert window(offset, limit, total) == expected
