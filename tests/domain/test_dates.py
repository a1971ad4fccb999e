"""Dates as documents print them."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.domain.dates import format_date_cn, format_date_upper, format_datetime_cn


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2026, 11, 23), "2026年11月23日"),
        (date(2026, 1, 5), "2026年1月5日"),
        (date(1999, 12, 31), "1999年12月31日"),
    ],
)
def test_format_date_cn(day: date, text: str) -> None:
    assert format_date_cn(day) == text


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2026, 11, 23), "二〇二六年十一月二十三日"),
        (date(2000, 1, 1), "二〇〇〇年一月一日"),
        (date(2010, 10, 10), "二〇一〇年十月十日"),
        (date(2019, 12, 20), "二〇一九年十二月二十日"),
        (date(2031, 5, 30), "二〇三一年五月三十日"),
        (date(2031, 3, 31), "二〇三一年三月三十一日"),
        (date(1998, 2, 19), "一九九八年二月十九日"),
    ],
)
def test_format_date_upper(day: date, text: str) -> None:
    assert format_date_upper(day) == text


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (datetime(2026, 11, 23, 9, 30), "2026年11月23日 09:30"),
        (datetime(2026, 1, 2, 0, 0, 59), "2026年1月2日 00:00"),
        (datetime(2026, 12, 31, 23, 5), "2026年12月31日 23:05"),
    ],
)
def test_format_datetime_cn(moment: datetime, text: str) -> None:
    assert format_datetime_cn(moment) == text
