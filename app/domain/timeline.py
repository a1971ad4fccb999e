"""The order in which a case's history is told, when some of it is known only by date.

Most of what happens to a case carries a time (registration, a mediation
session, a referral), but a signing, a payment, a court ruling or a visit is
recorded by its date alone.  Such an event must not be told first on its
day just because it has no time (the agreement signed before the case was
registered the same morning).  It follows from what was recorded before it:

* when it was entered on its own day, it sits at the moment it was entered,
  so it comes after what led to it and before what followed it that day;
* otherwise (entered on a later day, or nobody knows when) it comes after
  every timed event of its day.

Events that land on the same place keep the order they were given in, so the
caller lists date-only events of one day in the order they follow from one
another (signing, then payment, then the visit).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Protocol, TypeVar


class Dated(Protocol):
    """What the ordering needs to know of an event."""

    @property
    def at(self) -> datetime:
        """When it happened (midnight of its day when only the date is known)."""

    @property
    def date_only(self) -> bool:
        """Whether only the day of ``at`` is known."""

    @property
    def recorded_at(self) -> datetime | None:
        """When it was entered into the case base, if known."""


E = TypeVar("E", bound=Dated)


def told_at(event: Dated) -> tuple[date, time]:
    """The day and the moment within it at which ``event`` is told."""
    day = event.at.date()
    if not event.date_only:
        return day, event.at.time()
    if event.recorded_at is not None and event.recorded_at.date() == day:
        return day, event.recorded_at.time()
    return day, time.max


def chronological(events: Iterable[E]) -> list[E]:
    """``events`` in the order a case's history is told (see the module's docstring)."""
    return sorted(events, key=told_at)
