"""Unified social credit codes (统一社会信用代码, GB 32100-2015).

Organisations that are parties to a dispute are identified by this 18-character
code.  Checking it (GB 32100-2015) catches typing mistakes before a case is filed
against the wrong company.  Some older real codes reportedly fail the check,
so callers may downgrade a check-character failure to a warning.
"""

from __future__ import annotations

import re
import unicodedata

from app.domain.errors import ValidationError
from app.domain.text import _

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""The 31 code characters in value order (no I, O, S, V, Z)."""

_VALUES = {char: value for value, char in enumerate(ALPHABET)}
_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))


def credit_check_char(first17: str) -> str:
    """The check character (position 18) for the first 17 characters."""
    if len(first17) != 17:
        raise ValidationError(
            _("统一社会信用代码前17位应为17个字符，实际为{length}个").format(length=len(first17))
        )
    _require_alphabet(first17)
    total = sum(_VALUES[char] * weight for char, weight in zip(first17, _WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def _require_alphabet(text: str) -> None:
    bad = "".join(dict.fromkeys(char for char in text if char not in _VALUES))
    if bad:
        raise ValidationError(
            _(
                "统一社会信用代码含有无效字符“{chars}”"
                "（只能使用数字和除 I、O、S、V、Z 以外的大写字母）"
            ).format(chars=bad)
        )


def parse_credit_code(text: str, *, verify_check: bool = True) -> str:
    """Check a credit code as typed and return it normalised (upper case, no spaces).

    With ``verify_check=False`` only the length and characters are checked;
    use it after a check-character failure the user chose to accept.
    """
    code = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).upper()
    if len(code) != 18:
        raise ValidationError(
            _("统一社会信用代码应为18位，实际为{length}位").format(length=len(code))
        )
    expected = credit_check_char(code[:17])
    if verify_check and code[17] != expected:
        raise ValidationError(
            _("统一社会信用代码校验位错误：校验位应为 {expected}，实际为 {actual}").format(
                expected=expected, actual=code[17]
            )
        )
    _require_alphabet(code[17])
    return code


def make_credit_code(first17: str) -> str:
    """A valid credit code for demo data: ``first17`` plus its check character."""
    return first17 + credit_check_char(first17)
