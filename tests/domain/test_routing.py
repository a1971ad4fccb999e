"""Routing rules as shipped (migration 0003 seed): every category × risk × scale, and the edges."""

from __future__ import annotations

import importlib.util
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from app.domain.codes import CATEGORIES, RISKS
from app.domain.routing import CaseFacts, OrgRef, RegionRef, Rule, matching_rule, route

MIGRATION = (Path(__file__).parents[2] / "app" / "store" / "migrations" / "versions"
             / "0003_mediation_workflow.py")


def _seed_rules() -> list[Rule]:
    spec = importlib.util.spec_from_file_location("migration_0003", MIGRATION)
    assert spec is not None and spec.loader is not None
    module: Any = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [Rule(n + 1, *row) for n, row in enumerate(module.ROUTING_DEFAULTS)]


RULES = _seed_rules()
REGIONS = {r.id: r for r in (
    RegionRef(1, None, "county", "象山县"), RegionRef(2, 1, "town", "墙头镇"),
    RegionRef(3, 2, "village", "溪口村"), RegionRef(4, 3, "grid", "溪口村第一网格"),
    RegionRef(5, 1, "town", "石浦镇"), RegionRef(6, 5, "village", "东门村"))}
VILLAGE_CATEGORIES = tuple(c for c in CATEGORIES if c not in ("medical", "intellectual_property"))
PROFESSIONAL = {"medical": 20, "traffic_accident": 21, "labour": 22, "property_management": 23,
                "marriage_family": 24}
DEPARTMENTS = {"consumer": 30, "internet": 30, "tourism": 31, "forest_land": 32,
               "land_expropriation": 32, "housing_homestead": 32}
ORGS = [
    OrgRef(10, "溪口村调委会", "village_committee", 3, ("people",), VILLAGE_CATEGORIES),
    OrgRef(11, "东门村调委会", "village_committee", 6, ("people",), VILLAGE_CATEGORIES),
    OrgRef(12, "墙头镇调委会", "town_committee", 2, ("people",), ()),
    OrgRef(13, "石浦镇调委会", "town_committee", 5, ("people",), ()),
    OrgRef(14, "县矛调中心", "county_centre", 1, ("people", "administrative", "professional"), ()),
    *(OrgRef(i, f"{c}调委会", "professional_committee", 1, ("professional", "people"), (c,))
      for c, i in PROFESSIONAL.items()),
    OrgRef(30, "市场监管调解中心", "admin_department", 1, ("administrative",),
           ("consumer", "internet", "tourism")),
    OrgRef(31, "文旅调解室", "admin_department", 1, ("administrative",), ("tourism",)),
    OrgRef(32, "自然资源调处办", "admin_department", 1, ("administrative",),
           ("forest_land", "land_expropriation", "housing_homestead")),
    OrgRef(40, "法院诉前调解工作室", "court_studio", 2, ("people", "judicial"), ()),
    OrgRef(41, "石浦派出所警调室", "police_office", 5, ("people", "police"), ()),
]
RULE_PROFESSIONAL = ("medical", "traffic_accident", "labour", "property_management")
RULE_DEPARTMENT = ("consumer", "internet", "tourism", "forest_land", "land_expropriation")


def _expected(category: str, risk: str, people: int) -> tuple[int, str, bool]:
    """(first organisation, mediation type, supervised) the seed rules should give."""
    if risk == "red" or people >= 5:
        return 14, "people", True
    if category in RULE_PROFESSIONAL:
        return PROFESSIONAL[category], "professional", False
    if category in RULE_DEPARTMENT:
        return DEPARTMENTS[category], "administrative", False
    if category in VILLAGE_CATEGORIES:
        return 10, "people", False
    return 12, "people", False


@pytest.mark.parametrize("people", [2, 4, 5, 30])
@pytest.mark.parametrize("risk", list(RISKS))
@pytest.mark.parametrize("category", list(CATEGORIES))
def test_every_category_risk_and_scale(category: str, risk: str, people: int) -> None:
    result = route(CaseFacts(category, "walk_in", risk, people, 4), RULES, REGIONS, ORGS)
    first, mediation_type, supervised = _expected(category, risk, people)
    assert (result.organisations[0].id, result.mediation_type, result.supervised) == (
        first, mediation_type, supervised)
    assert result.reasons and all(o.reasons for o in result.organisations)
    assert 11 not in [o.id for o in result.organisations], "another village never covers it"


def test_place_based_default_lists_village_then_town_then_county() -> None:
    result = route(CaseFacts("neighbour", "walk_in", "green", 2, 4), RULES, REGIONS, ORGS)
    assert [o.id for o in result.organisations] == [10, 12, 14]
    assert "属于溪口村" in result.organisations[0].reasons[-1]
    assert "小事不出村" in result.reasons[0]


def test_court_and_police_channels() -> None:
    court = route(CaseFacts("contract", "court_pre_filing", "green", 2, 3), RULES, REGIONS, ORGS)
    assert court.organisations[0].id == 40 and "诉前委派" in court.reasons[0]
    entrusted = route(CaseFacts("contract", "court_entrusted", "green", 2, 3), RULES, REGIONS,
                      ORGS)
    assert entrusted.mediation_type == "judicial"
    police = route(CaseFacts("neighbour", "police_referral", "green", 2, 3), RULES, REGIONS, ORGS)
    assert [o.id for o in police.organisations] == [41]
    assert "不在纠纷发生地" in police.organisations[0].reasons[-1]


def test_no_organisation_of_the_rule_kind_falls_back_to_the_place() -> None:
    without_medical = [o for o in ORGS if o.id != PROFESSIONAL["medical"]]
    result = route(CaseFacts("medical", "walk_in", "green", 2, 3), RULES, REGIONS,
                   without_medical)
    assert result.mediation_type == "people"
    assert result.organisations[0].id == 12
    assert any("改按属地推荐" in r for r in result.reasons)


def test_disabled_or_edited_rules_change_the_route() -> None:
    case = CaseFacts("labour", "walk_in", "green", 2, 3)
    assert route(case, RULES, REGIONS, ORGS).organisations[0].id == PROFESSIONAL["labour"]
    labour = next(r for r in RULES if r.category == "labour")
    disabled = [replace(r, active=False) if r is labour else r for r in RULES]
    assert route(case, disabled, REGIONS, ORGS).organisations[0].id == 10
    to_department = [replace(r, organisation_kind="admin_department",
                             mediation_type="administrative") if r is labour else r
                     for r in RULES]
    assert route(case, to_department, REGIONS,
                 [*ORGS, OrgRef(33, "人社调解中心", "admin_department", 1, (), ("labour",))]
                 ).organisations[0].id == 33


def test_without_rules_or_place() -> None:
    case = CaseFacts("neighbour", "walk_in", "green", 2, None)
    assert matching_rule(case, []) is None
    result = route(case, [], REGIONS, ORGS)
    assert result.rule_id is None and result.mediation_type == "people"
    assert any("未登记纠纷发生地" in r for r in result.reasons)
    assert {o.kind for o in result.organisations} <= {"village_committee", "town_committee",
                                                      "county_centre"}


def test_priority_decides_between_matching_rules() -> None:
    case = CaseFacts("medical", "walk_in", "red", 2, 3)
    assert matching_rule(case, RULES).risk == "red"  # type: ignore[union-attr]
    reordered = [replace(r, priority=5) if r.category == "medical" else r for r in RULES]
    assert matching_rule(case, reordered).category == "medical"  # type: ignore[union-attr]
