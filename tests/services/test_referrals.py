"""Referrals up and down the levels and in/out of the network, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.domain.errors import IllegalTransition, ValidationError
from app.services.assignment.assign import assign
from app.services.assignment.referrals import (
    decide,
    known_outside_bodies,
    refer,
    return_from_outside,
)
from app.services.assignment.state import case_routing
from app.services.cases.detail import get_case
from app.services.errors import PermissionDenied
from app.store.database import Database
from app.store.models import Case, Referral
from tests.services.fixtures import ADMIN
from tests.services.routing_fixtures import Network, build_network, county_case, village_case


@pytest.fixture
def net(db: Database) -> Network:
    return build_network(db)


def _state(db: Database, case_id: int) -> tuple[str, int | None]:
    with db.session() as s:
        case = s.get(Case, case_id)
        assert case is not None
        return case.status, case.current_organisation_id


def test_village_refers_up_and_town_accepts(db: Database, net: Network) -> None:
    case_id = village_case(db)
    assign(db, net.village_clerk, case_id, net.village, [net.village_mediators[0]])
    result = refer(db, net.village_clerk, case_id, "双方矛盾激烈，上提镇级调处",
                   to_organisation_id=net.town)
    assert (result.kind, result.pending) == ("up", True)
    assert _state(db, case_id) == ("referred_out", net.village)
    routing = case_routing(db, net.town_clerk, case_id)
    assert routing.pending is not None and routing.may_decide
    assert not case_routing(db, net.village_clerk, case_id).may_decide
    with pytest.raises(PermissionDenied):
        decide(db, net.village_clerk, case_id, True)
    decide(db, net.town_clerk, case_id, True)
    assert _state(db, case_id) == ("received", net.town)
    assign(db, net.town_clerk, case_id, net.town, [net.town_mediators[0]])
    texts = [e.text for e in get_case(db, net.admin, case_id).timeline]
    assert any("上报上级调解：溪口村人民调解委员会 → 墙头镇人民调解委员会" in t for t in texts)
    assert any(t == "墙头镇人民调解委员会 接收" for t in texts)


def test_down_and_transfer_kinds_follow_levels(db: Database, net: Network) -> None:
    case_id = county_case(db)
    assert refer(db, net.admin, case_id, "交镇里调解", to_organisation_id=net.town).kind == "down"
    decide(db, net.admin, case_id, False, "镇里人手不足")
    assert _state(db, case_id) == ("received", net.county)
    assert refer(db, net.admin, case_id, "医疗纠纷", to_organisation_id=net.medical
                 ).kind == "transfer"


def test_refer_out_to_court_and_back_keeps_one_history(db: Database, net: Network) -> None:
    case_id = village_case(db)
    refer(db, net.village_clerk, case_id, "当事人坚持诉讼", external="象山县人民法院",
          kind="court")
    with pytest.raises(ValidationError):
        return_from_outside(db, net.village_clerk, case_id, "法院退回")
    decide(db, net.village_clerk, case_id, True)
    assert known_outside_bodies(db, ADMIN) == ["象山县人民法院"]
    with db.session() as s:
        case = s.get(Case, case_id)
        assert case is not None and (case.status, case.outcome) == ("referred_out",
                                                                    "referred_out")
    assert case_routing(db, net.village_clerk, case_id).may_return_from_outside
    return_from_outside(db, net.village_clerk, case_id, "法院建议先行调解")
    assert _state(db, case_id) == ("received", net.village)
    with db.session() as s:
        kinds = [(r.kind, r.status) for r in s.execute(select(Referral)
                                                       .order_by(Referral.id)).scalars()]
    assert kinds == [("court", "accepted"), ("return", "accepted")]
    texts = [e.text for e in get_case(db, net.admin, case_id).timeline]
    assert any("引导诉讼（移送法院）：溪口村人民调解委员会 → 象山县人民法院" in t for t in texts)
    assert any("外部机关退回：象山县人民法院 → 溪口村人民调解委员会" in t for t in texts)


def test_inbound_court_delegation_is_recorded_at_intake(db: Database, net: Network) -> None:
    case_id = county_case(db, source="court_pre_filing")
    result = refer(db, net.admin, case_id, "诉前委派调解", external="象山县人民法院",
                   kind="court_pre_filing")
    assert not result.pending and _state(db, case_id) == ("received", net.county)
    assign(db, net.admin, case_id, net.county, [net.county_mediator])
    with pytest.raises(ValidationError):
        refer(db, net.admin, case_id, "again", external="象山县人民法院",
              kind="court_entrusted")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"kind": "court"}, "external"), ({"kind": "up"}, "to"), ({"kind": "nope"}, "kind"),
     ({"kind": "assign", "to_organisation_id": 0}, "kind"), ({"reason": " "}, "reason")],
)
def test_bad_referrals_write_nothing(db: Database, net: Network, kwargs: dict[str, object],
                                     field: str) -> None:
    case_id = village_case(db)
    values: dict[str, object] = {"reason": "理由"}
    values.update(kwargs)
    if values.get("to_organisation_id") == 0:
        values["to_organisation_id"] = net.town
    with pytest.raises(ValidationError) as err:
        refer(db, net.admin, case_id, **values)  # type: ignore[arg-type]
    assert err.value.field == field
    with db.session() as s:
        assert s.execute(select(Referral)).first() is None
    assert _state(db, case_id) == ("received", net.village)


def test_illegal_moves_are_refused_with_reason(db: Database, net: Network) -> None:
    case_id = village_case(db)
    refer(db, net.village_clerk, case_id, "移交公安", external="象山县公安局", kind="police")
    decide(db, net.village_clerk, case_id, True)
    with pytest.raises(IllegalTransition) as err:
        assign(db, net.admin, case_id, net.town)
    assert "移送" in str(err.value)
    with pytest.raises(ValidationError):
        decide(db, net.admin, case_id, True)
    with pytest.raises(ValidationError):
        refer(db, net.village_clerk, case_id, "x", to_organisation_id=net.village)
