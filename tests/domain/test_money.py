"""Money: parsing typed amounts and writing them in capitals (PBOC billing rules)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import ValidationError
from app.domain.money import (
    amount_in_capitals,
    format_amount_figures,
    parse_amount,
    rmb_capitals,
)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("12000", Decimal("12000.00")),
        ("12,000.50", Decimal("12000.50")),
        ("¥12000.5", Decimal("12000.50")),
        ("￥12,345.67", Decimal("12345.67")),
        (" 12000 ", Decimal("12000.00")),
        ("12000元", Decimal("12000.00")),
        ("人民币500", Decimal("500.00")),
        ("0", Decimal("0.00")),
        ("0.05", Decimal("0.05")),
        ("１２０００", Decimal("12000.00")),
        ("1,234,567.8", Decimal("1234567.80")),
        ("999999999999.99", Decimal("999999999999.99")),
    ],
)
def test_valid_amounts_parse(text: str, amount: Decimal) -> None:
    parsed = parse_amount(text)
    assert parsed == amount
    assert parsed.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("text", "message_part"),
    [
        ("", "不能为空"),
        ("  ", "不能为空"),
        ("-5", "不能为负数"),
        ("¥-5", "不能为负数"),
        ("-¥5", "不能为负数"),
        ("12.345", "两位小数"),
        ("0.001", "两位小数"),
        ("1000000000000", "小于1万亿元"),
        ("1,000,000,000,000.00", "小于1万亿元"),
        ("abc", "格式无效"),
        ("12,00", "格式无效"),
        ("1,2,3", "格式无效"),
        ("12.", "格式无效"),
        (".5", "格式无效"),
        ("1e5", "格式无效"),
        ("NaN", "格式无效"),
        ("+5", "格式无效"),
        ("5元5角", "格式无效"),
    ],
)
def test_invalid_amounts_are_refused(text: str, message_part: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_amount(text)
    assert message_part in str(caught.value)


@pytest.mark.parametrize(
    ("amount", "capitals"),
    [
        ("12345.67", "壹万贰仟叁佰肆拾伍元陆角柒分"),
        ("12345", "壹万贰仟叁佰肆拾伍元整"),
        ("6007.14", "陆仟零柒元壹角肆分"),
        ("16409.02", "壹万陆仟肆佰零玖元零贰分"),
        ("325.04", "叁佰贰拾伍元零肆分"),
        ("15", "壹拾伍元整"),
        ("10", "壹拾元整"),
        ("0", "零元整"),
        ("0.00", "零元整"),
        ("0.5", "伍角"),
        ("0.05", "伍分"),
        ("0.55", "伍角伍分"),
        ("100000000", "壹亿元整"),
        ("10000.05", "壹万元零伍分"),
        ("1000100", "壹佰万零壹佰元整"),
        ("1.20", "壹元贰角"),
        ("1.2", "壹元贰角"),
        ("1.01", "壹元零壹分"),
        # PBOC examples (both writings are allowed; we omit the optional 零).
        ("1409.50", "壹仟肆佰零玖元伍角"),
        ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
        ("107000.53", "壹拾万柒仟元伍角叁分"),
        ("1004.50", "壹仟零肆元伍角"),
        # A whole zero 万 section still needs its 零.
        ("100007000", "壹亿零柒仟元整"),
        ("100010000", "壹亿零壹万元整"),
        ("110000000", "壹亿壹仟万元整"),
        ("10000", "壹万元整"),
        ("10500", "壹万零伍佰元整"),
        ("100000000000", "壹仟亿元整"),
        ("999999999999.99", "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
    ],
)
def test_amount_in_capitals(amount: str, capitals: str) -> None:
    assert amount_in_capitals(Decimal(amount)) == capitals


@pytest.mark.parametrize(
    ("amount", "message_part"),
    [
        ("-1", "不能为负数"),
        ("0.001", "两位小数"),
        ("1000000000000", "小于1万亿元"),
        ("NaN", "必须是数字"),
        ("Infinity", "必须是数字"),
    ],
)
def test_capitals_refuse_what_is_not_an_amount(amount: str, message_part: str) -> None:
    with pytest.raises(ValidationError, match=message_part):
        amount_in_capitals(Decimal(amount))
    with pytest.raises(ValidationError, match=message_part):
        format_amount_figures(Decimal(amount))


def test_rmb_capitals_has_no_gap() -> None:
    assert rmb_capitals(Decimal("12345.67")) == "人民币壹万贰仟叁佰肆拾伍元陆角柒分"


@pytest.mark.parametrize(
    ("amount", "figures"),
    [
        ("12345.67", "¥12,345.67"),
        ("0", "¥0.00"),
        ("1000000", "¥1,000,000.00"),
        ("0.5", "¥0.50"),
        ("12345.670", "¥12,345.67"),
    ],
)
def test_format_amount_figures(amount: str, figures: str) -> None:
    assert format_amount_figures(Decimal(amount)) == figures


CENTS = st.integers(min_value=0, max_value=10**14 - 1)
FORBIDDEN = set("一二三四五六七八九十两廿毛另0123456789")


@given(CENTS)
def test_capitals_follow_the_zero_and_ending_rules(cents: int) -> None:
    capitals = amount_in_capitals(Decimal(cents) / 100)
    assert "零零" not in capitals
    assert not capitals.endswith("零")
    assert not FORBIDDEN & set(capitals)
    if cents % 100 == 0:
        assert capitals.endswith("元整")
    elif cents % 10 == 0:
        assert capitals.endswith("角")
    else:
        assert capitals.endswith("分")
    assert "整" not in capitals[:-1]
    if cents:
        assert not capitals.startswith("零")


@given(CENTS)
def test_parse_amount_reads_its_own_figures(cents: int) -> None:
    amount = Decimal(cents) / 100
    assert parse_amount(format_amount_figures(amount)) == amount
