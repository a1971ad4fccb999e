"""The one text rule: controls, lone surrogates and (in names) bidi overrides refused."""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

import pytest

from app.domain.errors import ValidationError
from app.domain.intake import check_intake
from app.domain.text_rules import TextKind, check_text, clean_text, text_problem
from tests.domain.test_intake import sample

NOW = datetime(2026, 11, 23, 10, 0)
REFUSED_EVERYWHERE = ["a\x00b", "\x1b[31m红\x1b[0m", "a\x07", "a\x7f", "a\x85b", "a\x9b",
                      "\ud800", "x\udfffy"]
BIDI = ["\u202e1202", "a\u202ab", "a\u202db", "a\u2066b", "a\u2069b"]


@pytest.mark.parametrize("value", REFUSED_EVERYWHERE)
@pytest.mark.parametrize("kind", list(TextKind))
def test_controls_and_lone_surrogates_are_refused_in_every_kind(value: str,
                                                               kind: TextKind) -> None:
    with pytest.raises(ValidationError) as caught:
        check_text(value, "facts", kind)
    assert caught.value.field == "facts"
    assert "U+" in caught.value.message


def test_line_breaks_and_tabs_only_in_free_text() -> None:
    assert check_text("第一行\n第二行\r\n\t第三行", "facts", TextKind.BLOCK)
    for kind in (TextKind.LINE, TextKind.IDENTITY):
        assert text_problem("张\n三", kind) is not None
        assert text_problem("张\t三", kind) is not None


@pytest.mark.parametrize("value", BIDI)
def test_bidi_overrides_are_refused_in_names_and_addresses_only(value: str) -> None:
    assert text_problem(value, TextKind.IDENTITY) is not None
    assert text_problem(value, TextKind.BLOCK) is None


@pytest.mark.parametrize("value", ["张三", "ئەخمەت", "Zhāng Sān", "𠀀村", "a\u200bb", "O'Brien"])
def test_ordinary_text_of_any_script_passes(value: str) -> None:
    assert text_problem(value, TextKind.IDENTITY) is None


def test_clean_text_trims_limits_and_checks() -> None:
    assert clean_text("  张三  ", "name", 10) == "张三"
    assert clean_text("   ", "name", 10, required=False) is None
    with pytest.raises(ValidationError, match="必须填写"):
        clean_text("", "name", 10)
    with pytest.raises(ValidationError, match="太长"):
        clean_text("张" * 11, "name", 10)
    with pytest.raises(ValidationError) as caught:
        clean_text("张\u202e三", "host", 10, kind=TextKind.IDENTITY)
    assert caught.value.field == "host"


TEXT_FIELDS = ["facts", "claims", "region", "organisation", "parties[0].name",
               "parties[0].address", "parties[0].occupation", "parties[0].ethnicity",
               "parties[0].agent.name", "parties[0].agent.relation", "parties[1].name",
               "parties[1].legal_representative", "parties[1].address"]


def _set(data: dict[str, Any], path: str, value: str) -> None:
    target: Any = data
    parts = path.replace("[", ".").replace("]", "").split(".")
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target[part]
    target[parts[-1]] = value


@pytest.mark.parametrize("field", TEXT_FIELDS)
@pytest.mark.parametrize("bad", ["\x00", "\x1b[31m", "\ud83d", "\x85"])
def test_intake_refuses_bad_characters_in_every_text_field_naming_it(field: str,
                                                                     bad: str) -> None:
    data = copy.deepcopy(sample())
    _set(data, field, f"汉{bad}族")
    check = check_intake(data, NOW)
    assert check.value is None
    assert field in [e.field for e in check.errors]


@pytest.mark.parametrize("field", ["parties[0].name", "parties[0].address",
                                   "parties[0].agent.name", "parties[1].legal_representative"])
def test_intake_refuses_bidi_overrides_in_names_and_addresses(field: str) -> None:
    data = copy.deepcopy(sample())
    _set(data, field, "王\u202e五")
    assert [e.field for e in check_intake(data, NOW).errors] == [field]


def test_intake_facts_may_break_lines_but_names_may_not() -> None:
    data = copy.deepcopy(sample())
    data["facts"] = "第一段。\n\n第二段：\t说明。"
    assert check_intake(data, NOW).ok
    data["parties"][0]["name"] = "张\n三"
    assert [e.field for e in check_intake(data, NOW).errors] == ["parties[0].name"]


@pytest.mark.parametrize("party_id", [2**70, 2**31, 0, -1])
def test_intake_refuses_record_ids_out_of_range(party_id: int) -> None:
    data = copy.deepcopy(sample())
    data["parties"][0]["party_id"] = party_id
    assert [e.field for e in check_intake(data, NOW).errors] == ["parties[0].party_id"]


def _two_people(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(sample())
    data["parties"] = [{"role": "applicant", "kind": "person", "name": "张三", **first},
                       {"role": "respondent", "kind": "person", "name": "张叁", **second}]
    return data


@pytest.mark.parametrize(("first", "second", "field"), [
    ({"id_number": "11010519491231002X"}, {"id_number": "11010519491231002x"},
     "parties[1].id_number"),
    ({"party_id": 7}, {"party_id": 7}, "parties[1].party_id"),
    ({}, {"agent": {"name": "张三", "id_number": "11010519491231002X"}, "party_id": 3},
     None),
])
def test_one_person_may_not_hold_two_roles_in_a_case(first: dict[str, Any],
                                                     second: dict[str, Any],
                                                     field: str | None) -> None:
    check = check_intake(_two_people(first, second), NOW)
    if field is None:
        assert check.ok
        return
    assert [e.field for e in check.errors] == [field]
    assert "parties[0]" in check.errors[0].message


def test_a_party_who_is_also_the_other_sides_agent_is_refused() -> None:
    data = _two_people({"id_number": "11010519491231002X"},
                       {"agent": {"name": "张三", "id_number": "11010519491231002X"}})
    check = check_intake(data, NOW)
    assert [e.field for e in check.errors] == ["parties[1].agent.id_number"]


def test_one_agent_may_act_for_two_parties() -> None:
    agent = {"name": "律师", "id_number": "440524188001010014"}
    data = _two_people({"id_number": "11010519491231002X", "agent": agent},
                       {"agent": dict(agent)})
    assert check_intake(data, NOW).ok


def test_two_organisations_with_one_credit_code_are_one_party() -> None:
    data = copy.deepcopy(sample())
    data["parties"].append({**data["parties"][1], "role": "third_party"})
    check = check_intake(data, NOW)
    assert [e.field for e in check.errors] == ["parties[2].credit_code"]
