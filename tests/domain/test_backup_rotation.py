"""The 7 daily / 4 weekly / 12 monthly rotation, the status colours and the file names."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from app.domain.backup_rotation import (
    BackupLevel,
    backup_due_at_start,
    backup_name,
    backup_status,
    backups_to_keep,
    parse_backup_name,
)

NOW = datetime(2026, 12, 3, 9, 0)


def _daily(days: int, end: datetime = NOW) -> list[datetime]:
    return [end - timedelta(days=n) for n in range(days)]


def test_a_year_of_daily_backups_keeps_seven_days_four_weeks_twelve_months() -> None:
    moments = _daily(400)
    keep = backups_to_keep(moments, NOW)
    days = {m.date() for m in keep}
    assert {NOW.date() - timedelta(days=n) for n in range(7)} <= days
    weeks = {m.isocalendar()[:2] for m in keep}
    assert len(weeks) >= 4
    # one per month for the 12 newest months, each the month's newest copy
    months = sorted({(m.year, m.month) for m in keep}, reverse=True)
    assert len(months) == 12
    for year, month in months[1:]:
        newest = max(m for m in moments if (m.year, m.month) == (year, month))
        assert newest in keep
    assert len(keep) <= 7 + 4 + 12
    assert max(moments) in keep


def test_sixty_days_exactly() -> None:
    """Thursday 3 December: this week's days, three Sundays back, and October's last copy."""
    keep = backups_to_keep(_daily(60), NOW)
    dailies = {NOW - timedelta(days=n) for n in range(7)}             # 27 Nov – 3 Dec
    weeklies = {datetime(2026, 11, d, 9, 0) for d in (29, 22, 15)}   # Sundays close weeks
    monthlies = {datetime(2026, 11, 30, 9, 0), datetime(2026, 10, 31, 9, 0)}
    assert keep == dailies | weeklies | monthlies


def test_days_without_backups_do_not_count() -> None:
    """After a three-week holiday the seven newest backup days are still all there."""
    before_break = _daily(10, NOW - timedelta(days=21))
    keep = backups_to_keep([*before_break, NOW], NOW)
    assert len({m.date() for m in keep}) >= 7
    assert NOW in keep


def test_only_the_newest_copy_of_a_day_is_kept_for_that_day() -> None:
    morning, evening = NOW.replace(hour=8), NOW.replace(hour=18)
    yesterday = NOW - timedelta(days=1)
    keep = backups_to_keep([morning, evening, yesterday], NOW.replace(hour=20))
    assert keep == {evening, yesterday}


def test_backups_from_the_future_are_kept_and_not_counted() -> None:
    future = NOW + timedelta(days=30)
    moments = [*_daily(8), future]
    keep = backups_to_keep(moments, NOW)
    assert future in keep
    week = {NOW.date() - timedelta(days=n) for n in range(7)}
    assert {m.date() for m in keep if m <= NOW} >= week


def test_nothing_to_keep_from_nothing() -> None:
    assert backups_to_keep([], NOW) == set()


@pytest.mark.parametrize(("age", "failure", "level"), [
    (timedelta(hours=1), None, BackupLevel.OK),
    (timedelta(days=3), None, BackupLevel.OK),
    (timedelta(days=3, minutes=1), None, BackupLevel.AMBER),
    (timedelta(days=7), None, BackupLevel.AMBER),
    (timedelta(days=7, minutes=1), None, BackupLevel.RED),
    (timedelta(hours=1), timedelta(minutes=5), BackupLevel.RED),   # failed after the good one
    (timedelta(hours=1), timedelta(hours=2), BackupLevel.OK),      # failed, then succeeded
])
def test_status_colours(age: timedelta, failure: timedelta | None, level: BackupLevel) -> None:
    failed_at = NOW - failure if failure is not None else None
    status = backup_status(NOW - age, failed_at, NOW)
    assert status.level is level
    assert status.age == age


def test_never_backed_up_is_red() -> None:
    status = backup_status(None, None, NOW)
    assert (status.level, status.age, status.failed) == (BackupLevel.RED, None, False)
    assert backup_status(None, NOW, NOW).failed


def test_due_at_the_first_start_of_a_day() -> None:
    assert backup_due_at_start(None, NOW)
    assert backup_due_at_start(NOW - timedelta(days=1), NOW)
    assert not backup_due_at_start(NOW.replace(hour=7), NOW)
    assert backup_due_at_start(NOW + timedelta(days=2), NOW)  # clock went back


def test_names_round_trip_and_sort_by_time() -> None:
    name = backup_name("a1b2c3d4", datetime(2026, 1, 2, 3, 4, 5), ".tjbak")
    assert name == "tiaojie-a1b2c3d4-20260102-030405.tjbak"
    parsed = parse_backup_name(name)
    assert parsed is not None
    assert (parsed.tag, parsed.moment, parsed.extension) == (
        "a1b2c3d4", datetime(2026, 1, 2, 3, 4, 5), ".tjbak")
    later = backup_name("a1b2c3d4", datetime(2026, 1, 10, 0, 0, 0), ".tjbak")
    assert sorted([later, name]) == [name, later]


@pytest.mark.parametrize("name", [
    "tiaojie-a1b2-20261301-000000.tjbak",     # month 13
    "tiaojie-a1b2-20260102-030405",           # no extension
    "notes.txt",
    "tiaojie-A1B2-20260102-030405.tjbak",     # tags are lower case
])
def test_other_files_are_not_backups(name: str) -> None:
    assert parse_backup_name(name) is None


def test_a_bad_tag_is_refused() -> None:
    with pytest.raises(ValueError):
        backup_name("no spaces", NOW, ".tjbak")
