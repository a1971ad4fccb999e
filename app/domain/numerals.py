"""Chinese numerals as term and copy numbers are written in papers (一、二、……二十三)."""

from __future__ import annotations


def chinese_number(n: int) -> str:
    """1–99 as term numbers are written: 一, 十, 十二, 二十三."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, units = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[units] if units else "")
