"""A date-only event is told after the timed events of its day that it follows from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from app.domain.timeline import chronological, told_at


@dataclass(frozen=True)
class Event:
    text: str
    at: datetime
    date_only: bool = False
    recorded_at: datetime | None = None


def _day(d: date, text: str, recorded_at: datetime | None = None) -> Event:
    return Event(text, datetime.combine(d, time.min), True, recorded_at)


DAY = date(2026, 11, 2)


def test_signed_the_day_of_registration_comes_after_registration() -> None:
    registered = Event("受理登记", datetime(2026, 11, 2, 10, 5))
    signed = _day(DAY, "签订调解协议", recorded_at=datetime(2026, 11, 5, 9, 0))
    assert [e.text for e in chronological([signed, registered])] == ["受理登记", "签订调解协议"]


def test_entered_the_same_day_it_sits_where_it_was_entered() -> None:
    session = Event("调解会议", datetime(2026, 11, 2, 9, 30))
    signed = _day(DAY, "签订调解协议", recorded_at=datetime(2026, 11, 2, 11, 40))
    document = Event("生成文书（司法确认申请书）", datetime(2026, 11, 2, 15, 0))
    ordered = chronological([document, signed, session])
    assert [e.text for e in ordered] == ["调解会议", "签订调解协议", "生成文书（司法确认申请书）"]
    assert told_at(signed) == (DAY, time(11, 40))


def test_entered_later_or_unknown_goes_after_every_timed_event_of_its_day() -> None:
    late = Event("调解会议", datetime(2026, 11, 2, 23, 59, 59))
    unknown = _day(DAY, "回访")
    next_morning = Event("状态：履行中 → 已回访", datetime(2026, 11, 3, 0, 0))
    ordered = chronological([next_morning, unknown, late])
    assert [e.text for e in ordered] == ["调解会议", "回访", "状态：履行中 → 已回访"]


def test_entered_before_its_day_still_goes_to_the_end_of_its_day() -> None:
    planned = _day(DAY, "回访", recorded_at=datetime(2026, 10, 30, 8, 0))
    same_day = Event("调解会议", datetime(2026, 11, 2, 17, 0))
    assert [e.text for e in chronological([planned, same_day])] == ["调解会议", "回访"]


def test_date_only_events_of_one_day_keep_the_order_given() -> None:
    signed = _day(DAY, "签订调解协议")
    paid = _day(DAY, "履行：赔偿款")
    visit = _day(DAY, "回访")
    assert chronological([signed, paid, visit]) == [signed, paid, visit]


def test_days_stay_in_order_whatever_the_time() -> None:
    before = _day(date(2026, 11, 1), "签订调解协议")
    after = Event("受理登记", datetime(2026, 11, 2, 0, 1))
    assert chronological([after, before]) == [before, after]
