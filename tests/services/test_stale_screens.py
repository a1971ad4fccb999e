"""Acting on a screen someone else has made stale: refused, and told who changed what.

Conflicts are told from the audit trail: the other person's name, when, and
the fields they changed (values where they are short and not masked).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.services.cases.detail import get_case as case_detail
from app.services.cases.guard import SeenCase
from app.services.cases.intake import refuse_case, register_case
from app.services.errors import ConflictError
from app.services.mediation.deadlines import extend_deadline
from app.services.parties.registry import get_party, update_party
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import Party, User
from tests.services.fixtures import ADMIN, acting, intake, seed_organisations


@pytest.fixture(autouse=True)
def _organisations(db: Database) -> None:
    seed_organisations(db)


def _named(db: Database, login: str, name: str) -> None:
    with UnitOfWork(db, ADMIN) as uow:
        user = uow.session.query(User).filter_by(login=login).one()
        user.display_name = name
        uow.commit()


def _case(db: Database) -> tuple[int, int]:
    case_id = register_case(db, acting("clerk"), intake()).case_id
    return case_id, case_detail(db, ADMIN, case_id).version


def test_action_on_a_stale_case_names_who_changed_what(db: Database) -> None:
    _named(db, "admin", "鲍文清")
    case_id, seen = _case(db)
    later = case_detail(db, ADMIN, case_id).deadline + timedelta(days=15)
    extend_deadline(db, ADMIN, case_id, later, "案情复杂", "主任")
    with pytest.raises(ConflictError) as err:
        refuse_case(db, acting("a"), SeenCase(case_id, seen), "不属于人民调解范围")
    message = str(err.value)
    assert "鲍文清" in message and "办理期限" in message and later.isoformat() in message
    assert case_detail(db, ADMIN, case_id).status != "refused"


def test_a_fresh_screen_and_a_plain_id_act(db: Database) -> None:
    case_id, _seen = _case(db)
    extend_deadline(db, ADMIN, case_id, date.today() + timedelta(days=60), "复杂", "主任")
    fresh = case_detail(db, ADMIN, case_id).version
    refuse_case(db, acting("a"), SeenCase(case_id, fresh), "不属于人民调解范围")
    assert case_detail(db, ADMIN, case_id).status == "refused"
    other, _v = _case(db)
    refuse_case(db, acting("a"), other, "不属于人民调解范围")
    assert case_detail(db, ADMIN, other).status == "refused"


def test_my_own_change_from_another_window_is_not_a_conflict(db: Database) -> None:
    case_id, seen = _case(db)
    extend_deadline(db, ADMIN, case_id, date.today() + timedelta(days=60), "复杂", "主任")
    refuse_case(db, ADMIN, SeenCase(case_id, seen), "不属于人民调解范围")
    assert case_detail(db, ADMIN, case_id).status == "refused"


def test_party_conflict_names_who_and_what_without_revealing_masked_values(db: Database
                                                                         ) -> None:
    _named(db, "a", "安明")
    register_case(db, acting("clerk"), intake())
    with db.session() as s:
        pid = s.query(Party.id).filter_by(name="李四").scalar()
    version = get_party(db, ADMIN, pid).version
    update_party(db, acting("a"), pid, version, {"address": "墙头镇溪口村8号",
                                                "phone": "13611112222"})
    with pytest.raises(ConflictError) as err:
        update_party(db, acting("b"), pid, version, {"address": "乙"})
    message = str(err.value)
    assert "安明" in message and "住址" in message and "墙头镇溪口村8号" in message
    assert "联系电话" in message and "13611112222" not in message
    assert get_party(db, ADMIN, pid).address == "墙头镇溪口村8号"
