"""Telephone numbers of parties and agents.

Mediators call parties to schedule sessions and follow-up visits, so a number
must be dialable; it is also searched and shown masked (MIIT 电信网编号计划
2017; PIPL art 51).  People write numbers in many shapes — 0574 8765 4321,
(0574)87654321转8001, +86 574 8765 4321, 0574-87654321 ext. 12 — and this
module stores one normal form per number:

* mainland mobiles: ``13800000000``;
* mainland landlines: ``0574-87654321``, with ``-8001`` for an extension;
* Hong Kong, Macau and Taiwan: ``+852-91234567``, ``+853-66123456``,
  ``+886-223456789`` (Taiwan's national number without its trunk 0), also with
  ``-ext``.

A landline's local number has seven or eight digits; areas known to use eight
only (resources/phone/areas.toml) refuse a number a digit short, naming the
area, since such a number cannot be dialled.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import cache

from app.domain.errors import ValidationError
from app.domain.idnumber import mask_middle
from app.domain.text import _
from app.paths import resources_dir

_EXTENSION = re.compile(r"\s*(?:转|分机|ext\.?|x|#)\s*(\d{1,6})\s*$", re.IGNORECASE)
_WRITTEN = re.compile(r"\+?[\d\s()\-.]*\d[\d\s()\-.]*")
"""What a number may be written with once its extension is cut off."""
_MOBILE = re.compile(r"1[3-9]\d{9}")
_AREA = re.compile(r"0(?:10|2\d|[3-9]\d{2})")
"""Area codes: 010 and 02x have three digits, every other one has four."""
_REGIONS = {
    "852": (re.compile(r"[235-9]\d{7}"), 8),
    "853": (re.compile(r"[2689]\d{7}"), 8),
    "886": (re.compile(r"[2-9]\d{7,8}"), 9),
}
"""Country codes of Hong Kong, Macau and Taiwan: the national number and its longest length."""


@cache
def eight_digit_areas() -> frozenset[str]:
    """Area codes whose local numbers all have eight digits (resources/phone/areas.toml)."""
    with (resources_dir() / "phone" / "areas.toml").open("rb") as file:
        return frozenset(tomllib.load(file)["eight_digits"])


def _unrecognised(text: str) -> ValidationError:
    return ValidationError(
        _(
            "无法识别的电话号码“{text}”：手机号码应为11位（如 13800000000），"
            "固定电话应带区号（如 0574-87654321）"
        ).format(text=text)
    )


def _landline(area: str, groups: list[str], extension: str | None, text: str) -> str:
    """Area code, the local number from the digit groups that follow, any extension.

    The local number is read group by group until it has seven digits (or
    eight where the area needs them); a further group is an extension
    (0574-87654321-123).
    """
    need = 8 if area in eight_digit_areas() else 7
    local = ""
    while groups and len(local) < need:
        local += groups.pop(0)
    rest = "".join(groups)
    if rest:
        if extension:
            raise _unrecognised(text)
        extension = rest
    if not local:
        raise _unrecognised(text)
    if local[0] in "01":
        raise ValidationError(_("固定电话的本地号码不能以0或1开头：{text}").format(text=text))
    if need == 8 and len(local) != 8:
        raise ValidationError(
            _("区号{area}的本地号码应为8位，实际为{length}位").format(area=area,
                                                                 length=len(local)))
    if len(local) not in (7, 8):
        raise ValidationError(
            _("固定电话的本地号码应为7或8位，实际为{length}位").format(length=len(local)))
    if extension is not None and not 1 <= len(extension) <= 6:
        raise _unrecognised(text)
    return f"{area}-{local}" + (f"-{extension}" if extension else "")


def _country(digits: str, plus: bool) -> tuple[str | None, int]:
    """The country code a number starts with (86, 852, 853, 886) and the digits it takes.

    Written with + or 00 any of them counts; written bare (852 2345 6789,
    86 138 0000 0000) only when the rest has exactly the length of such a number,
    since a mainland number never starts with 8.
    """
    if plus or digits.startswith("00"):
        start = 0 if plus else 2
        for code in ("852", "853", "886", "86"):
            if digits.startswith(code, start):
                return code, start + len(code)
        return None, 0
    for code, lengths in (("852", (8,)), ("853", (8,)), ("886", (9, 10)), ("86", (11,))):
        if digits.startswith(code) and len(digits) - len(code) in lengths:
            return code, len(code)
    return None, 0


def _drop(groups: list[str], count: int) -> list[str]:
    """``groups`` without their first ``count`` digits."""
    rest = list(groups)
    while count and rest:
        head = rest.pop(0)
        if len(head) > count:
            rest.insert(0, head[count:])
        count = max(0, count - len(head))
    return rest


def parse_phone(text: str) -> str:
    """Check a phone number as written; return its normal form (see the module docstring)."""
    if len(text) == 11 and text.isascii() and text.isdigit() and text[0] == "1":
        # Eleven plain digits from 1: what the general reading below comes to (no country
        # code, no extension), without normalising and matching text that has nothing to fold.
        return _mobile(text, None, text)
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if not cleaned:
        raise ValidationError(_("电话号码不能为空"))
    extension = None
    body = cleaned
    cut = _EXTENSION.search(cleaned)
    if cut and _WRITTEN.fullmatch(cleaned[:cut.start()].strip()):
        body, extension = cleaned[:cut.start()].strip(), cut.group(1)
    if not _WRITTEN.fullmatch(body):
        raise _unrecognised(cleaned)
    groups = re.findall(r"\d+", body)
    digits = "".join(groups)
    code, skip = _country(digits, body.startswith("+"))
    if code in _REGIONS:
        pattern, longest = _REGIONS[code]
        national = digits[skip:]
        if code == "886" and national.startswith("0"):
            national = national[1:]
        if not pattern.fullmatch(national):
            raise ValidationError(
                _("无法识别的港澳台电话号码“{text}”：区号+{code}后应为{length}位号码").format(
                    text=cleaned, code=code, length=longest))
        return f"+{code}-{national}" + (f"-{extension}" if extension else "")
    if code == "86":
        groups = _drop(groups, skip)
        digits = digits[skip:]
        if digits.startswith("1") and not digits.startswith("10"):
            return _mobile(digits, extension, cleaned)
        digits = digits if digits.startswith("0") else "0" + digits
        groups = groups if groups and groups[0].startswith("0") else ["0", *groups]
    elif digits.startswith("1") and not body.startswith("+"):
        return _mobile(digits, extension, cleaned)
    area = _AREA.match(digits)
    if area is None or not digits.startswith("0"):
        raise _unrecognised(cleaned)
    return _landline(area.group(), _drop(groups, area.end()), extension, cleaned)


def _mobile(digits: str, extension: str | None, text: str) -> str:
    """A mainland mobile number: eleven digits, the second 3 to 9, no extension."""
    if extension is not None:
        raise _unrecognised(text)
    if len(digits) != 11:
        raise ValidationError(
            _("手机号码应为11位，实际为{length}位").format(length=len(digits)))
    if not _MOBILE.fullmatch(digits):
        raise ValidationError(_("手机号码第二位应为3至9"))
    return digits


def mask_phone(phone: str) -> str:
    """A number safe to show on lists: 138****0000, 0574-****4321, +852-****4567."""
    try:
        normal = parse_phone(phone)
    except ValidationError:
        return mask_middle(phone.strip(), 3, 4)
    if "-" not in normal:
        return mask_middle(normal, 3, 4)
    area, local, *extension = normal.split("-")
    return "-".join([area, "*" * (len(local) - 4) + local[-4:], *extension])
