"""Small hand-made case bases for service tests (demo data is tested on its own)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from app.domain.intake import IntakeInput, check_intake
from app.services.security.users import SYSTEM, UserInfo
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import Organisation, Region, User

ACCOUNTS: dict[str, tuple[str, str | None]] = {
    "admin": ("admin", "director"),
    "clerk": ("clerk", None), "c": ("clerk", None), "a": ("clerk", None), "b": ("clerk", None),
    "m": ("mediator", None), "mediator": ("mediator", None), "wang": ("mediator", None),
    "w": ("mediator", None), "look": ("viewer", None), "guest": ("viewer", None),
}
"""The accounts service tests act as: login → (role, case role), none tied to a place.

Services read the acting account again from the case base, so every login a
test acts under must exist there (tests/services/conftest.py adds these).
"""

ADMIN = UserInfo("admin", "系统管理员", "admin", None, True, "director")
"""The account every case base starts with (also a director): who acts in tests not about roles."""


def acting(login: str) -> UserInfo:
    """Someone acting under ``login``, with the role :data:`ACCOUNTS` gives the account."""
    role, case_role = ACCOUNTS.get(login, ("clerk", None))
    return UserInfo(login, login, role, None, True, case_role)


def add_accounts(db: Database) -> None:
    """Create the :data:`ACCOUNTS` the base does not have yet, in one audited transaction."""
    with UnitOfWork(db, SYSTEM) as uow:
        s = uow.session
        existing = set(s.scalars(select(User.login)))
        s.add_all(User(login=login, display_name=login, role=role, case_role=case_role)
                  for login, (role, case_role) in ACCOUNTS.items() if login not in existing)
        uow.commit()


def seed_organisations(db: Database) -> None:
    """The test accounts, a county, a town, a village and two organisations (XS-ZX, DC-TW)."""
    add_accounts(db)
    with UnitOfWork(db, ADMIN) as uow:
        s = uow.session
        county = Region(code="330225", name="象山县", level="county")
        town = Region(code="330225103000", name="墙头镇", level="town", parent=county)
        village = Region(code="330225103201", name="溪口村", level="village", parent=town)
        s.add_all([county, town, village])
        s.flush()
        s.add(Organisation(code="XS-ZX", name="象山县矛盾纠纷调处化解中心", short_name="象",
                           kind="county_centre", region_id=county.id))
        s.add(Organisation(code="DC-TW", name="墙头镇人民调解委员会", short_name="墙",
                           kind="town_committee", region_id=town.id,
                           case_number_pattern="（{year}）墙人调字第{seq}号"))
        uow.commit()


def intake_json(**overrides: Any) -> dict[str, Any]:
    """A valid intake document (README.md's intake JSON)."""
    data: dict[str, Any] = {
        "source": "walk_in",
        "received_at": "2026-11-23T09:30",
        "category": "neighbour",
        "facts": "双方因院墙排水问题发生争执，申请人称被申请人堵塞排水沟。",
        "claims": "请求疏通排水沟并赔偿损失",
        "amount": "12000.00",
        "people_involved": 2,
        "region": "330225103201",
        "risk": "green",
        "organisation": "XS-ZX",
        "parties": [
            {"role": "applicant", "kind": "person", "name": "张三丰",
             "id_number": "11010519491231002X", "phone": "13800000000",
             "address": "溪口村1号", "occupation": "农民",
             "agent": {"name": "张小明", "phone": "13900000001", "relation": "子女"}},
            {"role": "respondent", "kind": "person", "name": "李四",
             "id_number": "440524188001010014", "phone": "13700000002"},
        ],
    }
    data.update(overrides)
    return data


def intake(**overrides: Any) -> IntakeInput:
    """A checked intake ready for register_case."""
    check = check_intake(intake_json(**overrides), now=datetime(2026, 11, 23, 18, 0))
    assert check.value is not None, check.errors
    return check.value
