"""Money amounts: parsing what users type and writing amounts in capitals.

Agreements state each obligation twice, in figures and in capitals (大写金额),
so that neither can be altered unnoticed.  The capitals follow the PBOC rules
of the PBOC 正确填写票据和结算凭证的基本规定.  Where those rules make something optional this module
chooses:

* 整 is written only after 元; an amount that ends in 角 gets no 整 (伍角);
* when the 万, 亿 or 元 digit is 0 and the next lower digit is not, no 零 is
  written, unless the 万 or 亿 section is entirely zero (壹拾万柒仟元伍角叁分,
  壹仟陆佰捌拾元叁角贰分, but 壹亿零柒仟元整): this is how the numbers are
  read aloud and matches the PBOC examples.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

from app.domain.errors import ValidationError
from app.domain.text import _

CENT = Decimal("0.01")
LIMIT = Decimal("1000000000000")
"""Amounts must stay below one trillion yuan (the largest capital unit is 亿)."""

_NUMERALS = "零壹贰叁肆伍陆柒捌玖"
_PLACES = ("", "拾", "佰", "仟")
_SECTION_UNITS = {0: "元", 4: "万", 8: "亿"}
_FRACTION_UNITS = {-1: "角", -2: "分"}
_AMOUNT = re.compile(
    r"(?P<sign>-?)(?:¥|人民币)?(?P<sign2>-?)"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)元?"
)


def _checked(amount: Decimal) -> Decimal:
    """``amount`` rounded to cents, or a ValidationError saying why it is not an amount."""
    if not amount.is_finite():
        raise ValidationError(_("金额必须是数字"))
    if amount < 0:
        raise ValidationError(_("金额不能为负数"))
    if amount >= LIMIT:
        raise ValidationError(_("金额必须小于1万亿元"))
    cents = amount.quantize(CENT)
    if cents != amount:
        raise ValidationError(_("金额最多只能有两位小数（精确到分）"))
    return cents.copy_abs()


@lru_cache(maxsize=4096)
def parse_amount(text: str) -> Decimal:
    """Check an amount as typed ("12000", "12,000.50", "¥12000.5") and return it in cents.

    Amounts recur (a ledger's 12000 comes back row after row), so the last 4,096
    distinct texts that were amounts are remembered; a refusal is worked out anew
    each time, in the language of the moment.
    """
    cleaned = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    if not cleaned:
        raise ValidationError(_("金额不能为空"))
    match = _AMOUNT.fullmatch(cleaned)
    if match is None:
        raise ValidationError(
            _("金额“{text}”格式无效：应为数字，如 12000 或 12,000.50").format(text=text.strip())
        )
    if match["sign"] or match["sign2"]:
        raise ValidationError(_("金额不能为负数"))
    number = match["number"].replace(",", "")
    if "." in number and len(number.split(".")[1]) > 2:
        raise ValidationError(_("金额最多只能有两位小数（精确到分）"))
    return _checked(Decimal(number))


def _digits(cents: int) -> list[tuple[int, int]]:
    """(position, digit) from the highest non-zero digit down; 0 = 元, -1 = 角, -2 = 分."""
    yuan = cents // 100
    positions = range(len(str(yuan)) - 1, -3, -1) if yuan else range(-1, -3, -1)
    return [(position, cents // _scale(position) % 10) for position in positions]


def _scale(position: int) -> int:
    """How many cents one unit of the digit at ``position`` is worth."""
    scale: int = 10 ** (position + 2)
    return scale


def _section_written(cents: int, position: int) -> bool:
    """Whether the 元/万/亿 at ``position`` is written: its section (元: any yuan) is not 0."""
    if position == 0:
        return cents >= 100
    return cents // _scale(position) % 10000 != 0


def amount_in_capitals(amount: Decimal) -> str:
    """The amount in capitals, e.g. 12345.67 → 壹万贰仟叁佰肆拾伍元陆角柒分."""
    cents = int(_checked(amount) * 100)
    if cents == 0:
        return "零元整"
    parts: list[str] = []
    zeros_skipped = False
    for position, digit in _digits(cents):
        if digit == 0:
            zeros_skipped = bool(parts)
        else:
            unit_above = _SECTION_UNITS.get(position + 1)
            if zeros_skipped and parts[-1] != unit_above:
                parts.append("零")
            zeros_skipped = False
            unit = _FRACTION_UNITS.get(position) or _PLACES[position % 4]
            parts.append(_NUMERALS[digit] + unit)
        if position in _SECTION_UNITS and _section_written(cents, position):
            parts.append(_SECTION_UNITS[position])
    if cents % 100 == 0:
        parts.append("整")
    return "".join(parts)


def rmb_capitals(amount: Decimal) -> str:
    """The capitals as printed on documents: "人民币" directly in front, no gap."""
    return "人民币" + amount_in_capitals(amount)


def format_amount_figures(amount: Decimal) -> str:
    """The amount in figures as printed beside the capitals: ¥12,345.67."""
    return f"¥{_checked(amount):,.2f}"


_CAPITAL_DIGITS = {"零": 0, "〇": 0, "壹": 1, "一": 1, "贰": 2, "貳": 2, "二": 2, "两": 2,
                   "兩": 2, "叁": 3, "參": 3, "三": 3, "肆": 4, "四": 4, "伍": 5, "五": 5,
                   "陆": 6, "陸": 6, "六": 6, "柒": 7, "七": 7, "捌": 8, "八": 8, "玖": 9,
                   "九": 9}
_CAPITAL_PLACES = {"拾": 10, "十": 10, "佰": 100, "百": 100, "仟": 1000, "千": 1000}
_CAPITAL_SECTIONS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_CAPITAL_FRACTIONS = {"角": 10, "毛": 10, "分": 1}
"""Cents per unit after 元."""
_YUAN = re.compile(r"[元圆圓块]")


def _capital_error(text: str) -> ValidationError:
    return ValidationError(_("“{text}”不是有效的大写金额，应如 壹万贰仟元整").format(text=text))


def _capital_integer(text: str, original: str) -> int:
    """The whole yuan of 壹万贰仟叁佰 (also 一万二千三百, 拾万 for 壹拾万, 一万二 for 12000)."""
    total = section = 0
    digit: int | None = None
    scale = 0  # the unit written last: a digit right after it, without 零, is one place lower
    for char in text:
        if char in _CAPITAL_DIGITS:
            if digit:
                raise _capital_error(original)
            digit = _CAPITAL_DIGITS[char]
            if digit == 0:
                scale = 0
        elif char in _CAPITAL_PLACES:
            if digit == 0:
                raise _capital_error(original)
            scale = _CAPITAL_PLACES[char]
            section += (1 if digit is None else digit) * scale
            digit = None
        elif char in _CAPITAL_SECTIONS:
            scale = _CAPITAL_SECTIONS[char]
            value = section + (digit or 0)
            total = (total + value) * scale if scale > 10**4 else total + value * scale
            section, digit = 0, None
        else:
            raise _capital_error(original)
    trailing = (digit or 0) * (scale // 10 if scale >= 10 else 1)
    return total + section + trailing


def _capital_cents(text: str, original: str) -> int:
    """The 角 and 分 after 元: 陆角柒分, 零伍分, 伍角."""
    cents = 0
    digit: int | None = None
    for char in text:
        if char in _CAPITAL_DIGITS:
            if digit:
                raise _capital_error(original)
            digit = _CAPITAL_DIGITS[char]
        elif char in _CAPITAL_FRACTIONS and digit:
            cents += digit * _CAPITAL_FRACTIONS[char]
            digit = None
        else:
            raise _capital_error(original)
    if digit:
        raise _capital_error(original)
    return cents


def parse_capitals(text: str) -> Decimal:
    """Read an amount written in capitals back: 壹万贰仟元整 → 12000.00.

    The inverse of :func:`amount_in_capitals`, lenient the way old ledgers
    need: "人民币" in front, 整/正 at the end, 圆 for 元, everyday numerals
    (一万二千元) and no 元 at all (壹万贰仟) are accepted.
    """
    cleaned = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    body = cleaned.removeprefix("人民币").removesuffix("整").removesuffix("正")
    if not body:
        raise _capital_error(text)
    parts = _YUAN.split(body)
    if len(parts) > 2:
        raise _capital_error(text)
    yuan, fraction = (parts[0], parts[1]) if len(parts) == 2 else (
        ("", body) if body[-1] in _CAPITAL_FRACTIONS else (body, ""))
    if not yuan and not fraction:
        raise _capital_error(text)
    cents = _capital_integer(yuan, text) * 100 + _capital_cents(fraction, text)
    return _checked(Decimal(cents) / 100)
