"""The fixed part of the demo county: region tree, organisations, mediators, accounts.

A real coastal county has towns and streets with their villages and grids, a
committee in every village and town, a county centre, professional committees,
court and police studios, brand studios, administrative departments and
enterprise committees, each with mediators; the cases are drawn against this
network.  It is small (a few thousand rows) and written with ordinary inserts.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, insert, select

from app.demo import words
from app.demo.people import COUNTY_CODE, People
from app.demo.profiles import (
    CATEGORIES_BY_KIND,
    GENERAL_CATEGORIES,
    KIND_SHARES,
    LEVELS,
    MEDIATION_TYPES,
    MEDIATORS_PER_KIND,
    SOURCES_BY_KIND,
)
from app.demo.values import CN_ORDINALS, Weighted
from app.demo.writer import orm_table
from app.domain.case_number import DEFAULT_PATTERN, validate_pattern
from app.domain.codes import CATEGORIES
from app.domain.text import _
from app.store import models as m


@dataclass(eq=False)
class Village:
    """A village or community, its grids and what its residents' addresses start with."""

    id: int
    code: str
    name: str
    town: Town
    community: bool
    grids: list[int] = field(default_factory=list)
    prefixes: tuple[str, ...] = ()
    org: Org | None = None


@dataclass(eq=False)
class Town:
    """A town, township or street (街道) with its villages and committee."""

    id: int
    code: str
    name: str
    short: str
    villages: list[Village] = field(default_factory=list)
    org: Org | None = None
    clerk: str | None = None


@dataclass(eq=False)
class Org:
    """A mediation organisation as the case generator needs it."""

    id: int
    code: str
    name: str
    short: str
    kind: str
    region_id: int
    villages: list[Village]
    categories: Weighted[str]
    sources: Weighted[str]
    weight: float
    town: Town | None = None
    pattern: str = DEFAULT_PATTERN
    mediators: list[tuple[int, str]] = field(default_factory=list)
    registered_by: str | None = None
    row: dict[str, Any] = field(default_factory=dict)

    @property
    def level(self) -> str:
        """Where a case it settles counts as resolved: village, town or county."""
        return LEVELS.get(self.kind, "county")


class County:
    """The fixed part of the data set: regions, organisations, mediators, users."""

    def __init__(self, conn: Connection, rng: random.Random, people: People, today: int,
                 next_ids: dict[str, int]) -> None:
        self.conn = conn
        self.rng = rng
        self.people = people
        self.today = today
        self.ids = next_ids
        self.towns: list[Town] = []
        self.villages: list[Village] = []
        self.orgs: list[Org] = []
        self.county_id = 0
        self.centre: Org
        self.professional: dict[str, Org] = {}
        self.meeting_villages: list[Village] = []
        """The villages that hold 村民说事 and have a village official's account."""
        self.counts: dict[str, int] = {}

    def next_id(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def build(self) -> None:
        """Create and write the whole structure."""
        self._regions()
        self._organisations()
        self._mediators()
        self._users()

    def _regions(self) -> None:
        rng = self.rng
        rows: list[dict[str, Any]] = []

        def region(code: str, name: str, level: str, parent: int | None) -> int:
            rid = self.next_id("regions")
            rows.append({"id": rid, "code": code, "name": name, "level": level,
                         "parent_id": parent, "version": 1})
            return rid

        city = region(words.CITY[0], words.CITY[1], "city", None)
        self.county_id = region(COUNTY_CODE, words.COUNTY[1], "county", city)
        taken = {short + "村" for _c, _n, short in words.TOWNS} | {t[1] for t in words.TOWNS}
        for code3, name, short in words.TOWNS:
            town = Town(region(COUNTY_CODE + code3 + "000", name, "town", self.county_id),
                        COUNTY_CODE + code3, name, short)
            self.towns.append(town)
            street = name.endswith("街道")
            communities = 7 if street else (1 if name.endswith("镇") else 0)
            count = rng.randint(17, 23)
            for n in range(count):
                community = n < communities
                if community:
                    vname = self._fresh(taken, lambda: rng.choice(words.COMMUNITY_NAMES) + "社区")
                    vcode = f"{town.code}{n + 1:03d}"
                else:
                    seat = n == communities and not street
                    vname = short + "村" if seat else self._fresh(taken, self._village_name)
                    vcode = f"{town.code}{201 + n - communities:03d}"
                village = Village(region(vcode, vname, "village", town.id), vcode, vname, town,
                                  community)
                for g in range(rng.randint(2, 4)):
                    village.grids.append(region(f"{vcode}{g + 1:03d}",
                                                f"{vname}第{CN_ORDINALS[g]}网格", "grid",
                                                village.id))
                roads = rng.sample(words.ROADS, 3)
                village.prefixes = (
                    tuple(f"浙江省象山县{name}{road}" for road in roads) if community
                    else (f"浙江省象山县{name}{vname}",)
                )
                town.villages.append(village)
                self.villages.append(village)
        self.conn.execute(insert(orm_table("regions")), rows)
        self.counts["regions"] = len(rows)

    def _village_name(self) -> str:
        r = self.rng.random
        name = words.VILLAGE_HEADS[int(r() * len(words.VILLAGE_HEADS))]
        name += words.VILLAGE_TAILS[int(r() * len(words.VILLAGE_TAILS))]
        if r() < 0.2:
            name += words.VILLAGE_ENDS[int(r() * len(words.VILLAGE_ENDS))]
        return name + "村"

    @staticmethod
    def _fresh(taken: set[str], make: Callable[[], str]) -> str:
        """A name not used yet; the word lists allow far more names than the county needs."""
        for _attempt in range(10_000):
            name = make()
            if name not in taken:
                taken.add(name)
                return name
        raise RuntimeError("demo word lists are too short for the number of villages")

    def _org(self, code: str, name: str, short: str, kind: str, region_id: int,
             villages: list[Village], categories: dict[str, float], town: Town | None = None,
             parent: Org | None = None) -> Org:
        rng = self.rng
        weight = KIND_SHARES[kind] * (0.5 + rng.random())
        org = Org(self.next_id("organisations"), code, name, short, kind, region_id, villages,
                  Weighted(categories.items()), Weighted(SOURCES_BY_KIND[kind].items()),
                  weight, town)
        road = rng.choice(words.ROADS)
        where = town.name if town else "丹东街道"
        org.row = {
            "id": org.id, "code": code, "name": name, "short_name": short, "kind": kind,
            "region_id": region_id, "parent_id": parent.id if parent else None,
            "mediation_types": MEDIATION_TYPES[kind],
            "categories": [c for c in CATEGORIES if categories.get(c)],
            "address": f"浙江省象山县{where}{road}{rng.randint(1, 399)}号",
            "phone": self.people.landline(), "court_name": words.COURT_NAME,
            "case_number_pattern": None,
            "print_seal": kind in ("county_centre", "town_committee", "professional_committee"),
            "active": True, "version": 1,
        }
        self.orgs.append(org)
        return org

    def _organisations(self) -> None:
        general = dict(GENERAL_CATEGORIES)
        village_cats = {**general, "medical": 0, "intellectual_property": 0, "tourism": 0.3}
        code, name, short = words.COUNTY_CENTRE
        centre = self._org(code, name, short, "county_centre", self.county_id, self.villages,
                           general)
        centre.pattern = validate_pattern(words.COUNTY_CENTRE_PATTERN)
        centre.row["case_number_pattern"] = centre.pattern
        self.centre = centre
        by_code = {t.code[-3:]: t for t in self.towns}
        for town in self.towns:
            town.org = self._org(f"XS-{town.code[-3:]}", f"{town.name}人民调解委员会", town.short,
                                 "town_committee", town.id, town.villages, general, town, centre)
        for village in self.villages:
            town = village.town
            village.org = self._org(
                f"XS-{village.code[-6:]}", f"{town.name}{village.name}人民调解委员会",
                village.name, "village_committee", village.id, [village], village_cats, town,
                town.org,
            )
        for category, code, name, short in words.PROFESSIONAL_COMMITTEES:
            self.professional[category] = self._org(
                code, name, short, "professional_committee", self.county_id, self.villages,
                {category: 1}, None, centre)
        for code, name, short, town_code in words.COURT_STUDIOS:
            town = by_code[town_code]
            self._org(code, name, short, "court_studio", town.id, self.villages,
                      CATEGORIES_BY_KIND["court_studio"], town, town.org)
        for town_code in words.POLICE_OFFICE_TOWNS:
            town = by_code[town_code]
            self._org(f"XS-JD-{town_code}", words.POLICE_OFFICE_NAME.format(short=town.short),
                      town.short + "警", "police_office", town.id, town.villages,
                      CATEGORIES_BY_KIND["police_office"], town, town.org)
        for code, name, short, town_code, _surname in words.BRAND_STUDIOS:
            town = by_code[town_code]
            self._org(code, name, short, "brand_studio", town.id, town.villages,
                      CATEGORIES_BY_KIND["brand_studio"], town, town.org)
        for code, name, short, categories in words.ADMIN_DEPARTMENTS:
            self._org(code, name, short, "admin_department", self.county_id, self.villages,
                      dict.fromkeys(categories, 1.0))
        for code, name, short, town_code in words.ENTERPRISE_COMMITTEES:
            town = by_code[town_code]
            self._org(code, name, short, "enterprise_committee", town.id, town.villages,
                      CATEGORIES_BY_KIND["enterprise_committee"], town)
        shorts = [o.short for o in self.orgs]
        assert len(set(shorts)) == len(shorts), "organisation short names must be unique"
        self.conn.execute(insert(orm_table("organisations")), [o.row for o in self.orgs])
        self.counts["organisations"] = len(self.orgs)

    def _mediators(self) -> None:
        people, r = self.people, self.rng.random
        rows: list[dict[str, Any]] = []
        links: list[dict[str, int]] = []
        brand_surnames = {code: surname for code, _n, _s, _t, surname in words.BRAND_STUDIOS}
        for org in self.orgs:
            categories = org.categories.items
            titles = words.MEDIATOR_TITLES[org.kind]
            if org.kind == "professional_committee":
                titles = titles + words.PROFESSIONAL_TITLES[categories[0]]
            for n in range(MEDIATORS_PER_KIND[org.kind]):
                female = r() < 0.4
                name = people.name(female)
                if n == 0 and brand_surnames.get(org.code):
                    name = brand_surnames[org.code] + name[1:]
                birth = people.birth_day(self.today, 32, 66)
                number, birth = people.id_number(birth, not female)
                mid = self.next_id("mediators")
                specialties = sorted({categories[int(r() * len(categories))] for _ in range(3)},
                                     key=list(CATEGORIES).index)
                rows.append({
                    "id": mid, "name": name, "gender": "female" if female else "male",
                    "id_number": number, "phone": people.mobile(),
                    "title": titles[0] if n == 0 else titles[1 + int(r() * (len(titles) - 1))],
                    "specialties": specialties, "region_id": org.region_id, "relations": None,
                    "active": r() > 0.02 or n == 0, "version": 1,
                })
                links.append({"mediator_id": mid, "organisation_id": org.id})
                org.mediators.append((mid, name))
        for town in self.towns:
            assert town.org is not None
            mid, name = town.org.mediators[0]
            links.append({"mediator_id": mid, "organisation_id": self.centre.id})
            self.centre.mediators.append((mid, name))
        self.conn.execute(insert(orm_table("mediators")), rows)
        self.conn.execute(insert(m.mediator_organisations), links)
        self.counts["mediators"] = len(rows)
        self.counts["mediator_organisations"] = len(links)

    def _users(self) -> None:
        existing = set(self.conn.execute(select(m.User.login)).scalars())
        people, r = self.people, self.rng.random
        rows: list[dict[str, Any]] = []

        def user(login: str, role: str, org: Org | None, display: str | None = None,
                 mediator: int | None = None, case_role: str | None = None) -> str:
            if login not in existing:
                rows.append({
                    "id": self.next_id("users"), "login": login,
                    "display_name": display or people.name(r() < 0.6), "password_hash": None,
                    "role": role, "case_role": case_role,
                    "organisation_id": org.id if org else None,
                    "region_id": org.region_id if org else self.county_id,
                    "mediator_id": mediator, "active": True, "failed_logins": 0, "version": 1,
                })
            return login

        # The administrator also directs the county's case work, so ``make run`` shows everything.
        user("admin", "admin", None, _("系统管理员"), case_role="director")
        self.centre.registered_by = user("clerk01", "clerk", self.centre)
        for n, (mid, name) in enumerate(self.centre.mediators[:2]):
            user(f"mediator{n + 1:02d}", "mediator", self.centre, name, mid)
        for n, town in enumerate(self.towns):
            assert town.org is not None
            town.clerk = town.org.registered_by = user(f"clerk{n + 2:02d}", "clerk", town.org)
        self.meeting_villages = [t.villages[-1] for t in self.towns[:10]]
        for n, village in enumerate(self.meeting_villages):
            assert village.org is not None
            village.org.registered_by = user(f"village{n + 1:02d}", "village_official",
                                             village.org)
        user("viewer01", "viewer", None)
        for org in self.orgs:
            if org.registered_by is None:
                org.registered_by = (org.town.clerk if org.town else None) or "clerk01"
        if rows:
            self.conn.execute(insert(orm_table("users")), rows)
        self.counts["users"] = len(rows)

