"""The elements an agreement must contain, and the 30-day window for court confirmation."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
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
    assert rules.confirmation_last_day(date(2025, 4, 25)) == date(2025, 5, 25)
    assert rules.last_day_text(date(2025, 5, 25)) == "2025年5月25日以前（含当日）"


EFFECTIVE = date(2026, 11, 1)


def _on_day(n: int) -> date:
    """The n-th day after the agreement took effect."""
    return EFFECTIVE + timedelta(days=n)


@pytest.mark.parametrize(("day", "state", "left"), [
    (1, "open", 29), (23, "open", 7), (24, "near", 6), (29, "near", 1), (30, "near", 0),
    (31, "passed", -1),
])
def test_the_last_week_warns_and_day_31_has_passed(day: int, state: str, left: int) -> None:
    deadline = rules.confirmation_deadline(EFFECTIVE, _on_day(day))
    assert (deadline.state, deadline.days_left, deadline.last_day) == (
        state, left, date(2026, 12, 1))


@pytest.mark.parametrize("day", [24, 29, 30])
def test_the_application_paper_is_allowed_up_to_day_30(day: int) -> None:
    deadline = rules.check_confirmation_paper(EFFECTIVE, _on_day(day))
    assert deadline.state == "near"
    warning = rules.deadline_warning(deadline)
    assert "2026年12月1日" in warning
    assert ("仅剩" in warning) if day < 30 else ("今天" in warning)


def test_the_application_paper_is_refused_on_day_31_naming_the_day_and_the_way_left() -> None:
    with pytest.raises(ValidationError) as refused:
        rules.check_confirmation_paper(EFFECTIVE, _on_day(31))
    message = str(refused.value)
    assert "2026年12月1日（含当日）届满" in message
    assert "起诉" in message and "新的协议" in message and "第三十二条" in message


def test_an_application_filed_in_time_may_be_printed_again_later() -> None:
    filed = _on_day(12)
    assert rules.check_confirmation_paper(EFFECTIVE, _on_day(400), filed).state == "open"
    with pytest.raises(ValidationError):
        rules.check_confirmation_paper(EFFECTIVE, _on_day(400), _on_day(31))


def test_application_must_fall_in_the_window_and_name_a_court() -> None:
    effective = date(2026, 11, 1)
    rules.check_application(effective, date(2026, 12, 1), "象山县人民法院")
    with pytest.raises(ValidationError, match="期限：应在2026年12月1日以前（含当日）申请"):
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
