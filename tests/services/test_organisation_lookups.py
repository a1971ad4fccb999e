"""The lookups by which scripts name organisations (by code) and mediators (by name)."""

from __future__ import annotations

import pytest

from app.services.organisations.network import MediatorInput, save_mediator
from app.services.organisations.queries import active_mediator_ids, organisation_id_for_code
from app.store.database import Database
from tests.services.fixtures import ADMIN
from tests.services.routing_fixtures import Network, build_network


@pytest.fixture
def net(db: Database) -> Network:
    return build_network(db)


def test_organisation_by_code(db: Database, net: Network) -> None:
    assert organisation_id_for_code(db, ADMIN, "XK-CW") == net.village
    assert organisation_id_for_code(db, ADMIN, "XS-YL") == net.medical
    assert organisation_id_for_code(db, ADMIN, "xk-cw") is None
    assert organisation_id_for_code(db, ADMIN, "") is None


def test_mediator_by_name_counts_only_active_namesakes(db: Database, net: Network) -> None:
    assert active_mediator_ids(db, ADMIN, "周调解") == [net.village_mediators[0]]
    assert active_mediator_ids(db, ADMIN, "无此人") == []
    retired = save_mediator(db, net.admin, MediatorInput("周调解", (net.town,), active=False))
    assert active_mediator_ids(db, ADMIN, "周调解") == [net.village_mediators[0]]
    namesake = save_mediator(db, net.admin, MediatorInput("周调解", (net.county,)))
    assert active_mediator_ids(db, ADMIN, "周调解") == sorted([net.village_mediators[0], namesake])
    assert retired not in active_mediator_ids(db, ADMIN, "周调解")
