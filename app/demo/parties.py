"""The parties of each case: residents, firms and village bodies, and their search entries.

Every case brings its applicants and respondents, sometimes a third party and
an agent; people are new each time, a firm that already appeared is reused
(one registry entry, many cases).  Each new party's search entry
(app.store.search) is built here from the row just made, and its search terms
are kept for the entry of the case it came with.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from app.demo import words
from app.demo.case import Case, Party
from app.demo.county import County, Village
from app.demo.people import COUNTY_CODE, People
from app.demo.profiles import SHAPES
from app.demo.values import Values, Weighted, choice
from app.demo.writer import Writer
from app.domain.creditcode import ALPHABET, make_credit_code
from app.domain.search_terms import name_terms
from app.store import search


class CaseParties:
    """Makes the parties of one case after another and writes them as case_parties."""

    def __init__(self, county: County, writer: Writer, values: Values, people: People,
                 rng: random.Random, next_id: Callable[[str], int]) -> None:
        self.values = values
        self.people = people
        self.r = rng.random
        self.next_id = next_id
        self.rows = writer.rows
        self.docs = writer.docs
        self.relations = Weighted(words.AGENT_RELATIONS)
        # Firms are named after the province, city, county or town: 象山石浦恒达水产有限公司.
        self.locations = (*words.COMPANY_LOCATIONS, *("象山" + t.short for t in county.towns))
        self.fresh_terms: dict[int, set[str]] = {}
        """Search terms of parties created for the case being made, for its search entry."""
        self.companies: dict[str, Party] = {}

    def _indexed(self, party: Party, address: str, variants: list[str]) -> Party:
        """Add the party's search entry; keep its terms for the entry of the case."""
        terms = self.fresh_terms[party.id] = name_terms(party.name, variants)
        self.docs["party"].append(search.SearchDoc(
            party.id, search.SEPARATOR.join((*party.texts, address)), frozenset(terms)))
        return party

    def terms(self, party: Party) -> set[str]:
        """The search terms of ``party`` for the entry of the case it is on."""
        terms = self.fresh_terms.pop(party.id, None)
        return name_terms(party.name, party.initials.split()) if terms is None else terms

    def _person(self, village: Village, day: int, moment: Any, female: bool | None = None,
                lo: int = 0, hi: int = 0, occupation: str | None = None) -> Party:
        r, people = self.r, self.people
        if female is None:
            female = r() < 0.45
        name = people.name(female)
        initials, variants = people.initials.of(name)
        number, birth = people.id_number(people.birth_day(day, lo, hi), not female)
        house = f"{village.prefixes[int(r() * len(village.prefixes))]}{1 + int(r() * 300)}号"
        if village.community:
            house += f"{1 + int(r() * 20)}幢{1 + int(r() * 18)}0{1 + int(r() * 4)}室"
        pid = self.next_id("parties")
        phone = people.mobile()
        self.rows["parties"].append((
            pid, "person", name, initials, "resident_id", number,
            "female" if female else "male", self.values.day[birth], people.ethnicity(), phone,
            house, occupation or people.occupation((day - birth) // 365), None, None, 1, moment,
        ))
        return self._indexed(Party(pid, name, False, (name, number, phone), initials), house,
                             variants)

    def _organisation(self, kind: str, village: Village, moment: Any) -> Party:
        r = self.r
        if kind == "village_body" and village.community:
            village = village.town.villages[-1]
        prefix, pattern = choice(r, words.ORG_PARTY_PATTERNS[kind])
        name = pattern.format(
            loc=choice(r, self.locations),
            core=choice(r, words.BRAND_FIRST) + choice(r, words.BRAND_SECOND),
            town=village.town.name, place=village.name,
        )
        known = self.companies.get(name)
        if known is not None:
            return known
        pid = self.next_id("parties")
        serial = (pid * 7919 + 104729) % 31**6  # a bijection: one code per party id
        code = make_credit_code(prefix + COUNTY_CODE + "MA2" + "".join(
            ALPHABET[serial // 31**k % 31] for k in range(5, -1, -1)))
        initials, variants = self.people.initials.of(name)
        phone = self.people.landline()
        address = f"浙江省象山县{village.town.name}{choice(r, words.ROADS)}{1 + int(r() * 500)}号"
        self.rows["parties"].append((
            pid, "organisation", name, initials, None, None, None, None, None, phone, address,
            None, code, self.people.name(r() < 0.25), 1, moment,
        ))
        known = self.companies[name] = Party(pid, name, True, (name, phone, code), initials)
        return self._indexed(known, address, variants)

    def add(self, case: Case, village: Village, moment: Any, group: bool) -> None:
        """Applicants, respondents, sometimes a third party and an agent, as case_parties."""
        r, day = self.r, case.day
        shape = SHAPES[case.category]
        if not case.applicants:
            female = r() < (0.65 if case.category == "marriage_family" else 0.4)
            case.applicants.append(self._person(village, day, moment, female))
            for _extra in range(1 + int(r() * 2) if group else int(r() < 0.06)):
                case.applicants.append(self._person(village, day, moment))
            town = village.town.villages
            other = village if r() < 0.75 else town[int(r() * len(town))]
            who = case.template.respondent
            if who == "person" or (who == "any" and (not shape.org_kinds or r() >= shape.p_org)):
                case.respondents.append(self._person(other, day, moment))
                if r() < 0.05:
                    case.respondents.append(self._person(other, day, moment))
            else:
                kind = who if who != "any" else choice(r, shape.org_kinds)
                case.respondents.append(self._organisation(kind, other, moment))
        if r() < shape.p_third:
            case.third = (self._person(village, day, moment) if shape.third_kind == "person"
                          else self._organisation(shape.third_kind, village, moment))
        rows = self.rows["case_parties"]
        first: dict[str, int] = {}
        ordinal = 0
        for role, members in (("applicant", case.applicants), ("respondent", case.respondents),
                              ("third_party", [case.third] if case.third else [])):
            for party in members:
                cp_id = self.next_id("case_parties")
                first.setdefault(role, cp_id)
                rows.append((cp_id, case.id, party.id, role, ordinal, None, None, 1))
                ordinal += 1
        if r() < 0.08:
            side = "respondent" if not case.respondents[0].is_org and r() < 0.3 else "applicant"
            relation = self.relations.pick(r())
            lo, hi = {"子女": (25, 50), "父母": (50, 78)}.get(relation, (0, 0))
            lawyer = relation in ("律师", "法律工作者")
            case.agent = self._person(village, day, moment, None, lo, hi,
                                      relation if lawyer else None)
            rows.append((self.next_id("case_parties"), case.id, case.agent.id, "agent", ordinal,
                         first[side], relation, 1))

