"""18-digit resident ID numbers (居民身份证号码, GB 11643-1999).

A mistyped ID number attaches a case to the wrong person, and the number also
encodes birth date and gender that the intake form must agree with.  This
module parses and checks the number (ISO 7064 MOD 11-2, GB 11643-1999), builds
valid numbers for demo data and masks numbers for display (PIPL art 51; 居民身份证法 art 19).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from operator import mul
from typing import Literal

from app.domain.errors import ValidationError
from app.domain.text import _

Gender = Literal["male", "female"]

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_DIGITS = frozenset("0123456789")
_ZEROS = sum(_WEIGHTS) * ord("0")
"""What the weights add up to over seventeen ASCII "0"s: taken off a sum over character codes."""
# The standard's own worked example, 440524188001010014, was born in 1880.
_EARLIEST_BIRTH = date(1800, 1, 1)


@dataclass(frozen=True)
class IdNumber:
    """A checked resident ID number and the facts it encodes."""

    number: str
    region_code: str
    birth_date: date
    gender: Gender

    def age_on(self, day: date) -> int:
        """Full years of age on ``day`` (the birthday itself counts)."""
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - int(before_birthday)


def _is_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def check_digit(first17: str) -> str:
    """The MOD 11-2 check character ("0"–"9" or "X") for the first 17 digits."""
    if len(first17) != 17 or not _is_digits(first17):
        raise ValidationError(_("身份证号码前17位应为数字"))
    return _check_char(first17)


def _check_char(first17: str) -> str:
    """:func:`check_digit` of seventeen ASCII digits, already known to be such."""
    total = sum(map(mul, first17.encode("ascii"), _WEIGHTS)) - _ZEROS
    return _CHECK_CHARS[total % 11]


def _normalise(text: str) -> str:
    """Full-width digits and "ｘ" become ASCII; spaces go; "x" becomes "X"."""
    if text.isascii() and text.isalnum():
        return text.upper()
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).upper()


def _birth_date(digits: str, today: date) -> date:
    try:
        born = date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise ValidationError(
            _("身份证号码中的出生日期 {digits} 不是有效日期").format(digits=digits)
        ) from None
    if born < _EARLIEST_BIRTH:
        raise ValidationError(_("身份证号码中的出生日期 {digits} 早于1800年").format(digits=digits))
    if born > today:
        raise ValidationError(_("身份证号码中的出生日期 {digits} 晚于今天").format(digits=digits))
    return born


def parse_id_number(text: str, today: date | None = None) -> IdNumber:
    """Check an ID number as typed and return it normalised with its facts.

    ``today`` (default: the real date) bounds the birth date from above.
    """
    number = _normalise(text)
    if len(number) != 18:
        raise ValidationError(_("身份证号码应为18位，实际为{length}位").format(length=len(number)))
    first17 = number[:17]
    if not _is_digits(first17):
        raise ValidationError(_("身份证号码前17位应为数字"))
    if number[17] not in _DIGITS and number[17] != "X":
        raise ValidationError(_("身份证号码最后一位应为数字或X"))
    born = _birth_date(number[6:14], today or date.today())
    expected = _check_char(first17)
    if number[17] != expected:
        raise ValidationError(
            _("身份证号码校验码错误：校验码应为 {expected}，实际为 {actual}").format(
                expected=expected, actual=number[17]
            )
        )
    gender: Gender = "male" if int(number[16]) % 2 else "female"
    return IdNumber(number=number, region_code=number[:6], birth_date=born, gender=gender)


def make_id_number(region_code: str, birth_date: date, sequence: int) -> str:
    """A valid ID number for demo data; an odd ``sequence`` (0–999) means male.

    Raises ``ValueError`` on bad arguments: they come from code, not users.
    """
    if len(region_code) != 6 or not _is_digits(region_code):
        raise ValueError(f"region_code must be 6 digits, got {region_code!r}")
    if not 0 <= sequence <= 999:
        raise ValueError(f"sequence must be in 0..999, got {sequence}")
    first17 = f"{region_code}{birth_date:%Y%m%d}{sequence:03d}"
    return first17 + check_digit(first17)


def mask_middle(text: str, head: int, tail: int) -> str:
    """Replace all but ``head`` leading and ``tail`` trailing characters by "*".

    Short input keeps at most a quarter at each end, so something is always
    hidden; the length is preserved.
    """
    if len(text) < head + tail + 4:
        head = tail = len(text) // 4
    return text[:head] + "*" * (len(text) - head - tail) + text[len(text) - tail :]


def mask_id_number(number: str) -> str:
    """An ID number safe to show on lists: 330225********1234."""
    return mask_middle(number.strip(), 6, 4)
