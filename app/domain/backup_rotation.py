"""Which automatic backups to keep, how old the last good one may get, and what they are called.

An office PC is switched off over holidays, so the rule counts *days that
have a backup*, not calendar days (the rule restic and borg call
``--keep-daily 7 --keep-weekly 4 --keep-monthly 12``); a three-week break
must not leave the folder with nothing but the newest copy.

The rotation rule, precisely.  Among the backups taken no later than ``now``:

* **daily** — go through the calendar days that have at least one backup,
  newest day first; for each of the first 7 such days keep that day's
  newest backup;
* **weekly** — likewise for ISO weeks (Monday to Sunday): the newest backup
  of each of the 4 newest weeks that have one;
* **monthly** — likewise for calendar months: the newest backup of each of
  the 12 newest months that have one;
* the newest backup of all is always kept (it is the daily one of its day).

One backup may be kept for several reasons (Sunday's last copy is usually
both a daily and a weekly one).  A backup dated *after* ``now`` is kept and
ignored by the counting: a PC whose clock jumped back must not make the
program delete good copies it cannot place.  So over a year of one backup a
day the folder holds at most 7 + 4 + 12 files, and fewer when they overlap.

The status rule: the age of the last good backup is *ok* up to 3 days,
*amber* after 3 days, *red* after 7 days, and red too when the newest attempt
failed (a failure newer than the last good copy) or there has never been a
good backup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 12
AMBER_AFTER = timedelta(days=3)
RED_AFTER = timedelta(days=7)

NAME_PREFIX = "tiaojie"
_NAME = re.compile(r"^tiaojie-(?P<tag>[0-9a-z]{1,12})-(?P<stamp>\d{8}-\d{6})(?P<ext>\.[0-9a-z.]+)$")
_STAMP = "%Y%m%d-%H%M%S"


def _day(moment: datetime) -> Hashable:
    return moment.date()


def _week(moment: datetime) -> Hashable:
    year, week, _weekday = moment.isocalendar()
    return (year, week)


def _month(moment: datetime) -> Hashable:
    return (moment.year, moment.month)


def _newest_per_period(moments: list[datetime], period: Callable[[datetime], Hashable],
                       count: int) -> set[datetime]:
    """The newest moment of each of the ``count`` newest periods that have one."""
    kept: set[datetime] = set()
    seen: set[Hashable] = set()
    for moment in moments:  # newest first
        key = period(moment)
        if key in seen:
            continue
        if len(seen) == count:
            break
        seen.add(key)
        kept.add(moment)
    return kept


def backups_to_keep(moments: Iterable[datetime], now: datetime) -> set[datetime]:
    """The moments (of existing backups) that the 7/4/12 rule keeps; the rest may be deleted."""
    every = set(moments)
    future = {m for m in every if m > now}
    past = sorted(every - future, reverse=True)
    keep = set(future)
    keep |= _newest_per_period(past, _day, KEEP_DAILY)
    keep |= _newest_per_period(past, _week, KEEP_WEEKLY)
    keep |= _newest_per_period(past, _month, KEEP_MONTHLY)
    return keep


class BackupLevel(Enum):
    """How worried the status bar should look."""

    OK = "ok"
    AMBER = "amber"
    RED = "red"


@dataclass(frozen=True)
class BackupStatus:
    """The verdict on one case base's backups at one moment."""

    level: BackupLevel
    age: timedelta | None
    """How long ago the last good backup was taken (None: never)."""
    failed: bool
    """The newest attempt failed."""


def backup_status(last_good: datetime | None, last_failure: datetime | None,
                  now: datetime) -> BackupStatus:
    """Judge the age of the last good backup and whether the newest attempt failed."""
    failed = last_failure is not None and (last_good is None or last_failure > last_good)
    if last_good is None:
        return BackupStatus(BackupLevel.RED, None, failed)
    age = max(now - last_good, timedelta(0))
    if failed or age > RED_AFTER:
        level = BackupLevel.RED
    elif age > AMBER_AFTER:
        level = BackupLevel.AMBER
    else:
        level = BackupLevel.OK
    return BackupStatus(level, age, failed)


def backup_due_at_start(last_good: datetime | None, now: datetime) -> bool:
    """The first start of a day backs up unless a good backup was already taken that day."""
    return last_good is None or last_good.date() != now.date() or last_good > now


def backup_name(tag: str, moment: datetime, extension: str) -> str:
    """``tiaojie-<tag>-YYYYMMDD-HHMMSS<extension>``: sorts by time, tells the case base apart.

    ``tag`` names the case base (several may back up into one folder), so the
    rotation of one never deletes another's copies.
    """
    name = f"{NAME_PREFIX}-{tag}-{moment.strftime(_STAMP)}{extension}"
    if _NAME.match(name) is None:
        raise ValueError(f"not a backup name: {name!r}")
    return name


@dataclass(frozen=True)
class BackupName:
    """What a file name in the backup folder says about the copy."""

    tag: str
    moment: datetime
    extension: str


def parse_backup_name(name: str) -> BackupName | None:
    """The tag and time of a name :func:`backup_name` made; None for any other file."""
    match = _NAME.match(name)
    if match is None:
        return None
    try:
        moment = datetime.strptime(match["stamp"], _STAMP)
    except ValueError:
        return None
    return BackupName(match["tag"], moment, match["ext"])

