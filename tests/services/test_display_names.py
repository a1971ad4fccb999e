"""The case detail names people as readers know them, never by login, and tells events in order."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import event

from app.services.cases.detail import get_case
from app.services.cases.intake import register_case
from app.services.mediation.sessions import SessionInput, record_session
from app.services.security.names import display_names
from app.services.security.users import UserInfo
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import Agreement, Case, JudicialConfirmation, User
from tests.services.fixtures import ADMIN, intake, seed_organisations

RECEIVED = datetime(2026, 11, 23, 9, 30)
PEOPLE = {"lijg": "李建国", "wangf": "王芳", "zhaom": "赵敏", "sunl": "孙磊"}
ROLES = {"lijg": "clerk", "wangf": "mediator", "zhaom": "mediator", "sunl": "mediator"}


def _as(login: str) -> UserInfo:
    return UserInfo(login, PEOPLE[login], ROLES[login], None, True, None)


@pytest.fixture
def base(db: Database) -> Database:
    seed_organisations(db)
    with UnitOfWork(db, ADMIN) as uow:
        uow.session.add_all(User(login=login, display_name=name, role=ROLES[login])
                            for login, name in PEOPLE.items())
        uow.commit()
    return db


def _registered(db: Database) -> int:
    """A case registered by 李建国 and assigned, ready for mediation."""
    case_id = register_case(db, _as("lijg"), intake()).case_id
    with UnitOfWork(db, ADMIN) as uow:
        case = uow.session.get(Case, case_id)
        assert case is not None
        case.status = "assigned"
        uow.commit()
    return case_id


def _session(db: Database, actor: UserInfo, case_id: int, hour: int) -> None:
    record_session(db, actor, case_id, SessionInput(
        held_at=RECEIVED.replace(hour=hour), record="双方陈述了各自意见。"),
        now=datetime(2026, 11, 30, 18, 0))


def test_people_by_name_and_the_signing_after_the_day_it_follows(base: Database) -> None:
    case_id = _registered(base)
    _session(base, _as("wangf"), case_id, 14)
    with UnitOfWork(base, _as("zhaom")) as uow:
        agreement = Agreement(case_id=case_id, form="written", signed_on=RECEIVED.date(),
                              effective_on=RECEIVED.date())
        uow.session.add(agreement)
        uow.session.flush()
        uow.session.add(JudicialConfirmation(
            agreement_id=agreement.id, court="象山县人民法院", applied_on=date(2026, 11, 24),
            result="confirmed", ruling_number="（2026）浙0225民特1号",
            decided_on=date(2026, 11, 26)))
        uow.commit()

    detail = get_case(base, ADMIN, case_id)
    assert detail.registered_by == "李建国"
    told = [(e.who, e.text) for e in detail.timeline]
    assert told[0] == ("李建国", "受理登记")
    assert ("王芳", "调解会议") in told
    texts = [text for _who, text in told]
    assert texts.index("调解会议") < texts.index("签订调解协议")
    assert ("赵敏", "签订调解协议") in told
    assert ("赵敏", "向象山县人民法院申请司法确认") in told
    assert any(who == "象山县人民法院" and text.startswith("法院裁定") for who, text in told)
    for who, text in told:
        assert who and who not in PEOPLE, (who, text)
        assert not text.endswith("："), text


def test_an_event_nobody_recorded_is_credited_to_the_organisation(base: Database) -> None:
    case_id = _registered(base)
    with base.session() as s:
        s.add(Agreement(case_id=case_id, form="written", signed_on=date(2026, 11, 25)))
        s.commit()
    signing = next(e for e in get_case(base, ADMIN, case_id).timeline
                   if e.text == "签订调解协议")
    assert signing.who == "象山县矛盾纠纷调处化解中心" and signing.date_only


def _statements(db: Database, case_id: int) -> int:
    seen: list[str] = []

    def count(*_args: object) -> None:
        seen.append("statement")

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        get_case(db, ADMIN, case_id)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(seen)


def test_naming_costs_the_same_for_one_person_or_many(base: Database) -> None:
    one = _registered(base)
    many = _registered(base)
    _session(base, _as("wangf"), one, 10)
    for hour, login in ((10, "wangf"), (11, "zhaom"), (12, "sunl")):
        _session(base, _as(login), many, hour)
    assert _statements(base, many) == _statements(base, one)


def test_display_names_keeps_what_is_not_a_login(base: Database) -> None:
    with base.session() as s:
        assert display_names(s, ["lijg", "杜睿、黄轩磊", None, ""]) == {
            "lijg": "李建国", "杜睿、黄轩磊": "杜睿、黄轩磊"}
        assert display_names(s, []) == {}
