"""Small hand-made case bases for service tests (demo data is tested on its own)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.domain.intake import IntakeInput, check_intake
from app.services.security.users import UserInfo
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import Organisation, Region

ADMIN = UserInfo("admin", "系统管理员", "admin", None, True)
"""The account every case base starts with: who acts in tests that are not about roles."""


def acting(login: str, role: str = "clerk") -> UserInfo:
    """Someone acting under ``login`` (the audit records it); the role counts only where checked."""
    return UserInfo(login, login, role, None, True)


def seed_organisations(db: Database) -> None:
    """A county, a town, a village and two organisations (codes XS-ZX, DC-TW)."""
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
