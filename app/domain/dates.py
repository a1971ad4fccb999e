"""Dates as Chinese mediation documents print them.

Forms and registers use "2026年11月23日"; the date under a seal on an official
document is written in Chinese numerals ("二〇二六年十一月二十三日").  These
are fixed document conventions, not locale preferences, so they are not
translated.
"""

from __future__ import annotations

from datetime import date, datetime

_NUMERALS = "〇一二三四五六七八九"


def format_date_cn(day: date) -> str:
    """The everyday document form: 2026年11月23日."""
    return f"{day.year}年{day.month}月{day.day}日"


def _small_number(value: int) -> str:
    """1–39 in Chinese numerals as months and days are written: 十, 十一, 二十三."""
    tens, units = divmod(value, 10)
    prefix = "" if tens == 0 else ("十" if tens == 1 else _NUMERALS[tens] + "十")
    return prefix + (_NUMERALS[units] if units else "")


def format_date_upper(day: date) -> str:
    """The official-document form under a seal: 二〇二六年十一月二十三日."""
    year = "".join(_NUMERALS[int(digit)] for digit in str(day.year))
    return f"{year}年{_small_number(day.month)}月{_small_number(day.day)}日"


def format_datetime_cn(moment: datetime) -> str:
    """Date and time as registers print them: 2026年11月23日 09:30."""
    return f"{format_date_cn(moment)} {moment:%H:%M}"
