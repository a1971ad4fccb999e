"""Intake validation: every bad field named precisely, nothing accepted half-checked."""

from __future__ import annotations

import copy
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from app.domain.intake import check_intake

NOW = datetime(2026, 11, 23, 10, 0)


def sample() -> dict[str, Any]:
    return {
        "source": "walk_in",
        "received_at": "2026-11-23T09:30",
        "category": "neighbour",
        "facts": "双方因院墙排水问题发生争执。",
        "claims": "请求对方疏通排水沟",
        "amount": "12000.00",
        "people_involved": 2,
        "region": "330225103201",
        "risk": "green",
        "organisation": "XS-ZX",
        "parties": [
            {"role": "applicant", "kind": "person", "name": "张三",
             "id_number": "11010519491231002X", "gender": "female", "birth_date": "1949-12-31",
             "ethnicity": "汉族", "phone": "13800000000", "address": "墙头村1号",
             "occupation": "农民",
             "agent": {"name": "李四", "phone": "13900000000", "relation": "子女"}},
            {"role": "respondent", "kind": "organisation", "name": "某某物业有限公司",
             "credit_code": "11320000MB151840XJ", "legal_representative": "王五",
             "phone": "0574-87654321", "address": "丹城镇"},
        ],
    }


def fields(data: dict[str, Any]) -> list[str]:
    return [e.field or "" for e in check_intake(data, NOW).errors]


def test_valid_intake_is_parsed() -> None:
    check = check_intake(sample(), NOW)
    assert check.ok and not check.warnings
    value = check.value
    assert value is not None
    assert value.received_at == datetime(2026, 11, 23, 9, 30)
    assert value.amount == Decimal("12000.00")
    applicant, respondent = value.parties
    assert applicant.birth_date == date(1949, 12, 31) and applicant.gender == "female"
    assert applicant.agent is not None and applicant.agent.relation == "子女"
    assert respondent.credit_code == "11320000MB151840XJ"
    assert not value.needs_attention


def test_gender_and_birth_date_come_from_id_number() -> None:
    data = sample()
    del data["parties"][0]["gender"], data["parties"][0]["birth_date"]
    value = check_intake(data, NOW).value
    assert value is not None
    assert (value.parties[0].gender, value.parties[0].birth_date) == ("female", date(1949, 12, 31))


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (("parties", 0, "id_number"), "110105194912310021", "parties[0].id_number"),
        (("parties", 0, "gender"), "male", "parties[0].gender"),
        (("parties", 0, "birth_date"), "1950-01-01", "parties[0].birth_date"),
        (("parties", 0, "phone"), "12345", "parties[0].phone"),
        (("parties", 0, "ethnicity"), "火星族", "parties[0].ethnicity"),
        (("parties", 0, "agent", "id_number"), "123", "parties[0].agent.id_number"),
        (("parties", 1, "role"), "judge", "parties[1].role"),
        (("source",), "fax", "source"),
        (("category",), "quarrel", "category"),
        (("risk",), "purple", "risk"),
        (("amount",), "-5", "amount"),
        (("amount",), "12.345", "amount"),
        (("people_involved",), "two", "people_involved"),
        (("people_involved",), 0, "people_involved"),
        (("received_at",), "2026-13-01T09:00", "received_at"),
        (("received_at",), "2030-01-01T09:00", "received_at"),
        (("facts",), "  ", "facts"),
    ],
)
def test_each_bad_field_is_named(path: tuple[Any, ...], value: Any, field: str) -> None:
    data = copy.deepcopy(sample())
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert field in fields(data)


def test_wrong_check_digit_message_names_the_right_one() -> None:
    data = sample()
    data["parties"][0]["id_number"] = "110105194912310021"
    error = check_intake(data, NOW).errors[0]
    assert error.field == "parties[0].id_number"
    assert "X" in error.message


def test_unknown_keys_are_refused() -> None:
    data = sample()
    data["colour"] = "blue"
    data["parties"][1]["nickname"] = "x"
    assert {"colour", "parties[1].nickname"} <= set(fields(data))


def test_both_sides_are_required() -> None:
    data = sample()
    data["parties"] = [data["parties"][0]]
    assert "parties" in fields(data)
    data["parties"] = []
    assert "parties" in fields(data)


def test_wrong_credit_check_char_is_only_a_warning() -> None:
    data = sample()
    data["parties"][1]["credit_code"] = "11320000MB151840XA"
    check = check_intake(data, NOW)
    assert check.ok
    assert [w.field for w in check.warnings] == ["parties[1].credit_code"]
    assert "J" in check.warnings[0].message


def test_malformed_credit_code_is_an_error() -> None:
    data = sample()
    data["parties"][1]["credit_code"] = "ABC"
    assert "parties[1].credit_code" in fields(data)


def test_group_or_red_needs_attention() -> None:
    data = sample()
    data["people_involved"] = 5
    value = check_intake(data, NOW).value
    assert value is not None and value.needs_attention
    data = sample()
    data["risk"] = "red"
    value = check_intake(data, NOW).value
    assert value is not None and value.needs_attention


def test_not_an_object() -> None:
    assert not check_intake([1, 2], NOW).ok


def test_every_error_reported_at_once() -> None:
    data = sample()
    data["source"] = "x"
    data["parties"][0]["phone"] = "1"
    data["parties"][1]["name"] = ""
    assert {"source", "parties[0].phone", "parties[1].name"} <= set(fields(data))


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [(("source",), ["walk_in"], "source"), (("parties", 0, "gender"), {}, "parties[0].gender"),
     (("parties", 0, "agent", "id_number"), 110105194912310021, "parties[0].agent.id_number"),
     (("risk",), 3, "risk"), (("parties", 0, "agent", "phone"), 13800000000, None)],
)
def test_wrong_json_types_are_errors_not_crashes(path: tuple[Any, ...], value: Any,
                                                 field: str | None) -> None:
    data = copy.deepcopy(sample())
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    check = check_intake(data, NOW)
    assert [e.field for e in check.errors] == ([field] if field else [])
