"""Periods: months, quarters and years, their 环比 and 同比, and how they are printed."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.errors import ValidationError
from app.reports.model import Period


def test_calendar_periods_and_their_comparisons() -> None:
    october = Period.month(2026, 10)
    assert (october.start, october.end, october.label) == (
        date(2026, 10, 1), date(2026, 10, 31), "2026年10月")
    assert october.previous() == Period.month(2026, 9)
    assert Period.month(2026, 1).previous() == Period.month(2025, 12)
    assert october.same_last_year() == Period.month(2025, 10)
    assert Period.month(2024, 2).same_last_year() == Period.month(2023, 2)
    q4 = Period.quarter(2026, 4)
    assert (q4.start, q4.end, q4.label) == (date(2026, 10, 1), date(2026, 12, 31),
                                            "2026年第4季度")
    assert q4.previous() == Period.quarter(2026, 3)
    assert Period.quarter(2026, 1).previous() == Period.quarter(2025, 4)
    assert Period.year(2026).previous() == Period.year(2025) == Period.year(2026).same_last_year()
    assert Period.year(2026).label == "2026年"


def test_any_from_to_period() -> None:
    span = Period(date(2026, 10, 10), date(2026, 10, 19))
    assert span.days == 10 and span.label == "2026-10-10 至 2026-10-19"
    assert span.previous() == Period(date(2026, 9, 30), date(2026, 10, 9))
    assert Period(date(2024, 2, 29), date(2024, 3, 5)).same_last_year() == Period(
        date(2023, 2, 28), date(2023, 3, 5))
    with pytest.raises(ValidationError):
        Period(date(2026, 10, 2), date(2026, 10, 1))
    with pytest.raises(ValidationError):
        Period.quarter(2026, 5)
