"""A real office's first setup, setting aside what was entered by mistake, withdrawing referrals.

On SQLite and PostgreSQL: setup from the example file turns a new install into
the office's base in one transaction (nothing but what the file lists, no
demo row in any table, the administrator signs in with the new password),
refuses a base that holds anything, and writes nothing when the file is
wrong.  Deactivated regions and organisations leave the pickers but keep
their cases; a referral or assignment entered by mistake is withdrawn before
it is accepted, audited, and the case is back where it stood.
"""

from __future__ import annotations

import tomllib

import pytest
from sqlalchemy import func, select, text

from app.domain.errors import ValidationError
from app.domain.office_setup import MediatorSpec, OfficeSetup
from app.domain.office_setup_file import setup_from_mapping
from app.paths import resources_dir
from app.services.assignment.assign import assign
from app.services.assignment.referrals import decide, refer, withdraw
from app.services.casebase.divisions import divisions_by_code
from app.services.casebase.setup import BaseNotEmpty, needs_setup, set_up_office
from app.services.errors import PermissionDenied
from app.services.organisations import queries as organisation_queries
from app.services.organisations.network import save_region
from app.services.organisations.status import set_organisation_active, set_region_active
from app.services.security.users import authenticate, ensure_admin, get_user
from app.store.database import Database
from app.store.models import AuditEntry, Base, Case, CasebaseSetting, Referral
from tests.services.fixtures import ADMIN
from tests.services.routing_fixtures import Network, build_network, county_case, village_case

WITH_TEST_ACCOUNTS = False
"""Setup needs a new install: only the first ``admin`` account."""

PASSWORD = "Qiang2026tou"
SETUP_TABLES = {"regions", "organisations", "mediators", "mediator_organisations", "users",
                "audit_entries", "audit_heads", "routing_rules", "deadline_rules",
                "alembic_version", "casebase_settings"}
"""Tables a set-up base may have rows in: the office's own, the audit trail, the rules
every base starts with, and facts about the base itself (never the demo mark)."""


def example() -> OfficeSetup:
    with (resources_dir() / "setup" / "example.toml").open("rb") as file:
        data = tomllib.load(file)
    data["admin"]["password"] = PASSWORD
    return setup_from_mapping(data, divisions_by_code())


@pytest.fixture
def fresh(db: Database) -> Database:
    ensure_admin(db)
    return db


def test_setup_writes_the_office_and_nothing_else(fresh: Database) -> None:
    admin = get_user(fresh, "admin")
    assert needs_setup(fresh, admin)
    summary = set_up_office(fresh, admin, example())
    assert (summary.regions, summary.organisations, summary.mediators, summary.accounts) == (
        2, 2, 2, 2)
    assert not needs_setup(fresh, admin)
    with fresh.session() as s:
        filled = {name for name, table in Base.metadata.tables.items()
                  if s.scalar(select(func.count()).select_from(table))}
        assert filled <= SETUP_TABLES, filled - SETUP_TABLES
        assert s.scalar(select(func.count()).select_from(CasebaseSetting).where(
            CasebaseSetting.key == "demo")) == 0
        events = s.scalars(select(AuditEntry.after).where(
            AuditEntry.action == "office_setup")).all()
        assert len(events) == 1 and '"organisations": 2' in (events[0] or "")
    regions = organisation_queries.region_tree(fresh, admin)
    assert [(r.code, r.name, r.level) for r in regions] == [
        ("330225", "象山县", "county"), ("330225105000", "墙头镇", "town")]
    assert regions[1].parent_id == regions[0].id
    orgs = {o.code: o for o in organisation_queries.organisations(fresh, admin)}
    assert orgs["QT"].name == "象山县墙头镇人民调解委员会" and orgs["QT"].mediators == 2
    assert orgs["QT-LNJ"].region == "墙头镇"
    signed_in = authenticate(fresh, "admin", PASSWORD)
    assert signed_in.display_name == "王丽华"
    clerk = get_user(fresh, "dengji")
    assert (clerk.role, clerk.display_name) == ("clerk", "周敏")
    assert clerk.organisation_id is not None
    with fresh.session() as s:
        pattern = s.execute(text("SELECT case_number_pattern FROM organisations "
                                 "WHERE code = 'QT'")).scalar()
    assert pattern == "（{year}）象墙调字第{seq:04d}号"


def test_setup_refuses_a_base_that_is_not_empty(fresh: Database) -> None:
    admin = get_user(fresh, "admin")
    set_up_office(fresh, admin, example())
    with pytest.raises(BaseNotEmpty, match="空数据库"):
        set_up_office(fresh, admin, example())


def test_setup_refuses_the_demo(small_demo: Database) -> None:
    with pytest.raises(BaseNotEmpty, match="演示数据库"):
        set_up_office(small_demo, ADMIN, example())


def test_a_wrong_setup_writes_nothing(fresh: Database) -> None:
    admin = get_user(fresh, "admin")
    wrong = example()
    wrong = OfficeSetup(wrong.regions, wrong.organisations,
                        (*wrong.mediators, MediatorSpec("张三", ("NOPE",))),
                        wrong.accounts, PASSWORD)
    with pytest.raises(ValidationError, match="调解员第 3 项") as caught:
        set_up_office(fresh, admin, wrong)
    assert caught.value.field == "mediators[2].organisations"
    with pytest.raises(ValidationError, match="密码至少"):
        set_up_office(fresh, admin, OfficeSetup(wrong.regions, wrong.organisations,
                                                admin_password="short"))
    assert organisation_queries.region_tree(fresh, admin) == []
    assert needs_setup(fresh, admin)


def test_setup_needs_an_administrator(fresh: Database) -> None:
    admin = get_user(fresh, "admin")
    set_up_office(fresh, admin, example())
    with pytest.raises(PermissionDenied):
        set_up_office(fresh, get_user(fresh, "dengji"), example())


@pytest.fixture
def net(db: Database) -> Network:
    return build_network(db)


def test_deactivated_organisations_leave_the_pickers_but_keep_their_cases(
        db: Database, net: Network) -> None:
    case_id = county_case(db)
    with db.session() as s:
        medical = s.execute(text("SELECT code FROM organisations WHERE id = :i"),
                            {"i": net.medical}).scalar()
    assert set_organisation_active(db, net.admin, medical, False) == "象山县医疗纠纷人民调解委员会"
    codes = {o.code for o in organisation_queries.organisations(db, net.admin)}
    assert medical not in codes
    every = organisation_queries.organisations(db, net.admin, include_inactive=True)
    assert [o.active for o in every if o.code == medical] == [False]
    with pytest.raises(ValidationError, match="在用的调解组织"):
        assign(db, net.admin, case_id, net.medical)
    set_organisation_active(db, net.admin, medical, True)
    assert medical in {o.code for o in organisation_queries.organisations(db, net.admin)}
    with pytest.raises(ValidationError, match="在办案件"):
        set_organisation_active(db, net.admin, "XS-ZX", False)
    with pytest.raises(PermissionDenied):
        set_organisation_active(db, net.town_clerk, medical, False)


def test_a_region_is_deactivated_only_once_nothing_active_hangs_under_it(
        db: Database, net: Network) -> None:
    villages = [r for r in organisation_queries.region_tree(db, net.admin)
                if r.level == "village"]
    busy = next(r for r in villages if organisation_queries.organisations(db, net.admin, r.id))
    with pytest.raises(ValidationError, match="请先停用它们"):
        set_region_active(db, net.admin, busy.code, False)
    new_id = save_region(db, net.admin, busy.code[:9] + "299", "新村", "village", busy.parent_id)
    idle = next(r for r in organisation_queries.region_tree(db, net.admin) if r.id == new_id)
    set_region_active(db, net.admin, idle.code, False)
    assert idle.code not in {r.code for r in organisation_queries.region_tree(db, net.admin)}
    assert idle.code in {r.code for r in organisation_queries.region_tree(
        db, net.admin, include_inactive=True)}
    set_region_active(db, net.admin, idle.code, True)
    assert idle.code in {r.code for r in organisation_queries.region_tree(db, net.admin)}


def test_a_referral_entered_by_mistake_is_withdrawn(db: Database, net: Network) -> None:
    case_id = village_case(db)
    assign(db, net.village_clerk, case_id, net.village, [net.village_mediators[0]])
    with db.session() as s:
        before = s.execute(select(Case.status)).scalar()
    refer(db, net.village_clerk, case_id, "上提镇级", to_organisation_id=net.county)
    with pytest.raises(ValidationError, match="撤回的理由"):
        withdraw(db, net.village_clerk, case_id, " ")
    withdraw(db, net.village_clerk, case_id, "应报墙头镇，选错了组织")
    with db.session() as s:
        case = s.get(Case, case_id)
        assert case is not None
        assert (case.status, case.current_organisation_id, case.lead_mediator_id) == (
            before, net.village, net.village_mediators[0])
        referral = s.execute(select(Referral).where(Referral.case_id == case_id,
                                                    Referral.kind == "up")).scalar_one()
        assert referral.status == "withdrawn"
        assert referral.decision_reason == "应报墙头镇，选错了组织"
        audited = s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.entity == "referrals", AuditEntry.entity_id == referral.id,
            AuditEntry.after.contains("withdrawn")))
        assert audited == 1
    with pytest.raises(ValidationError, match="已接收的不能撤回"):
        withdraw(db, net.village_clerk, case_id, "再撤一次")
    refer(db, net.village_clerk, case_id, "上提镇级", to_organisation_id=net.town)
    decide(db, net.town_clerk, case_id, True)
    with pytest.raises(ValidationError, match="已接收的不能撤回"):
        withdraw(db, net.village_clerk, case_id, "晚了")


def test_a_pending_assignment_is_withdrawn_like_a_refusal(db: Database, net: Network) -> None:
    case_id = county_case(db)
    result = assign(db, net.admin, case_id, net.town, [net.town_mediators[0]])
    assert result.pending
    withdraw(db, net.admin, case_id, "应由县中心自己调处")
    with db.session() as s:
        case = s.get(Case, case_id)
        assert case is not None
        assert (case.status, case.current_organisation_id, case.lead_mediator_id) == (
            "received", net.county, None)


def test_the_admin_page_takes_only_codes_that_fit_their_level(db: Database, net: Network) -> None:
    towns = [r for r in organisation_queries.region_tree(db, net.admin) if r.level == "town"]
    town = towns[0]
    with pytest.raises(ValidationError, match="不是村") as caught:
        save_region(db, net.admin, "12345", "坏村", "village", town.id)
    assert caught.value.field == "code"
    other = "330225999000" if town.code != "330225999000" else "330225998000"
    with pytest.raises(ValidationError, match="与上级"):
        save_region(db, net.admin, other[:9] + "201", "错村", "village", town.id)
    grid = save_region(db, net.admin, town.code[:9] + "201-01", "第一网格", "grid", town.id)
    assert grid > 0
