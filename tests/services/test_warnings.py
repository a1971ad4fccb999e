"""The warning panel's lists and the deadline service, with fixed dates on both databases."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.domain.errors import DomainError
from app.services.cases.intake import register_case
from app.services.errors import PermissionDenied
from app.services.mediation.dashboard import overdue_cases, warning_board
from app.services.mediation.deadlines import (
    deadline_rules,
    extend_deadline,
    extensions,
    set_deadline_rule,
)
from app.services.security.users import UserInfo
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import Agreement, Case, JudicialConfirmation
from tests.services.fixtures import acting, intake, seed_organisations
from tests.services.mediation_fixtures import case_in

ADMIN = UserInfo("admin", "系统管理员", "admin", None, True)
M = acting("m")


def _numbers(rows: object) -> list[str]:
    return [r.number for r in rows.rows]  # type: ignore[attr-defined]


def test_due_soon_then_overdue_then_extended(db: Database) -> None:
    seed_organisations(db)
    running = case_in(db, "in_mediation")
    case_in(db, "not_agreed")
    number = _numbers(overdue_cases(db, ADMIN, date(2026, 12, 24)))
    assert len(number) == 1
    board = warning_board(db, ADMIN, date(2026, 12, 20))
    assert board.due_soon.total == 1 and board.overdue.total == 0
    assert warning_board(db, ADMIN, date(2026, 12, 19)).due_soon.total == 0
    late = warning_board(db, ADMIN, date(2026, 12, 24))
    assert late.overdue.total == 1 and late.overdue.rows[0].case_id == running
    assert late.overdue.rows[0].organisation == "象山县矛盾纠纷调处化解中心"
    with pytest.raises(DomainError):
        extend_deadline(db, ADMIN, running, date(2026, 12, 20), "双方同意", "李主任")
    extend_deadline(db, ADMIN, running, date(2027, 1, 22), "双方同意延长一个月", "李主任",
                    "张三丰")
    assert warning_board(db, ADMIN, date(2026, 12, 24)).overdue.total == 0
    [granted] = extensions(db, ADMIN, running)
    assert (granted.old_deadline, granted.new_deadline, granted.approved_by) == (
        date(2026, 12, 23), date(2027, 1, 22), "李主任")


def test_red_risk_supervised_and_missed_instalments(db: Database) -> None:
    seed_organisations(db)
    red = case_in(db, "assigned", risk="red")
    red_town = case_in(db, "in_mediation", risk="red", organisation="DC-TW")
    missed = case_in(db, "performing", agreement=True)
    with UnitOfWork(db, acting("setup")) as uow:
        s = uow.session
        for case_id in (red, red_town):
            case = s.get(Case, case_id)
            assert case is not None
            case.supervised = True
        uow.commit()
    board = warning_board(db, ADMIN, date(2026, 12, 9))
    assert [r.case_id for r in board.red_unescalated.rows] == [red_town]
    assert {r.case_id for r in board.supervised.rows} == {red, red_town}
    [line] = board.missed.rows
    assert (line.case_id, line.due_date, line.visit_by, line.enforceable) == (
        missed, date(2026, 12, 5), date(2026, 12, 9), False)
    assert str(line.outstanding) == "3000.00"
    with UnitOfWork(db, acting("setup")) as uow:
        agreement = uow.session.execute(select(Agreement).where(
            Agreement.case_id == missed)).scalar_one()
        uow.session.add(JudicialConfirmation(agreement_id=agreement.id, court="象山县人民法院",
                                             result="confirmed"))
        uow.commit()
    assert warning_board(db, ADMIN, date(2026, 12, 9)).missed.rows[0].enforceable


def test_rules_edited_by_admin_decide_new_deadlines(db: Database) -> None:
    seed_organisations(db)
    assert {r.source: r.days for r in deadline_rules(db, ADMIN)} == {
        "court_pre_filing": 30, "court_entrusted": 15, "other": 30}
    with pytest.raises(PermissionDenied):
        set_deadline_rule(db, UserInfo("w", "王", "mediator", None, True), "walk_in", 20)
    with pytest.raises(DomainError):
        set_deadline_rule(db, ADMIN, "walk_in", 0)
    set_deadline_rule(db, ADMIN, "walk_in", 20, "本县规定来访纠纷二十日内调结")
    set_deadline_rule(db, ADMIN, "other", 25)
    walk_in = register_case(db, acting("clerk"), intake()).case_id
    hotline = register_case(db, acting("clerk"), intake(source="hotline_12345")).case_id
    with db.session() as s:
        assert s.get(Case, walk_in).deadline == date(2026, 12, 13)  # type: ignore[union-attr]
        assert s.get(Case, hotline).deadline == date(2026, 12, 18)  # type: ignore[union-attr]
