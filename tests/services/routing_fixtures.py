"""A small county for assignment and referral tests: three levels, a medical committee."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.services.cases.intake import register_case
from app.services.security.users import UserInfo, add_user
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import Mediator, Organisation, Region
from tests.services.fixtures import ADMIN, acting, intake, seed_organisations


@dataclass(frozen=True)
class Network:
    """Ids of what the tests refer to."""

    county: int
    town: int
    village: int
    medical: int
    town_mediators: tuple[int, int, int]
    village_mediators: tuple[int, int]
    county_mediator: int
    admin: UserInfo
    town_clerk: UserInfo
    village_clerk: UserInfo


def build_network(db: Database) -> Network:
    """seed_organisations plus a village committee, a medical committee and mediators."""
    seed_organisations(db)
    with UnitOfWork(db, ADMIN) as uow:
        s = uow.session
        orgs = {o.code: o for o in s.execute(select(Organisation)).scalars()}
        regions = {r.code: r for r in s.execute(select(Region)).scalars()}
        county, town = orgs["XS-ZX"], orgs["DC-TW"]
        county.mediation_types = ["people", "administrative", "professional"]
        town.mediation_types = ["people"]
        town.parent_id = county.id
        village = Organisation(code="XK-CW", name="溪口村人民调解委员会", short_name="溪口",
                               kind="village_committee", region_id=regions["330225103201"].id,
                               mediation_types=["people"], parent_id=town.id)
        medical = Organisation(code="XS-YL", name="象山县医疗纠纷人民调解委员会",
                               short_name="象医", kind="professional_committee",
                               region_id=regions["330225"].id,
                               mediation_types=["professional"], categories=["medical"])
        s.add_all([village, medical])
        s.flush()

        def mediator(name: str, org: Organisation, region: str, specialties: list[str],
                     **kw: object) -> int:
            m = Mediator(name=name, specialties=specialties, region_id=regions[region].id,
                         organisations=[org], active=True, **kw)
            s.add(m)
            s.flush()
            return m.id

        town_ms = (mediator("王调解", town, "330225103000", ["neighbour"]),
                   mediator("陈调解", town, "330225103000", []),
                   mediator("张三丰", town, "330225103000", [], phone="13800000000"))
        village_ms = (mediator("周调解", village, "330225103201", ["neighbour"]),
                      mediator("吴调解", village, "330225103201", []))
        county_m = mediator("郑调解", county, "330225", ["medical"])
        ids = (county.id, town.id, village.id, medical.id)
        uow.commit()
    return Network(*ids, town_ms, village_ms, county_m, ADMIN,
                   add_user(db, ADMIN, "towny", "clerk", organisation_id=ids[1]),
                   add_user(db, ADMIN, "villy", "clerk", organisation_id=ids[2]))


def village_case(db: Database, **overrides: object) -> int:
    """A neighbour dispute in 溪口村, received by the village committee."""
    villy = acting("villy")
    return register_case(db, villy, intake(**{"organisation": "XK-CW", **overrides})).case_id


def county_case(db: Database, **overrides: object) -> int:
    """A neighbour dispute in 溪口村, received by the county centre."""
    return register_case(db, ADMIN, intake(**{"organisation": "XS-ZX", **overrides})).case_id
