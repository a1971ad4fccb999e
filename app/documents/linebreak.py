"""Chinese line breaking (禁则) for the PDF back end: where a line may end.

Chinese typesetting never starts a line with closing punctuation
(，。、；：？！）》」』〕 and closing quotes) and never ends one with an
opening bracket or quote (（《「『〔 and opening quotes); GB/T 15834-2011
(标点符号用法) states the same for each mark.  A number, an ID number or a
Latin word is one unit and is not split (an 18-digit ID number broken over
two lines is a number a court clerk cannot check), "——" and "……" stay
whole, and a paragraph does not end with a line holding one character.

The rule is pure: it takes the units of a text with their widths and returns
where lines end, so it is tested on its own; :mod:`app.documents.pdf_text`
measures the units and draws the lines.  (Word, WPS and LibreOffice apply
their own 禁则 to the DOCX.)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

CANNOT_START = frozenset(
    "，。、；：？！）》」』〕】］｝〉”’…—·％‰℃"
    ",.;:?!)]}%")
"""Closing punctuation: never the first character of a line."""
CANNOT_END = frozenset("（《「『〔【［｛〈“‘([{¥￥$£")
"""Opening brackets, quotes and currency signs: never the last character of a line."""

_UNIT = re.compile(
    r"[¥￥$£]?[0-9A-Za-z]+(?:[.,:/\-–][0-9A-Za-z]+)*[%‰]?"  # numbers, IDs, Latin words
    r"|——|……"  # dashes and ellipses are two characters set as one mark
    r"|.", re.S)


def units_of(text: str) -> list[str]:
    """``text`` cut into the pieces a line may end between (before 禁则 is applied)."""
    return _UNIT.findall(text)


@dataclass(frozen=True)
class Unit:
    """A piece of text that is never split, and how wide it is set."""

    text: str
    width: float


def may_break(before: str, after: str) -> bool:
    """Whether a line may end after ``before`` when ``after`` comes next."""
    return before[-1] not in CANNOT_END and after[0] not in CANNOT_START


def _fits_from(units: Sequence[Unit], start: int, width: float) -> int:
    """The end of the longest run of whole units from ``start`` that fits ``width``."""
    used, end = 0.0, start
    while end < len(units) and used + units[end].width <= width + 1e-6:
        used += units[end].width
        end += 1
    return end


def _line_end(units: Sequence[Unit], start: int, width: float) -> int:
    """Where the line starting at ``start`` ends (exclusive), obeying 禁则."""
    end = _fits_from(units, start, width)
    if end >= len(units):
        return len(units)
    if end == start:  # a unit wider than the line: the only place is after it
        return start + 1
    for cut in range(end, start, -1):
        if may_break(units[cut - 1].text, units[cut].text):
            return cut
    # No legal break in the whole line: hang one closing mark in the margin rather
    # than start the next line with it, else break where the line is full.
    if units[end].text[0] in CANNOT_START and (
            end + 1 >= len(units) or may_break(units[end].text, units[end + 1].text)):
        return end + 1
    return end


def _is_space(unit: Unit) -> bool:
    return unit.text.isspace() and unit.text != "\u3000"


def break_lines(units: Sequence[Unit], first_width: float, width: float) -> list[range]:
    """The units of each line, for lines ``first_width`` then ``width`` wide.

    A line ends only where :func:`may_break` allows it; Latin spaces at a
    line's end are dropped; a last line of one character takes one more unit
    from the line above when that is a legal break.
    """
    lines: list[range] = []
    start = 0
    while start < len(units):
        while lines and start < len(units) and _is_space(units[start]):
            start += 1
        if start >= len(units):
            break
        end = _line_end(units, start, first_width if not lines else width)
        lines.append(range(start, end))
        start = end
    return _no_lone_character(units, lines)


def _no_lone_character(units: Sequence[Unit], lines: list[range]) -> list[range]:
    if len(lines) < 2:
        return lines
    last, above = lines[-1], lines[-2]
    if len(last) != 1 or len(units[last.start].text) != 1 or len(above) < 3:
        return lines
    for cut in range(last.start - 1, above.start + 1, -1):
        if may_break(units[cut - 1].text, units[cut].text):
            return [*lines[:-2], range(above.start, cut), range(cut, last.stop)]
    return lines
