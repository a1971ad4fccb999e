"""Division codes, the bundled list, and the checks a setup passes before anything is written."""

from __future__ import annotations

import pytest

from app.domain.divisions import check_code, level_of, parent_code, parse_divisions
from app.domain.errors import ValidationError
from app.domain.office_setup import (
    AccountSpec,
    MediatorSpec,
    OfficeSetup,
    OrganisationSpec,
    RegionSpec,
    check_setup,
    region_from,
)
from app.domain.office_setup_file import setup_from_mapping
from app.paths import resources_dir

PASSWORD = "Qiang2026tou"


@pytest.mark.parametrize(("code", "level", "parent"), [
    ("330000", "province", None),
    ("330200", "city", "330000"),
    ("330225", "county", "330200"),
    ("330225105", "town", "330225"),
    ("330225105000", "town", "330225"),
    ("330225105201", "village", "330225105000"),
    ("XS-01", None, None),
    ("3302251050", None, None),
])
def test_a_code_tells_its_level_and_parent(code: str, level: str | None,
                                           parent: str | None) -> None:
    assert level_of(code) == level
    assert parent_code(code) == parent


def test_codes_must_fit_their_level_and_parent() -> None:
    assert check_code("330225105", "town", "330225") == "330225105000"
    with pytest.raises(ValidationError, match="不是乡镇"):
        check_code("330225", "town", None)
    with pytest.raises(ValidationError, match="与上级"):
        check_code("330225105201", "village", "330225106000")
    with pytest.raises(ValidationError, match="必须属于一个村"):
        check_code("G1", "grid", None)
    assert check_code("330225105201-01", "grid", "330225105201") == "330225105201-01"


def test_the_bundled_list_holds_zhejiang_and_the_demo_county_towns() -> None:
    text = (resources_dir() / "divisions" / "330000-zhejiang.csv").read_text(encoding="utf-8")
    divisions = {d.code: d for d in parse_divisions(text.splitlines())}
    assert divisions["330000"].name == "浙江省"
    assert len([d for d in divisions.values() if d.level == "city"]) == 11
    counties = [d for d in divisions.values() if d.level == "county"]
    assert len(counties) == 90
    assert divisions["330225"].parent == "330200" and divisions["330383"].name == "龙港市"
    towns = [d for d in divisions.values() if d.parent == "330225"]
    assert len(towns) == 18 and divisions["330225105000"].name == "墙头镇"
    assert all(d.parent in divisions for d in divisions.values() if d.parent)


def test_a_bad_list_line_is_refused_with_its_number() -> None:
    with pytest.raises(ValidationError, match="第 3 行"):
        parse_divisions(["code,name", "330000,浙江省", "33,浙"])


def _office(**changes: object) -> OfficeSetup:
    base = {
        "regions": (RegionSpec("330225", "象山县", "county"),
                    region_from("330225105000", "墙头镇"),
                    RegionSpec("330225105201-01", "第一网格", "grid", "330225105201"),
                    region_from("330225105201", "塘岙村")),
        "organisations": (OrganisationSpec("QT", "墙头镇人民调解委员会", "墙头", "town_committee",
                                           "330225105000", "（{year}）墙调字第{seq:04d}号"),),
        "mediators": (MediatorSpec("陈国强", ("QT",), phone="138 0574 0001"),),
        "accounts": (AccountSpec("dengji", "周敏", "clerk", "QT", None, "Zhou2026min"),),
        "admin_password": PASSWORD,
    }
    base.update(changes)
    return OfficeSetup(**base)  # type: ignore[arg-type]


def test_a_good_setup_gets_parents_and_an_order_it_can_be_written_in() -> None:
    checked = check_setup(_office())
    assert [(r.code, r.parent) for r in checked.regions] == [
        ("330225", None), ("330225105000", "330225"), ("330225105201", "330225105000"),
        ("330225105201-01", "330225105201")]
    assert checked.mediators[0].phone == "13805740001"


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"regions": ()}, "regions", "至少要有一个行政区划"),
    ({"organisations": ()}, "organisations", "至少要有一个调解组织"),
    ({"regions": (RegionSpec("33022", "象山", "county"),)}, "regions[0].code", "不是县"),
    ({"regions": (RegionSpec("330225", "象山县", "county"),
                  RegionSpec("330225", "象山县", "county"))}, "regions", "重复"),
    ({"regions": (RegionSpec("330225105201", "塘岙村", "village", "330225105000"),)},
     "regions[0].parent", "不在清单中"),
    ({"organisations": (OrganisationSpec("Q T", "墙头", "墙头", "town_committee", None),)},
     "organisations[0].code", "组织代码只能"),
    ({"organisations": (OrganisationSpec("QT", "墙头", "墙头", "court", None),)},
     "organisations[0].kind", "不是有效的取值"),
    ({"organisations": (OrganisationSpec("QT", "墙头", "墙头", "town_committee", "330225999000"),)},
     "organisations[0].region", "不在本次录入"),
    ({"organisations": (OrganisationSpec("QT", "墙头", "墙头", "town_committee", None,
                                         "{year}墙调"),)},
     "organisations[0].number_pattern", "seq"),
    ({"mediators": (MediatorSpec("陈国强", ()),)}, "mediators[0].organisations", "至少要属于"),
    ({"mediators": (MediatorSpec("陈国强", ("QT",), phone="12345"),)}, "mediators[0].phone",
     "11位"),
    ({"accounts": (AccountSpec("admin", "王", "clerk"),)}, "accounts[0].login", "admin 已有"),
    ({"accounts": (AccountSpec("li", "李", "boss"),)}, "accounts[0].role", "不是有效的取值"),
    ({"accounts": (AccountSpec("li", "李", "clerk", mediator="王五"),)}, "accounts[0].mediator",
     "不在本次录入"),
    ({"accounts": (AccountSpec("li", "李", "clerk", password="short"),)},
     "accounts[0].password", "密码至少"),
    ({"admin_password": None}, "admin.password", "请设置系统管理员的密码"),
    ({"admin_password": "abcdefgh"}, "admin.password", "密码至少"),
])
def test_each_mistake_is_refused_with_where_it_is(changes: dict[str, object], field: str,
                                                  words: str) -> None:
    with pytest.raises(ValidationError, match=words) as caught:
        check_setup(_office(**changes))
    assert caught.value.field == field


def test_the_file_is_read_strictly_and_regions_may_be_codes_from_the_list() -> None:
    known = {d.code: d for d in parse_divisions(["330225,象山县", "330225105000,墙头镇"])}
    setup = setup_from_mapping({
        "admin": {"name": "王丽华"},
        "regions": ["330225", {"code": "330225105"}],
        "organisations": [{"code": "QT", "name": "墙头镇人民调解委员会", "kind": "town_committee",
                           "region": "330225105000"}],
    }, known)
    assert [(r.name, r.level) for r in setup.regions] == [("象山县", "county"), ("墙头镇", "town")]
    assert setup.organisations[0].short_name == "墙头镇人"
    assert check_setup(setup, need_password=False).admin_name == "王丽华"
    with pytest.raises(ValidationError, match="number_patern") as caught:
        setup_from_mapping({"organisations": [{"code": "QT", "name": "墙", "kind": "x",
                                               "number_patern": "x"}]})
    assert caught.value.field == "organisations[0].organisations.number_patern"
    with pytest.raises(ValidationError, match="缺少“kind”"):
        setup_from_mapping({"organisations": [{"code": "QT", "name": "墙"}]})
