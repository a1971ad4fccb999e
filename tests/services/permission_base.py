"""The small case base the permission and scope tests call every service on, built once.

Two towns of one county, a village committee, a mediator in each, one
account per role with no organisation (they see the whole base, so only the
permission table decides), disabled and locked accounts, and accounts tied
to a town, a village and a mediator for the scope tests.  Every service that
writes gets a record of its own (a received case to assign, an agreed case to
record a court application on, a raised matter to discuss…), so one copy can
take every call of one role in any order.  The ids are kept in the base itself
(a ``casebase_settings`` row), so each copy of the template finds them.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from app.domain.intake import IntakeInput, check_intake
from app.services.agreements import agreement as agreements
from app.services.agreements.scans import attach_signed_scan
from app.services.assignment.assign import assign
from app.services.assignment.objections import raise_objection
from app.services.assignment.referrals import decide, refer
from app.services.cases.intake import register_case
from app.services.documents.records import store
from app.services.mediation.archive import archive_case
from app.services.mediation.sessions import start_mediation
from app.services.meetings import proceedings as meetings
from app.services.organisations.network import add_relation
from app.services.security.users import SYSTEM
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import (
    Agreement,
    Case,
    CasebaseSetting,
    Mediator,
    Obligation,
    Organisation,
    Party,
    Region,
    RoutingRule,
    User,
)
from tests.services.fixtures import intake_json, seed_organisations
from tests.support.templates import Recipe

IDS_KEY = "test.permission_ids"
COUNTY, TOWN_A, TOWN_B = "330225", "330225103000", "330225104000"
VILLAGE_A, VILLAGE_B = "330225103201", "330225104201"
SIGNED = date(2026, 11, 20)
PDF = b"%PDF-1.4 signed copy"

ROLE_ACCOUNTS = {
    "as_admin": ("admin", None), "as_office": ("admin", "director"),
    "as_director": ("director", None), "as_mediator": ("mediator", None),
    "as_clerk": ("clerk", None), "as_village": ("village_official", None),
    "as_viewer": ("viewer", None), "as_disabled": ("clerk", None),
    "as_locked": ("clerk", None), "target": ("clerk", None),
}
"""Accounts with no organisation or region: they act on the whole base."""


def _intake(**overrides: Any) -> IntakeInput:
    check = check_intake(intake_json(**overrides), now=datetime(2026, 11, 23, 18, 0))
    assert check.value is not None, check.errors
    return check.value


def _network(db: Database) -> dict[str, int]:
    """Town B with a village and a committee, a mediator per committee, the scope accounts."""
    seed_organisations(db)
    with UnitOfWork(db, SYSTEM) as uow:
        s = uow.session
        regions = {r.code: r for r in s.execute(select(Region)).scalars()}
        orgs = {o.code: o for o in s.execute(select(Organisation)).scalars()}
        town_b = Region(code=TOWN_B, name="西周镇", level="town", parent=regions[COUNTY])
        village_b = Region(code=VILLAGE_B, name="上张村", level="village", parent=town_b)
        s.add_all([town_b, village_b])
        s.flush()
        orgs["XZ-TW"] = Organisation(code="XZ-TW", name="西周镇人民调解委员会", short_name="西",
                                     kind="town_committee", region_id=town_b.id,
                                     mediation_types=["people"])
        orgs["XK-CW"] = Organisation(code="XK-CW", name="溪口村人民调解委员会", short_name="溪口",
                                     kind="village_committee",
                                     region_id=regions[VILLAGE_A].id, mediation_types=["people"])
        s.add_all([orgs["XZ-TW"], orgs["XK-CW"]])
        s.flush()
        mediators = {}
        for key, name, code in (("m_county", "郑调解", "XS-ZX"), ("m_town_a", "王调解", "DC-TW"),
                                ("m_town_b", "陈调解", "XZ-TW")):
            mediators[key] = Mediator(name=name, specialties=["neighbour"], active=True,
                                      organisations=[orgs[code]])
            s.add(mediators[key])
        s.flush()
        for login, (role, case_role) in ROLE_ACCOUNTS.items():
            s.add(User(login=login, display_name=login, role=role, case_role=case_role,
                       active=login != "as_disabled",
                       locked_until=datetime(2999, 1, 1) if login == "as_locked" else None))
        for login, role, org, mediator in (
                ("clerk_a", "clerk", "DC-TW", None), ("clerk_b", "clerk", "XZ-TW", None),
                ("village_a", "village_official", "XK-CW", None),
                ("mediator_b", "mediator", "XZ-TW", "m_county")):
            s.add(User(login=login, display_name=login, role=role, organisation_id=orgs[org].id,
                       mediator_id=mediators[mediator].id if mediator else None))
        uow.commit()
        ids = {f"org_{code}": org.id for code, org in orgs.items()}
        ids.update({key: m.id for key, m in mediators.items()})
        ids["town_a"] = regions[TOWN_A].id
        ids["rule"] = int(s.scalars(select(RoutingRule.id).order_by(RoutingRule.id)).first() or 0)
    return ids


def _case(db: Database, **overrides: Any) -> int:
    return register_case(db, SYSTEM, _intake(**overrides)).case_id


def _in_mediation(db: Database, ids: dict[str, int]) -> int:
    case_id = _case(db)
    assign(db, SYSTEM, case_id, ids["org_XS-ZX"], [ids["m_county"]])
    start_mediation(db, SYSTEM, case_id)
    return case_id


def agreement_input(info: agreements.AgreementInfo) -> agreements.AgreementInput:
    """A complete written agreement: one payment of 3000 due on 1 December 2026."""
    debtor, creditor = info.parties[-1].party_id, info.parties[0].party_id
    return agreements.AgreementInput(
        form="written", facts="双方因排水沟堵塞发生争执。", disputed_matters="损失由谁承担。",
        responsibilities="被申请人负主要责任。", signed_on=SIGNED,
        obligations=(agreements.ObligationInput(debtor, creditor, "money", "赔偿款",
                                                Decimal("3000"), date(2026, 12, 1),
                                                "银行转账"),))


def _agreed(db: Database, ids: dict[str, int]) -> int:
    case_id = _in_mediation(db, ids)
    info = agreements.load_agreement(db, SYSTEM, case_id)
    agreements.save_agreement(db, SYSTEM, case_id, agreement_input(info))
    return case_id


def _set_status(db: Database, case_id: int, status: str) -> None:
    with UnitOfWork(db, SYSTEM) as uow:
        case = uow.session.get(Case, case_id)
        assert case is not None
        case.status, case.outcome = status, "agreed"
        uow.commit()


def _cases(db: Database, ids: dict[str, int]) -> None:
    """One case per writing service, in the state it needs."""
    for key in ("c_assign", "c_refer", "c_refuse"):
        ids[key] = _case(db)
    ids["c_pending_assign"] = _case(db)
    assign(db, SYSTEM, ids["c_pending_assign"], ids["org_DC-TW"], [ids["m_town_a"]])
    ids["c_pending_refer"] = _case(db)
    refer(db, SYSTEM, ids["c_pending_refer"], "交镇里调解", to_organisation_id=ids["org_DC-TW"])
    ids["c_outside"] = _case(db)
    refer(db, SYSTEM, ids["c_outside"], "当事人坚持诉讼", external="象山县人民法院", kind="court")
    decide(db, SYSTEM, ids["c_outside"], True)
    for key in ("c_start", "c_objection", "c_decide_objection"):
        ids[key] = _case(db)
        assign(db, SYSTEM, ids[key], ids["org_XS-ZX"], [ids["m_county"]])
    raise_objection(db, SYSTEM, ids["c_decide_objection"], ids["m_county"], "调解员是申请人亲属")
    for key in ("c_session", "c_close", "c_extend", "c_save"):
        ids[key] = _in_mediation(db, ids)
    for key in ("c_read", "c_application", "c_decision", "c_scan", "c_schedule", "c_followup",
                "c_performance", "c_prevented"):
        ids[key] = _agreed(db, ids)
    agreements.record_application(db, SYSTEM, ids["c_decision"], "象山县人民法院",
                                  date(2026, 11, 25))
    attach_signed_scan(db, SYSTEM, ids["c_read"], "签署件.pdf", PDF)
    ids["document"] = store(db, SYSTEM, PDF, "application", "pdf", case_id=ids["c_read"]).info.id
    with db.session() as s:
        ids["obligation"] = int(s.scalars(select(Obligation.id).join(Agreement).where(
            Agreement.case_id == ids["c_performance"])).one())
    for key in ("c_archive", "c_reopen"):
        ids[key] = _agreed(db, ids)
        _set_status(db, ids[key], "followed_up")
    archive_case(db, SYSTEM, ids["c_reopen"], "档案室", "good", "协议已履行", date(2026, 12, 2))
    ids["c_town_a"] = _case(db, organisation="DC-TW")
    ids["c_town_b"] = _case(db, organisation="XZ-TW", region=VILLAGE_B, claims="西周镇的纠纷")
    ids["c_village_a"] = _case(db, organisation="XK-CW")


def _parties(db: Database, ids: dict[str, int]) -> None:
    """Two records of one person (to merge), and the two parties every case shares."""
    person = {"role": "applicant", "kind": "person", "name": "王五"}
    other = {"role": "respondent", "kind": "person", "name": "赵六"}
    _case(db, parties=[{**person, "id_number": "330225198001010018"}, other])
    _case(db, parties=[{**person, "phone": "13800001111"}, other])
    with db.session() as s:
        found = {(name, bool(number)): pid for pid, name, number in s.execute(
            select(Party.id, Party.name, Party.id_number))}
    ids["p_keep"], ids["p_merge"] = found[("王五", True)], found[("王五", False)]
    ids["p_shared"], ids["p_edit"] = found[("张三丰", True)], found[("李四", True)]
    ids["relation"] = add_relation(db, SYSTEM, ids["m_town_b"], ids["p_shared"], "亲属")


def _meetings(db: Database, ids: dict[str, int]) -> None:
    """A meeting of 溪口村 with a matter at every stage, another to correct, a roster entry."""
    def meeting(day: int) -> int:
        return meetings.open_meeting(db, SYSTEM, meetings.MeetingInput(
            VILLAGE_A, datetime(2026, 11, day, 19), venue="村民说事室")).id

    ids["meeting"], ids["meeting_update"] = meeting(2), meeting(9)
    ids["member"] = meetings.add_member(db, SYSTEM, VILLAGE_A,
                                        meetings.MemberInput("张大伯", "villager")).id

    def item(stage: str) -> int:
        found = meetings.raise_item(db, SYSTEM, ids["meeting"], "张大伯", "public_works",
                                    "路灯损坏")
        if stage != "raised":
            meetings.record_discussion(db, SYSTEM, found.id, "同意维修", decision="村委会维修")
        if stage in ("in_progress", "done"):
            meetings.assign_item(db, SYSTEM, found.id, "王主任", date(2026, 12, 20))
        if stage == "done":
            meetings.complete_item(db, SYSTEM, found.id, date(2026, 11, 20))
        return found.id

    for key, stage in (("i_discuss", "raised"), ("i_case", "raised"), ("i_assign", "discussed"),
                       ("i_progress", "in_progress"), ("i_complete", "in_progress"),
                       ("i_evaluate", "done"), ("i_publicise", "done")):
        ids[key] = item(stage)


def fill(db: Database) -> None:
    """Build the base and record the ids the tests look up."""
    ids = _network(db)
    _cases(db, ids)
    _parties(db, ids)
    _meetings(db, ids)
    with UnitOfWork(db, SYSTEM) as uow:
        uow.session.add(CasebaseSetting(key=IDS_KEY, value=json.dumps(ids)))
        uow.commit()


PERMISSION_BASE = Recipe("permission_base", fill)
"""The template: built once per backend per test session, copied per test."""


def base_ids(db: Database) -> dict[str, int]:
    """The ids :func:`fill` recorded in this copy."""
    with db.session() as s:
        value = s.scalars(select(CasebaseSetting.value)
                          .where(CasebaseSetting.key == IDS_KEY)).one()
    ids: dict[str, int] = json.loads(value)
    return ids
