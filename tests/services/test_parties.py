"""The party registry: edit with checks and conflicts, merge keeping every link, audited reveal."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app.domain.errors import ValidationError
from app.services.cases.intake import register_case
from app.services.errors import ConflictError, PermissionDenied
from app.services.parties.registry import (
    get_party,
    merge_parties,
    reveal,
    search_parties,
    update_party,
)
from app.store import search
from app.store.database import Database
from app.store.models import AuditEntry, CaseParty, Party
from tests.services.fixtures import ADMIN, acting, intake, seed_organisations

CLERK = acting("clerk")
VIEWER = acting("guest")


@pytest.fixture
def base(db: Database) -> Database:
    seed_organisations(db)
    return db


def _party_id(db: Database, name: str) -> int:
    with db.session() as s:
        return int(s.execute(select(Party.id).where(Party.name == name)).scalar_one())


def test_detail_lists_cases_and_masks_for_viewer(base: Database) -> None:
    register_case(base, acting("clerk"), intake())
    register_case(base, acting("clerk"), intake(category="contract"))
    pid = _party_id(base, "张三丰")
    full = get_party(base, ADMIN, pid)
    assert full.id_number == "11010519491231002X" and len(full.cases) == 2
    masked = get_party(base, VIEWER, pid)
    assert masked.id_number == "110105********002X" and masked.masked
    assert masked.phone == "138****0000"
    assert masked.birth_date is None and full.birth_date is not None


def test_search_suggestions_by_fragment(base: Database) -> None:
    register_case(base, acting("clerk"), intake())
    assert [r.name for r in search_parties(base, VIEWER, "三丰")] == ["张三丰"]
    assert "张三丰" in [r.name for r in search_parties(base, VIEWER, "zs")]
    assert search_parties(base, VIEWER, "1370000") == []
    assert [r.name for r in search_parties(base, CLERK, "1370000")] == ["李四"]
    assert [r.name for r in search_parties(base, VIEWER, "13700000002")] == ["李四"]
    assert search_parties(base, VIEWER, "19491231") == []


def test_update_checks_fields_and_reindexes(base: Database) -> None:
    register_case(base, acting("clerk"), intake())
    pid = _party_id(base, "李四")
    version = get_party(base, ADMIN, pid).version
    with pytest.raises(ValidationError) as err:
        update_party(base, CLERK, pid, version, {"phone": "123"})
    assert err.value.field == "phone"
    update_party(base, CLERK, pid, version, {"name": "李思远", "phone": "13611112222"})
    detail = get_party(base, ADMIN, pid)
    assert (detail.name, detail.phone) == ("李思远", "13611112222")
    with base.engine.connect() as conn:
        assert search.find(conn, "party", "lsy") == [pid]
        assert search.find(conn, "case", "思远") != []


def test_update_from_stale_version_conflicts(base: Database) -> None:
    register_case(base, acting("clerk"), intake())
    pid = _party_id(base, "李四")
    version = get_party(base, ADMIN, pid).version
    update_party(base, acting("a"), pid, version, {"address": "甲"})
    with pytest.raises(ConflictError):
        update_party(base, acting("b"), pid, version, {"address": "乙"})
    assert get_party(base, ADMIN, pid).address == "甲"


def test_merge_keeps_every_case_link_and_is_audited(base: Database) -> None:
    register_case(base, acting("clerk"), intake())
    data = intake()
    first = data.parties[0]
    without_id = type(first)(**{**first.__dict__, "id_number": None, "phone": "13800009999",
                                "gender": None, "birth_date": None, "agent": None})
    second = register_case(base, acting("clerk"), type(data)(**{**data.__dict__,
                                                       "parties": (without_id, data.parties[1])}))
    with base.session() as s:
        ids = list(s.execute(select(Party.id).where(Party.name == "张三丰")
                             .order_by(Party.id)).scalars())
    assert len(ids) == 2
    moved = merge_parties(base, ADMIN, ids[0], ids[1])
    assert moved == 1
    detail = get_party(base, ADMIN, ids[0])
    assert len(detail.cases) == 2 and second.case_id in [c.case_id for c in detail.cases]
    with base.session() as s:
        assert s.get(Party, ids[1]).merged_into_id == ids[0]  # type: ignore[union-attr]
        assert not s.execute(select(CaseParty).where(CaseParty.party_id == ids[1])).first()
        merge = s.execute(select(AuditEntry).where(AuditEntry.action == "merge")).scalar_one()
        assert json.loads(merge.after or "{}")["merged"] == ids[1]
        moved_links = s.execute(select(AuditEntry).where(
            AuditEntry.entity == "case_parties", AuditEntry.action == "update")).scalars().all()
        assert len(moved_links) == 1
    with base.engine.connect() as conn:
        assert ids[1] not in search.find(conn, "party", "张三丰")


def test_merge_refuses_different_people(base: Database) -> None:
    register_case(base, acting("clerk"), intake())
    with pytest.raises(ValidationError):
        merge_parties(base, ADMIN, _party_id(base, "张三丰"), _party_id(base, "李四"))


def test_reveal_is_audited_and_denied_to_viewers(base: Database) -> None:
    register_case(base, acting("clerk"), intake())
    pid = _party_id(base, "张三丰")
    assert reveal(base, CLERK, pid) == ("11010519491231002X", "13800000000")
    with base.session() as s:
        entry = s.execute(select(AuditEntry).where(AuditEntry.action == "reveal")).scalar_one()
        assert (entry.user_login, entry.entity_id) == ("clerk", pid)
    with pytest.raises(PermissionDenied):
        reveal(base, VIEWER, pid)
