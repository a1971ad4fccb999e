"""Drawing and storing values fast: weighted draws, one-pick choices, day and money forms.

A million cases take tens of millions of draws and dates, so these helpers do the
least work per call: a weighted draw is one random number and a binary search,
and every date, time of day and amount is made once in the form the database
driver stores, then only looked up.
"""

from __future__ import annotations

from bisect import bisect
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Generic, TypeVar

T = TypeVar("T")
CN_ORDINALS = "一二三四五六七八九十"
"""Numerals of grids and instalments: 第一网格, 第二期."""


class Weighted(Generic[T]):
    """Draw from fixed weights with one random number and a binary search."""

    __slots__ = ("_cum", "_items", "_last", "_total")

    def __init__(self, pairs: Iterable[tuple[T, float]]) -> None:
        self._items: list[T] = []
        self._cum: list[float] = []
        total = 0.0
        for item, weight in pairs:
            if weight > 0:
                total += weight
                self._items.append(item)
                self._cum.append(total)
        self._total = total
        self._last = len(self._items) - 1

    @property
    def items(self) -> list[T]:
        """The items that can be drawn."""
        return self._items

    def pick(self, u: float) -> T:
        """The item for ``u`` drawn uniformly from [0, 1)."""
        return self._items[bisect(self._cum, u * self._total, 0, self._last)]


class Values:
    """Dates, moments and money in the form the driver stores them, made once per day.

    Days are numbered from ``first``; SQLite gets the text forms SQLAlchemy itself writes
    ("2026-11-23", "2026-11-23 09:30:00.000000") and REAL amounts, PostgreSQL gets objects.
    """

    def __init__(self, sqlite: bool, first: date, last: date) -> None:
        self.first = first
        self.dates = [first + timedelta(n) for n in range((last - first).days + 1)]
        self.sqlite = sqlite
        self.day: list[Any] = [d.isoformat() for d in self.dates] if sqlite else self.dates
        self.clock: list[Any] = [
            f" {minute // 60:02d}:{minute % 60:02d}:00.000000" if sqlite
            else time(minute // 60, minute % 60)
            for minute in range(1440)
        ]
        self.month_cn = [f"{d.year}年{d.month}月" for d in self.dates]

    def number(self, day: date) -> int:
        """The day number of ``day``."""
        return (day - self.first).days

    def moment(self, day: int, minute: int) -> Any:
        """Day ``day`` at ``minute`` past midnight."""
        if self.sqlite:
            return self.day[day] + self.clock[minute]
        return datetime.combine(self.dates[day], self.clock[minute])

    def money(self, yuan: int) -> Any:
        """A whole-yuan amount."""
        return float(yuan) if self.sqlite else Decimal(yuan)


def choice(r: Callable[[], float], items: Sequence[T]) -> T:
    """One of ``items``, uniformly, for one draw of ``r`` (cheaper than Random.choice)."""
    return items[int(r() * len(items))]
