"""Resident ID numbers: GB 11643-1999 check digit, birth date, gender, masking."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import ValidationError
from app.domain.idnumber import (
    check_digit,
    make_id_number,
    mask_id_number,
    mask_middle,
    parse_id_number,
)

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "number", "region", "born", "gender"),
    [
        ("11010519491231002X", "11010519491231002X", "110105", date(1949, 12, 31), "female"),
        ("440524188001010014", "440524188001010014", "440524", date(1880, 1, 1), "male"),
        ("11010519491231002x", "11010519491231002X", "110105", date(1949, 12, 31), "female"),
        (" 11010519491231002X\n", "11010519491231002X", "110105", date(1949, 12, 31), "female"),
        ("110105 19491231 002X", "11010519491231002X", "110105", date(1949, 12, 31), "female"),
        (
            "１１０１０５１９４９１２３１００２ｘ",
            "11010519491231002X",
            "110105",
            date(1949, 12, 31),
            "female",
        ),
    ],
)
def test_valid_numbers_parse(text: str, number: str, region: str, born: date, gender: str) -> None:
    parsed = parse_id_number(text, today=TODAY)
    assert parsed.number == number
    assert parsed.region_code == region
    assert parsed.birth_date == born
    assert parsed.gender == gender


@pytest.mark.parametrize(
    ("text", "message_part"),
    [
        ("", "应为18位，实际为0位"),
        ("11010519491231002", "应为18位，实际为17位"),
        ("11010519491231002XX", "应为18位，实际为19位"),
        ("1101051949123100A2", "前17位应为数字"),
        ("X10105194912310021", "前17位应为数字"),
        ("11010519491231002Y", "最后一位应为数字或X"),
        ("110105194912310021", "校验码应为 X"),
        ("440524188001010015", "校验码应为 4"),
        ("110105194913310020", "19491331 不是有效日期"),
        ("110105200102290020", "20010229 不是有效日期"),
        ("110105179912310021", "早于1800年"),
        ("110105202611240020", "晚于今天"),
    ],
)
def test_invalid_numbers_name_the_problem(text: str, message_part: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_id_number(text, today=TODAY)
    assert message_part in str(caught.value)
    assert caught.value.field is None


def test_bad_date_is_reported_even_when_the_check_digit_matches() -> None:
    first17 = "11010519491331002"
    with pytest.raises(ValidationError, match="不是有效日期"):
        parse_id_number(first17 + check_digit(first17), today=TODAY)


def test_born_today_is_accepted() -> None:
    number = make_id_number("330225", TODAY, 1)
    assert parse_id_number(number, today=TODAY).birth_date == TODAY


@pytest.mark.parametrize(
    ("first17", "expected"),
    [("11010519491231002", "X"), ("44052418800101001", "4"), ("33022519900506123", "9")],
)
def test_check_digit(first17: str, expected: str) -> None:
    assert check_digit(first17) == expected


@pytest.mark.parametrize("first17", ["1101051949123100", "1101051949123100A", ""])
def test_check_digit_needs_17_digits(first17: str) -> None:
    with pytest.raises(ValidationError):
        check_digit(first17)


@pytest.mark.parametrize(
    ("day", "age"),
    [
        (date(2026, 12, 30), 76),
        (date(2026, 12, 31), 77),
        (date(2027, 1, 1), 77),
        (date(1949, 12, 31), 0),
    ],
)
def test_age_on(day: date, age: int) -> None:
    assert parse_id_number("11010519491231002X", today=TODAY).age_on(day) == age


def test_age_on_for_a_leap_day_birthday() -> None:
    person = parse_id_number(make_id_number("330225", date(2004, 2, 29), 2), today=TODAY)
    assert person.age_on(date(2022, 2, 28)) == 17
    assert person.age_on(date(2022, 3, 1)) == 18


@pytest.mark.parametrize(("sequence", "gender"), [(0, "female"), (1, "male"), (998, "female")])
def test_make_id_number_sequence_gives_gender(sequence: int, gender: str) -> None:
    number = make_id_number("330225", date(1990, 5, 6), sequence)
    assert number.startswith(f"33022519900506{sequence:03d}")
    assert parse_id_number(number, today=TODAY).gender == gender


@pytest.mark.parametrize(
    ("region", "sequence"), [("33022", 1), ("33022A", 1), ("330225", -1), ("330225", 1000)]
)
def test_make_id_number_refuses_bad_arguments(region: str, sequence: int) -> None:
    with pytest.raises(ValueError):
        make_id_number(region, date(1990, 5, 6), sequence)


@given(
    region=st.from_regex(r"[1-9][0-9]{5}", fullmatch=True),
    born=st.dates(min_value=date(1800, 1, 1), max_value=TODAY),
    sequence=st.integers(min_value=0, max_value=999),
)
def test_make_id_number_round_trips(region: str, born: date, sequence: int) -> None:
    number = make_id_number(region, born, sequence)
    parsed = parse_id_number(number, today=TODAY)
    assert parsed.number == number
    assert parsed.region_code == region
    assert parsed.birth_date == born
    assert parsed.gender == ("male" if sequence % 2 else "female")
    assert parse_id_number(number.lower(), today=TODAY) == parsed


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("330225199005061234", "330225********1234"),
        ("11010519491231002X", "110105********002X"),
        (" 330225199005061234 ", "330225********1234"),
        ("330225900506123", "330225*****6123"),
        ("12345678", "12****78"),
        ("123", "***"),
        ("", ""),
    ],
)
def test_mask_id_number(number: str, masked: str) -> None:
    assert mask_id_number(number) == masked


@given(text=st.text(max_size=40), head=st.integers(0, 8), tail=st.integers(0, 8))
def test_mask_middle_keeps_length_and_hides_something(text: str, head: int, tail: int) -> None:
    masked = mask_middle(text, head, tail)
    assert len(masked) == len(text)
    if text:
        assert "*" in masked
