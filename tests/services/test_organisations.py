"""Admin of the network: regions, organisations, mediators with caseload, ties to parties."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.domain.errors import ValidationError
from app.services.assignment.assign import assign
from app.services.assignment.recommendation import recommend
from app.services.assignment.rules import move, rules
from app.services.errors import PermissionDenied
from app.services.organisations.network import (
    MediatorInput,
    OrganisationInput,
    add_relation,
    mediators,
    remove_relations,
    save_mediator,
    save_organisation,
    save_region,
)
from app.store.database import Database
from app.store.models import CaseParty, Organisation, Region
from tests.services.fixtures import ADMIN
from tests.services.routing_fixtures import Network, build_network, village_case


@pytest.fixture
def net(db: Database) -> Network:
    return build_network(db)


def test_regions_and_organisations_are_admin_only(db: Database, net: Network) -> None:
    with pytest.raises(PermissionDenied):
        save_region(db, net.town_clerk, "330225103202", "新村", "village", None)
    with db.session() as s:
        town = s.execute(select(Region.id).where(Region.code == "330225103000")).scalar_one()
    village = save_region(db, net.admin, "330225103202", "新村", "village", town)
    with pytest.raises(ValidationError) as err:
        save_region(db, net.admin, "330225103202", "重复", "village", town)
    assert err.value.field == "code"
    data = OrganisationInput("XC-CW", "新村人民调解委员会", "新村", "village_committee", village,
                             ("people",), ("neighbour",), net.town, phone="0574-65000000")
    org_id = save_organisation(db, net.admin, data)
    with pytest.raises(ValidationError):
        save_organisation(db, net.admin, OrganisationInput("X", "x", "x", "bad_kind", None))
    save_organisation(db, net.admin, OrganisationInput(**{**data.__dict__, "active": False}),
                      org_id)
    with db.session() as s:
        org = s.get(Organisation, org_id)
        assert org is not None and not org.active and org.categories == ["neighbour"]


def test_mediator_editing_shows_caseload_and_ties_block_recommendation(
        db: Database, net: Network) -> None:
    case_id = village_case(db)
    lead = net.village_mediators[0]
    assign(db, net.village_clerk, case_id, net.village, [lead])
    line = next(m for m in mediators(db, ADMIN, net.village) if m.id == lead)
    assert line.open_cases == 1 and line.specialties == ("neighbour",)
    new_id = save_mediator(db, net.admin, MediatorInput(
        "钱调解", (net.village, net.town), ("neighbour", "labour"), phone="139 0000 0009"))
    added = next(m for m in mediators(db, ADMIN) if m.id == new_id)
    assert added.phone == "13900000009" and set(added.organisation_ids) == {net.village,
                                                                              net.town}
    with pytest.raises(ValidationError) as err:
        save_mediator(db, net.admin, MediatorInput("钱调解", ()))
    assert err.value.field == "organisations"
    with pytest.raises(ValidationError) as err:
        save_mediator(db, net.admin, MediatorInput("钱调解", (net.town,), phone="12345"))
    assert err.value.field == "phone"
    assert new_id in [m.id for m in recommend(db, ADMIN, case_id).mediators]
    with db.session() as s:
        party = s.execute(select(CaseParty.party_id).where(CaseParty.case_id == case_id)
                          .limit(1)).scalar_one()
    rel = add_relation(db, net.admin, new_id, party, "表兄")
    assert new_id not in [m.id for m in recommend(db, ADMIN, case_id).mediators]
    assert next(m for m in mediators(db, ADMIN) if m.id == new_id).relations[0].relation == "表兄"
    remove_relations(db, net.admin, [rel])
    assert new_id in [m.id for m in recommend(db, ADMIN, case_id).mediators]


def test_reordering_rules_swaps_priorities(db: Database, net: Network) -> None:
    before = rules(db, ADMIN)
    move(db, net.admin, before[1].id, -1)
    after = rules(db, ADMIN)
    assert [r.id for r in after[:2]] == [before[1].id, before[0].id]
    with pytest.raises(PermissionDenied):
        move(db, net.village_clerk, before[0].id, 1)
