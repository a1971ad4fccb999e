"""Unified social credit codes: GB 32100-2015 alphabet, weights and check character."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.creditcode import (
    ALPHABET,
    credit_check_char,
    make_credit_code,
    parse_credit_code,
)
from app.domain.errors import ValidationError


def test_alphabet_has_31_symbols_without_i_o_s_v_z() -> None:
    assert len(ALPHABET) == len(set(ALPHABET)) == 31
    assert not set("IOSVZ") & set(ALPHABET)


@pytest.mark.parametrize(
    ("first17", "expected"),
    [("91350100M000100Y4", "3"), ("11320000MB151840X", "J")],
)
def test_check_char(first17: str, expected: str) -> None:
    assert credit_check_char(first17) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("11320000MB151840XJ", "11320000MB151840XJ"),
        ("11320000mb151840xj", "11320000MB151840XJ"),
        (" 11320000 MB151840 XJ ", "11320000MB151840XJ"),
        ("91350100M000100Y43", "91350100M000100Y43"),
        ("１１３２００００ＭＢ１５１８４０ＸＪ", "11320000MB151840XJ"),
    ],
)
def test_valid_codes_parse(text: str, code: str) -> None:
    assert parse_credit_code(text) == code


@pytest.mark.parametrize(
    ("text", "message_part"),
    [
        ("91350100M000100Y4Z", "校验位应为 3"),
        ("11320000MB151840XK", "校验位应为 J"),
        ("11320000MB151840X", "应为18位，实际为17位"),
        ("", "应为18位，实际为0位"),
        ("11320000MB151840XJ0", "应为18位，实际为19位"),
        ("1132000OMB151840XJ", "无效字符“O”"),
        ("I132000SMB151840XJ", "无效字符“IS”"),
        ("11320000MB151840X-", "校验位应为 J，实际为 -"),
    ],
)
def test_invalid_codes_name_the_problem(text: str, message_part: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_credit_code(text)
    assert message_part in str(caught.value)


def test_check_failure_can_be_accepted_as_a_warning() -> None:
    assert parse_credit_code("91350100M000100Y4Z".replace("Z", "1"), verify_check=False) == (
        "91350100M000100Y41"
    )
    with pytest.raises(ValidationError, match="无效字符"):
        parse_credit_code("91350100M000100Y4Z", verify_check=False)
    with pytest.raises(ValidationError, match="18位"):
        parse_credit_code("91350100M000100Y4", verify_check=False)


@pytest.mark.parametrize("first17", ["91350100M000100Y", "91350100M000100YO"])
def test_check_char_refuses_bad_input(first17: str) -> None:
    with pytest.raises(ValidationError):
        credit_check_char(first17)


@given(st.text(alphabet=ALPHABET, min_size=17, max_size=17))
def test_make_credit_code_round_trips(first17: str) -> None:
    code = make_credit_code(first17)
    assert parse_credit_code(code) == code
    assert code[:17] == first17
