"""Which characters typed text may hold: one rule for every text field, on every database.

Text reaches the case base from the intake JSON, the forms, imports and the
command line.  Characters no one can type or see do harm there: NUL is stored
silently by SQLite but refused by PostgreSQL (so the same input behaved
differently on the two databases); a lone surrogate (half of a UTF-16 pair,
e.g. from undecodable bytes) cannot be encoded at all; terminal escape
sequences such as ``\\x1b[31m`` repaint the screen of whoever lists the case;
and the bidirectional override characters make a name or address *display*
differently from what is stored (Unicode Technical Report #36, "Bidirectional
text spoofing") — a trap in a document people sign.

So: C0 and C1 control characters (and DEL) are refused in every field, except
line breaks and tabs in free text (facts, claims, records, notes); lone
surrogates are refused everywhere; bidi embedding, override and isolate
characters (U+202A–U+202E, U+2066–U+2069) are refused in names and addresses.
"""

from __future__ import annotations

import re
from enum import Enum

from app.domain.errors import ValidationError
from app.domain.text import _


class TextKind(Enum):
    """How much a field may hold besides printable characters."""

    LINE = "line"
    """One line: no control characters at all."""
    BLOCK = "block"
    """Free text: line breaks and tabs allowed."""
    IDENTITY = "identity"
    """A name or address: one line, and no bidirectional overrides either."""


_CONTROLS = "\x00-\x1f\x7f-\x9f"
_BLOCK_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_SURROGATES = "\ud800-\udfff"
_BIDI = "\u202a-\u202e\u2066-\u2069"
_FORBIDDEN = {
    TextKind.LINE: re.compile(f"[{_CONTROLS}{_SURROGATES}]"),
    TextKind.BLOCK: re.compile(f"[{_BLOCK_CONTROLS}{_SURROGATES}]"),
    TextKind.IDENTITY: re.compile(f"[{_CONTROLS}{_SURROGATES}{_BIDI}]"),
}


def text_problem(value: str, kind: TextKind = TextKind.LINE) -> str | None:
    """Why ``value`` may not be stored as text of ``kind`` (naming the character), or None."""
    if value.isprintable():
        return None  # every forbidden character is a control, format or surrogate: unprintable
    found = _FORBIDDEN[kind].search(value)
    if found is None:
        return None
    char = found.group()
    code = f"U+{ord(char):04X}"
    if "\ud800" <= char <= "\udfff":
        return _("含有无法编码的字符（{code}，不成对的代理项），请重新输入").format(code=code)
    if char in "\n\r\t":
        return _("不能换行或含制表符，请写在一行内")
    if char > "\u2000":
        return _("含有改变文字显示方向的控制字符（{code}），姓名和地址中不允许").format(code=code)
    return _("含有不可见的控制字符（{code}），请删除后重新输入").format(code=code)


def check_text(value: str, field: str, kind: TextKind = TextKind.LINE) -> str:
    """``value`` unchanged if it may be stored; else a :class:`ValidationError` on ``field``."""
    problem = text_problem(value, kind)
    if problem is not None:
        raise ValidationError(problem, field)
    return value


def clean_text(value: str | None, field: str, limit: int, *, required: bool = True,
               kind: TextKind = TextKind.LINE) -> str | None:
    """Typed text trimmed and checked; empty is None (refused on ``field`` if required)."""
    cleaned = (value or "").strip()
    if not cleaned:
        if required:
            raise ValidationError(_("必须填写"), field)
        return None
    if len(cleaned) > limit:
        raise ValidationError(_("太长：最多 {limit} 个字符").format(limit=limit), field)
    return check_text(cleaned, field, kind)
