"""Which of a ledger's own case numbers are the office's current numbering, and which are not.

An imported case keeps the number its ledger gave it.  When that number is
exactly what the organisation's pattern makes for some year and sequence
(（2023）象调字第0012号), the import moves the organisation's counter past it,
so the next case registered by hand can never be given the same number.
Any other form (2023-012, 象调〔2023〕12号) is kept as written and takes no
place in the sequence.
"""

from __future__ import annotations

import re
from functools import cache
from string import Formatter

from app.domain.case_number import validate_pattern


@cache
def _regex(pattern: str, org_short: str) -> re.Pattern[str]:
    validate_pattern(pattern)
    parts = []
    for literal, name, _spec, _conversion in Formatter().parse(pattern):
        parts.append(re.escape(literal))
        if name == "year":
            parts.append(r"(?P<year>\d{4})")
        elif name == "org":
            parts.append(re.escape(org_short))
        elif name == "seq":
            parts.append(r"(?P<seq>\d{1,9})")
    return re.compile("".join(parts))


def sequence_of(number: str, pattern: str, org_short: str) -> tuple[int, int] | None:
    """(year, sequence) if ``number`` is exactly what the pattern makes for them, else None.

    The pattern is checked once (with its regex), not for every number of a ledger.
    """
    match = _regex(pattern, org_short).fullmatch(number)
    if match is None:
        return None
    year, seq = int(match["year"]), int(match["seq"])
    if seq < 1 or pattern.format(year=year, org=org_short, seq=seq) != number:
        return None
    return year, seq
