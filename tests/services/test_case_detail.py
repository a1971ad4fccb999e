"""Case detail, JSON view and list search over a hand-made case base."""

from __future__ import annotations

import pytest

from app.services.cases.detail import case_json, get_case
from app.services.cases.intake import refuse_case, register_case
from app.services.cases.queries import CaseFilter, case_page, count_cases
from app.services.errors import NotFoundError
from app.store.database import Database
from tests.services.fixtures import ADMIN, acting, intake, intake_json, seed_organisations

CLERK = acting("clerk")
VIEWER = acting("look")


@pytest.fixture
def base(db: Database) -> Database:
    seed_organisations(db)
    return db


def test_detail_has_parties_agent_and_timeline(base: Database) -> None:
    result = register_case(base, CLERK, intake())
    refuse_case(base, acting("c"), result.case_id, "不属于人民调解范围")
    detail = get_case(base, ADMIN, result.number)
    assert detail.status == "refused" and detail.region_name == "溪口村"
    assert [p.role for p in detail.parties] == ["applicant", "agent", "respondent"]
    texts = [(e.who, e.text) for e in detail.timeline]
    assert texts[0] == ("clerk", "受理登记")
    assert any(who == "c" and "状态：已受理 → 不予受理" in text for who, text in texts)


def test_detail_masks_for_viewer(base: Database) -> None:
    result = register_case(base, CLERK, intake())
    applicant = get_case(base, VIEWER, result.case_id).parties[0]
    assert applicant.id_number == "110105********002X"
    assert applicant.birth_date is None
    assert "1949" not in str(case_json(get_case(base, VIEWER, result.case_id)))
    assert get_case(base, CLERK, result.case_id).parties[0].id_number == "11010519491231002X"


def test_unknown_number(base: Database) -> None:
    with pytest.raises(NotFoundError):
        get_case(base, ADMIN, "（2026）无字第1号")


def test_json_is_a_superset_of_the_intake_document(base: Database) -> None:
    result = register_case(base, CLERK, intake())
    shown = case_json(get_case(base, ADMIN, result.number))
    source = intake_json()
    for key in ("source", "received_at", "category", "facts", "claims", "amount",
                "people_involved", "region", "risk", "organisation"):
        assert shown[key] == source[key], key
    assert shown["parties"][0]["agent"]["relation"] == "子女"
    assert shown["parties"][0]["id_number"] == "11010519491231002X"
    for key in ("number", "status", "deadline", "mediators", "referrals", "sessions",
                "agreement", "judicial_confirmation", "followups", "documents"):
        assert key in shown


def test_list_search_and_attention_filter(base: Database) -> None:
    register_case(base, CLERK, intake())
    register_case(base, CLERK, intake(risk="red", parties=[
        {"role": "applicant", "kind": "person", "name": "王小明"},
        {"role": "respondent", "kind": "person", "name": "赵六"}]))
    assert count_cases(base, ADMIN, CaseFilter(text="wxm")) == 1
    assert count_cases(base, ADMIN, CaseFilter(text="三")) == 1
    assert count_cases(base, ADMIN, CaseFilter(attention=True)) == 1
    assert count_cases(base, ADMIN, CaseFilter(text="19491231")) == 1
    assert count_cases(base, VIEWER, CaseFilter(text="19491231")) == 0
    assert count_cases(base, VIEWER, CaseFilter(text="11010519491231002X")) == 1
    assert count_cases(base, ADMIN, CaseFilter(text="三", status="received")) == 1
    assert count_cases(base, ADMIN, CaseFilter(text="三", status="archived")) == 0
    rows = case_page(base, ADMIN, CaseFilter(text="赵"), 0, 10)
    assert [r.parties for r in rows] == ["王小明 — 赵六"]
