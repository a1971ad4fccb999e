"""Telephone numbers of parties and agents.

Mediators call parties to schedule sessions and follow-up visits, so a number
must be dialable; it is also searched and shown masked (MIIT 编号计划 2017; PIPL art 51).  Users
type numbers in many shapes; this module stores one normal form per number.
"""

from __future__ import annotations

import re
import unicodedata

from app.domain.errors import ValidationError
from app.domain.idnumber import mask_middle
from app.domain.text import _

_MOBILE = re.compile(r"(?:(?:\+|00)?86)?(1[3-9]\d{9})")
# Area codes: 010 and 02x have three digits, every other one has four.
_LANDLINE = re.compile(r"(0(?:10|2\d|[3-9]\d{2}))-?([1-9]\d{6,7})(?:(?:-|转)(\d{1,6}))?")
_SEPARATORS = re.compile(r"[\s()]+")


def _parse_mobile(compact: str) -> str | None:
    match = _MOBILE.fullmatch(compact)
    return match.group(1) if match else None


def _parse_landline(text: str) -> str | None:
    dashed = re.sub(r"-{2,}", "-", _SEPARATORS.sub("-", text).strip("-"))
    match = _LANDLINE.fullmatch(dashed)
    if match is None:
        return None
    area, local, extension = match.groups()
    return f"{area}-{local}" + (f"-{extension}" if extension else "")


def parse_phone(text: str) -> str:
    """Check a phone number as typed; return "13800000000" or "0574-87654321[-ext]"."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if not cleaned:
        raise ValidationError(_("电话号码不能为空"))
    compact = re.sub(r"[\s()\-]", "", cleaned)
    normal = _parse_mobile(compact) or _parse_landline(cleaned)
    if normal is not None:
        return normal
    national = re.sub(r"^(?:\+|00)?86(?=1)", "", compact)
    if national.isascii() and national.isdigit() and national.startswith("1"):
        if len(national) != 11:
            raise ValidationError(
                _("手机号码应为11位，实际为{length}位").format(length=len(national))
            )
        raise ValidationError(_("手机号码第二位应为3至9"))
    raise ValidationError(
        _(
            "无法识别的电话号码“{text}”：手机号码应为11位（如 13800000000），"
            "固定电话应带区号（如 0574-87654321）"
        ).format(text=cleaned)
    )


def mask_phone(phone: str) -> str:
    """A number safe to show on lists: 138****0000, 0574-****4321."""
    try:
        normal = parse_phone(phone)
    except ValidationError:
        return mask_middle(phone.strip(), 3, 4)
    if "-" not in normal:
        return mask_middle(normal, 3, 4)
    area, local, *extension = normal.split("-")
    return "-".join([area, "*" * (len(local) - 4) + local[-4:], *extension])
