"""The elements an agreement must contain, and the 30-day window for court confirmation."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from app.domain import agreement_rules as rules
from app.domain.errors import ValidationError

COMPLETE = rules.AgreementElements(
    form="written",
    parties=(rules.PartyElement("张三", True), rules.PartyElement("李四", True)),
    facts="张三家的排水管漏水，浸湿李四家墙面。",
    disputed_matters="维修费用由谁承担。",
    responsibilities="张三负主要责任。",
    obligations=(rules.ObligationElement("money", "维修费", Decimal("1200"), date(2026, 12, 1),
                                         "现金"),),
    terms=None, mediators=("王调解",), organisation="某村人民调解委员会", copies=None)


def test_a_complete_agreement_passes() -> None:
    rules.check_agreement_elements(COMPLETE)


@pytest.mark.parametrize(("change", "element"), [
    ({"facts": " "}, "纠纷主要事实"),
    ({"disputed_matters": None}, "争议事项"),
    ({"responsibilities": ""}, "各方责任"),
    ({"obligations": (), "terms": ""}, "协议内容"),
    ({"mediators": ()}, "人民调解员"),
    ({"organisation": ""}, "调解组织印章"),
    ({"copies": 2}, "协议份数"),
    ({"parties": (rules.PartyElement("张三", True),)}, "当事人基本情况"),
    ({"parties": (rules.PartyElement("张三", True), rules.PartyElement("李四", False))},
     "当事人基本情况"),
    ({"obligations": (rules.ObligationElement("money", "维修费", Decimal("1200"), None, "现金"),)},
     "履行方式和期限"),
    ({"obligations": (rules.ObligationElement("money", "维修费", Decimal("1200"),
                                              date(2026, 12, 1), None),)}, "履行方式和期限"),
    ({"obligations": (rules.ObligationElement("money", "维修费", None, date(2026, 12, 1),
                                              "现金"),)}, "协议内容"),
])
def test_a_missing_element_is_refused_by_name(change: dict[str, object], element: str) -> None:
    with pytest.raises(ValidationError, match=f"缺少必备要素“{element}”"):
        rules.check_agreement_elements(replace(COMPLETE, **change))  # type: ignore[arg-type]


def test_an_oral_agreement_needs_fewer_elements() -> None:
    oral = replace(COMPLETE, form="oral", responsibilities=None, disputed_matters=None,
                   organisation=None,
                   parties=(rules.PartyElement("张三", False), rules.PartyElement("李四", False)))
    rules.check_agreement_elements(oral)
    with pytest.raises(ValidationError, match="人民调解员"):
        rules.check_agreement_elements(replace(oral, mediators=("",)))


def test_copies_are_one_per_party_plus_the_committee() -> None:
    assert rules.copies_needed(2) == 3
    rules.check_agreement_elements(replace(COMPLETE, copies=3))


def test_last_day_to_apply_is_thirty_days_after_effect() -> None:
    assert rules.confirmation_last_day(date(2026, 1, 31)) == date(2026, 3, 2)
    effective = date(2026, 11, 1)
    assert rules.confirmation_deadline(effective, date(2026, 11, 2)).state == "open"
    near = rules.confirmation_deadline(effective, date(2026, 11, 24))
    assert (near.state, near.days_left, near.last_day) == ("near", 7, date(2026, 12, 1))
    assert rules.confirmation_deadline(effective, date(2026, 12, 1)).state == "near"
    passed = rules.confirmation_deadline(effective, date(2026, 12, 2))
    assert (passed.state, passed.days_left) == ("passed", -1)


def test_application_must_fall_in_the_window_and_name_a_court() -> None:
    effective = date(2026, 11, 1)
    rules.check_application(effective, date(2026, 12, 1), "象山县人民法院")
    with pytest.raises(ValidationError, match="期限（应在2026年12月1日前申请）"):
        rules.check_application(effective, date(2026, 12, 2), "象山县人民法院")
    with pytest.raises(ValidationError, match="早于"):
        rules.check_application(effective, date(2026, 10, 31), "象山县人民法院")
    with pytest.raises(ValidationError, match="法院"):
        rules.check_application(effective, date(2026, 11, 5), " ")


def test_a_decision_needs_a_ruling_number_and_a_date_after_filing() -> None:
    applied = date(2026, 11, 5)
    rules.check_decision(applied, "confirmed", "（2026）浙0225民特12号", date(2026, 11, 12))
    with pytest.raises(ValidationError, match="确认有效或驳回"):
        rules.check_decision(applied, "maybe", "x", date(2026, 11, 12))
    with pytest.raises(ValidationError, match="裁定书编号"):
        rules.check_decision(applied, "rejected", "", date(2026, 11, 12))
    with pytest.raises(ValidationError, match="早于"):
        rules.check_decision(applied, "rejected", "x", date(2026, 11, 1))
    with pytest.raises(ValidationError, match="先登记"):
        rules.check_decision(None, "confirmed", "x", date(2026, 11, 12))
