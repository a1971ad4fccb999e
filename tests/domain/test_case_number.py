"""Case numbers and organisation-defined numbering patterns."""

from __future__ import annotations

import pytest

from app.domain.case_number import DEFAULT_PATTERN, format_case_number, validate_pattern
from app.domain.errors import ValidationError


@pytest.mark.parametrize(
    ("pattern", "year", "org", "seq", "number"),
    [
        (DEFAULT_PATTERN, 2026, "象", 1, "（2026）象调字第0001号"),
        (DEFAULT_PATTERN, 2026, "西周", 123, "（2026）西周调字第0123号"),
        (DEFAULT_PATTERN, 2027, "象", 12345, "（2027）象调字第12345号"),
        ("（{year}）{org}人调字第{seq}号", 2026, "丹西", 7, "（2026）丹西人调字第7号"),
        ("{org}-{year}-{seq:05d}", 2026, "XS", 42, "XS-2026-00042"),
    ],
)
def test_format_case_number(pattern: str, year: int, org: str, seq: int, number: str) -> None:
    assert format_case_number(pattern, year, org, seq) == number


@pytest.mark.parametrize(
    ("pattern", "message_part"),
    [
        ("", "必须包含序号字段 seq"),
        ("（{year}）{org}调字", "必须包含序号字段 seq"),
        ("{seq", "大括号不成对"),
        ("{seq}}", "大括号不成对"),
        ("{seq}{number}", "字段“number”无效"),
        ("{seq}{}", "字段“{}”无效"),
        ("{seq}{0}", "字段“0”无效"),
        ("{seq.real}", "字段“seq.real”无效"),
        ("{org[0]}{seq}", "字段“org[0]”无效"),
        ("{org:d}{seq}", "无法使用"),
        ("{seq:{year}}", "无法使用"),
        ("第{seq}号", "year"),
    ],
)
def test_bad_patterns_are_refused(pattern: str, message_part: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_pattern(pattern)
    assert message_part in str(caught.value)
    with pytest.raises(ValidationError):
        format_case_number(pattern, 2026, "象", 1)


def test_literal_braces_are_allowed() -> None:
    assert validate_pattern("{{{org}}}{year}-{seq}") == "{{{org}}}{year}-{seq}"
    assert format_case_number("{{{org}}}{year}-{seq}", 2026, "象", 9) == "{象}2026-9"
