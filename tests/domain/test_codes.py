"""Fixed vocabularies: keys of the JSON/CLI contract and their labels."""

from __future__ import annotations

import gettext
from collections.abc import Iterator, Mapping

import pytest

from app.domain import codes, text
from app.domain.errors import ValidationError

VOCABULARIES: dict[str, Mapping[str, str]] = {
    "SOURCES": codes.SOURCES,
    "CATEGORIES": codes.CATEGORIES,
    "RISKS": codes.RISKS,
    "ROLES": codes.ROLES,
    "PARTY_KINDS": codes.PARTY_KINDS,
    "GENDERS": codes.GENDERS,
    "ORG_KINDS": codes.ORG_KINDS,
    "MEDIATION_TYPES": codes.MEDIATION_TYPES,
    "USER_ROLES": codes.USER_ROLES,
}


@pytest.mark.parametrize(
    ("vocab", "keys"),
    [
        (
            codes.SOURCES,
            "walk_in proactive grid_report hotline_12345 police_referral court_pre_filing "
            "court_entrusted petition_office department_referral villagers_meeting other",
        ),
        (
            codes.CATEGORIES,
            "marriage_family neighbour housing_homestead contract business_operation damages "
            "forest_land land_expropriation environment labour consumer medical "
            "traffic_accident property_management tourism intellectual_property internet "
            "village_affairs other",
        ),
        (codes.RISKS, "green yellow red"),
        (codes.ROLES, "applicant respondent third_party"),
        (codes.PARTY_KINDS, "person organisation"),
        (codes.GENDERS, "male female"),
        (
            codes.ORG_KINDS,
            "village_committee town_committee county_centre professional_committee "
            "court_studio police_office brand_studio admin_department enterprise_committee",
        ),
        (
            codes.MEDIATION_TYPES,
            "people administrative judicial police professional commercial",
        ),
        (codes.USER_ROLES, "admin director mediator clerk village_official viewer"),
    ],
)
def test_keys_are_the_contract_in_display_order(vocab: Mapping[str, str], keys: str) -> None:
    assert list(vocab) == keys.split()


@pytest.mark.parametrize("name", VOCABULARIES)
def test_labels_are_distinct_and_non_empty(name: str) -> None:
    labels = list(VOCABULARIES[name].values())
    assert all(label.strip() for label in labels)
    assert len(set(labels)) == len(labels)


def test_category_labels_follow_domain_section_4() -> None:
    assert codes.CATEGORIES["neighbour"] == "邻里纠纷"
    assert codes.CATEGORIES["traffic_accident"] == "道路交通事故"
    assert codes.CATEGORIES["village_affairs"] == "村务管理"


def test_ethnicities() -> None:
    assert len(codes.ETHNICITIES) == len(set(codes.ETHNICITIES)) == 56
    assert codes.ETHNICITIES[0] == "汉族"
    assert all(name.endswith("族") for name in codes.ETHNICITIES)
    assert {"蒙古族", "维吾尔族", "柯尔克孜族", "基诺族"} <= set(codes.ETHNICITIES)


class _English(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return {"邻里纠纷": "Neighbour dispute"}.get(message, message)


@pytest.fixture
def english() -> Iterator[None]:
    text.install(_English())
    yield
    text.install(gettext.NullTranslations())


def test_label_translates_when_shown(english: None) -> None:
    assert codes.label(codes.CATEGORIES, "neighbour") == "Neighbour dispute"
    assert codes.label(codes.CATEGORIES, "labour") == "劳动争议"


def test_label_of_an_unknown_key_is_the_key() -> None:
    assert codes.label(codes.CATEGORIES, "retired_code") == "retired_code"


def test_require_key_accepts_known_keys() -> None:
    assert codes.require_key(codes.RISKS, "red", "risk") == "red"


@pytest.mark.parametrize("key", ["purple", "", "Red", None, 1, ["red"]])
def test_require_key_names_the_field_and_the_choices(key: object) -> None:
    with pytest.raises(ValidationError) as caught:
        codes.require_key(codes.RISKS, key, "risk")
    assert caught.value.field == "risk"
    assert "green, yellow, red" in caught.value.message
    assert caught.value.with_field("cases[3]").field == "cases[3].risk"
