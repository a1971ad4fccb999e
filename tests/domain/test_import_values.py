"""Ledger cell values: every date and amount form offices type, and capitals read back."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import ValidationError
from app.domain.ledger_values import (
    cell_text,
    is_blank,
    parse_count,
    parse_ledger_amount,
    parse_ledger_date,
    parse_ledger_datetime,
    split_list,
)
from app.domain.money import amount_in_capitals, parse_capitals


@pytest.mark.parametrize("value", [
    date(2023, 5, 6), datetime(2023, 5, 6), "2023.5.6", "2023年5月6日", "2023/5/6",
    "2023-05-06", "2023-5-6", "2023 年 5 月 6 日", "2023年5月6号", "20230506", 20230506,
    45052, 45052.0, "45052", "二〇二三年五月六日", "２０２３．５．６",
])
def test_every_date_form_means_the_same_day(value: object) -> None:
    assert parse_ledger_date(value) == date(2023, 5, 6)


def test_times_are_kept_when_the_ledger_has_them() -> None:
    assert parse_ledger_datetime("2023/5/6 9:30") == datetime(2023, 5, 6, 9, 30)
    assert parse_ledger_datetime("2023年5月6日 14时05分") == datetime(2023, 5, 6, 14, 5)
    assert parse_ledger_datetime(45052.5) == datetime(2023, 5, 6, 12, 0)


@pytest.mark.parametrize("value", ["23.5.6", "2023.13.1", "2023.2.30", "五月六日", 12, "张三",
                                   True])
def test_what_is_not_a_date_is_refused(value: object) -> None:
    with pytest.raises(ValidationError):
        parse_ledger_date(value)


@pytest.mark.parametrize(("value", "amount"), [
    (12000, "12000.00"), (12000.5, "12000.50"), ("12,000.50", "12000.50"), ("¥12000", "12000.00"),
    ("12000元", "12000.00"), ("1.2万", "12000.00"), ("1.2万元", "12000.00"), ("3万", "30000.00"),
    ("0.35亿", "35000000.00"), ("壹万贰仟元", "12000.00"), ("壹万贰仟元整", "12000.00"),
    ("人民币壹万贰仟叁佰肆拾伍元陆角柒分", "12345.67"), ("一万二千元", "12000.00"),
    ("伍角", "0.50"), ("两千五百元", "2500.00"),
])
def test_every_amount_form(value: object, amount: str) -> None:
    assert parse_ledger_amount(value) == Decimal(amount)


@pytest.mark.parametrize("value", ["1.2345678万", "壹贰元", "12.345", "-5", "约一万", 0.001])
def test_what_is_not_an_amount_is_refused(value: object) -> None:
    with pytest.raises(ValidationError):
        parse_ledger_amount(value)


@given(st.integers(min_value=0, max_value=10**14 - 1))
def test_capitals_read_back_what_the_program_writes(cents: int) -> None:
    amount = Decimal(cents) / 100
    assert parse_capitals(amount_in_capitals(amount)) == amount


def test_counts_blanks_and_lists() -> None:
    assert parse_count("3人") == 3 and parse_count(4.0) == 4
    with pytest.raises(ValidationError):
        parse_count("几个")
    assert is_blank(None) and is_blank("／") and is_blank("无") and not is_blank(0)
    assert cell_text(12000.0) == "12000" and cell_text(datetime(2023, 5, 6)) == "2023-05-06"
    assert split_list("张三、李四,王五；赵六") == ["张三", "李四", "王五", "赵六"]
