"""Registering cases: numbering, party reuse, agents, repeat disputes, refusal, search index."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from app.domain.errors import IllegalTransition, ValidationError
from app.services.cases.intake import find_repeat_cases, refuse_case, register_case
from app.services.organisations.status import set_organisation_active, set_region_active
from app.store import search
from app.store.database import Database
from app.store.models import AuditEntry, Case, CaseNumberCounter, CaseParty, Party
from tests.services.fixtures import ADMIN, acting, intake, seed_organisations

CLERK = acting("clerk")


@pytest.fixture
def base(db: Database) -> Database:
    seed_organisations(db)
    return db


def test_first_case_gets_number_one(base: Database) -> None:
    result = register_case(base, CLERK, intake())
    assert result.number == "（2026）象调字第0001号"
    assert not result.needs_attention
    with base.session() as s:
        case = s.get(Case, result.case_id)
        assert case is not None
        assert case.status == "received" and case.registered_by == "clerk"
        assert str(case.deadline) == "2026-12-23"
        links = s.execute(select(CaseParty).where(CaseParty.case_id == case.id)
                          .order_by(CaseParty.id)).scalars().all()
        assert [link.role for link in links] == ["applicant", "agent", "respondent"]
        assert links[1].represents_id == links[0].id and links[1].relation == "子女"


def test_numbers_are_consecutive_per_organisation_and_use_its_pattern(base: Database) -> None:
    numbers = [register_case(base, CLERK, intake()).number for _ in range(3)]
    assert numbers[-1] == "（2026）象调字第0003号"
    town = register_case(base, CLERK, intake(organisation="DC-TW")).number
    assert town == "（2026）墙人调字第1号"
    next_year = register_case(base, CLERK, intake(received_at="2025-12-31T16:00")).number
    assert next_year == "（2025）象调字第0001号"


def test_known_party_is_reused_not_duplicated(base: Database) -> None:
    register_case(base, CLERK, intake())
    register_case(base, CLERK, intake())
    with base.session() as s:
        assert s.scalar(select(func.count()).select_from(Party)
                        .where(Party.id_number == "11010519491231002X")) == 1


def test_repeat_dispute_found_before_saving(base: Database) -> None:
    first = register_case(base, CLERK, intake())
    related = find_repeat_cases(base, ADMIN, intake().parties)
    assert [r.number for r in related] == [first.number]
    assert related[0].party_name in ("张三丰", "李四")


def test_group_dispute_needs_attention(base: Database) -> None:
    assert register_case(base, CLERK, intake(people_involved=12)).needs_attention
    assert register_case(base, CLERK, intake(risk="red")).needs_attention


def test_unknown_codes_write_nothing(base: Database) -> None:
    with pytest.raises(ValidationError) as err:
        register_case(base, CLERK, intake(organisation="NOPE"))
    assert err.value.field == "organisation"
    with pytest.raises(ValidationError) as err:
        register_case(base, CLERK, intake(region="999999"))
    assert err.value.field == "region"
    with base.session() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 0
        assert s.scalar(select(func.count()).select_from(Party)) == 0
        assert s.scalar(select(func.count()).select_from(CaseNumberCounter)) == 0


def test_intake_is_audited(base: Database) -> None:
    result = register_case(base, acting("c"), intake())
    with base.session() as s:
        entry = s.execute(select(AuditEntry).where(AuditEntry.entity == "cases",
                                                   AuditEntry.entity_id == result.case_id)
                          ).scalar_one()
    assert entry.user_login == "c" and entry.action == "insert"


def test_search_finds_new_case_by_every_kind_of_query(base: Database) -> None:
    result = register_case(base, CLERK, intake())
    with base.engine.connect() as conn:
        for query in ("三丰", "张", "zsf", "zs", "19491231", "138000", "排水沟", "0001号",
                      "李四"):
            assert search.find(conn, "case", query) == [result.case_id], query
        assert search.find(conn, "case", "王五") == []
        assert search.find(conn, "party", "张三") != []


def test_refusal_is_recorded_with_reason(base: Database) -> None:
    result = register_case(base, CLERK, intake())
    with pytest.raises(ValidationError):
        refuse_case(base, CLERK, result.case_id, "  ")
    refuse_case(base, CLERK, result.case_id, "属于劳动仲裁受理范围")
    with base.session() as s:
        case = s.get(Case, result.case_id)
        assert case is not None and case.status == "refused"
        assert case.refusal_reason == "属于劳动仲裁受理范围"
    with pytest.raises(IllegalTransition):
        refuse_case(base, CLERK, result.case_id, "again")


@pytest.mark.pg
def test_concurrent_intakes_get_consecutive_distinct_numbers(migrated_pg_url: str) -> None:
    db = Database(migrated_pg_url)
    seed_organisations(db)
    barrier = threading.Barrier(4)
    numbers: list[str] = []
    errors: list[BaseException] = []

    def clerk() -> None:
        try:
            barrier.wait()
            for _ in range(5):
                numbers.append(register_case(db, CLERK, intake()).number)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=clerk) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(numbers) == [f"（2026）象调字第{i:04d}号" for i in range(1, 21)]
    db.dispose()


def test_a_deactivated_organisation_or_region_takes_no_new_case(base: Database) -> None:
    set_region_active(base, ADMIN, "330225103201", False)
    with pytest.raises(ValidationError) as err:
        register_case(base, CLERK, intake(region="330225103201"))
    assert err.value.field == "region" and "已停用" in err.value.message
    set_organisation_active(base, ADMIN, "DC-TW", False)
    with pytest.raises(ValidationError) as err:
        register_case(base, CLERK, intake(organisation="DC-TW"))
    assert err.value.field == "organisation" and "已停用" in err.value.message
    with base.session() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 0
