"""One case at a time: organisation, category, status, parties, text, number and history.

Cases are made in the order they were received.  Each one draws where it was
brought, what it is about and how far it has got (by its age), its parties
(app.demo.parties), its facts and claims from the category's templates, and
then the history its status implies (app.demo.history); the case row and its
search entry are written last, from what those steps returned.
"""

from __future__ import annotations

import random
from bisect import bisect_left
from collections import Counter, deque
from math import log
from typing import Any

from app.demo import words
from app.demo.case import Case, Party, Template
from app.demo.county import County, Org, Village
from app.demo.history import History, deadline
from app.demo.parties import CaseParties
from app.demo.people import People
from app.demo.profiles import (
    ARCHIVED_OUTCOMES,
    INJURY_CATEGORIES,
    MEDIATION_TYPES,
    SHAPES,
    STATUS_BY_AGE,
)
from app.demo.values import Values, Weighted, choice
from app.demo.writer import Writer
from app.domain.workflow import CaseStatus as S
from app.store import search


class CaseMaker:
    """One case at a time, with its parties and the history its status implies."""

    def __init__(self, county: County, writer: Writer, values: Values, people: People,
                 rng: random.Random, today: int, ids: dict[str, int]) -> None:
        self.county = county
        self.values = values
        self.people = people
        self.rng = rng
        self.r = rng.random
        self.today = today
        self.ids = ids
        self.rows = writer.rows
        per_kind = Counter(o.kind for o in county.orgs)
        self.orgs = Weighted((o, o.weight / per_kind[o.kind]) for o in county.orgs)
        self.status_limits = [limit for limit, _w in STATUS_BY_AGE]
        self.status_tables = [
            Weighted((str(s), w) for s, w in weights.items()) for _l, weights in STATUS_BY_AGE
        ]
        self.archived_outcomes = Weighted((str(s), w) for s, w in ARCHIVED_OUTCOMES.items())
        self.templates = {
            category: (
                [Template.of(t) for t in text.templates],
                [Template.of(t) for t in text.templates if "{amount}" not in t.text],
            )
            for category, text in words.CATEGORY_TEXTS.items()
        }
        self.venues = {o.id: self._venues(o) for o in county.orgs}
        self.seq: dict[tuple[int, int], int] = {}
        self.archive_seq: dict[tuple[int, int], int] = {}
        self.ruling_seq: dict[int, int] = {}
        self.docs = writer.docs
        self.parties = CaseParties(county, writer, values, people, rng, self.next_id)
        self.repeats: deque[tuple[Org, Village, str, list[Party], list[Party], int]] = deque()
        self.forced: dict[int, dict[str, Any]] = {}
        """Case index → what _Generator._force fixed for it (org, category, source, ...)."""
        self.meeting_cases: list[tuple[Village, int, int, str, str, str, str]] = []
        """Cases raised at a 说事 meeting: village, case id, day, names, category, status."""

    @staticmethod
    def _venues(org: Org) -> tuple[str, ...]:
        key = {"village_committee": "village", "town_committee": "town", "brand_studio": "town",
               "enterprise_committee": "town", "court_studio": "court",
               "police_office": "police"}.get(org.kind, "county")
        place = org.villages[0].name if org.kind == "village_committee" else ""
        town = org.town.name if org.town else ""
        return tuple(v.format(place=place, town=town, n=n + 1)
                     for n, v in enumerate(words.SESSION_VENUES[key]))

    def next_id(self, table: str) -> int:
        """The next primary key of ``table``: the generator assigns every id itself."""
        self.ids[table] += 1
        return self.ids[table]

    def make(self, index: int, day: int, minute: int) -> None:
        """Generate the ``index``-th case, received on ``day`` at ``minute``."""
        r, values = self.r, self.values
        forced = self.forced.get(index, {})
        repeat = None
        if not forced and self.repeats and r() < 0.07:
            repeat = self.repeats.popleft()
            org, village, category = repeat[0], repeat[1], repeat[2]
            if repeat[5] > 1:
                self.repeats.append((*repeat[:5], repeat[5] - 1))
        else:
            org = forced.get("org") or self.orgs.pick(r())
            category = forced.get("category") or org.categories.pick(r())
            village = org.villages[int(r() * len(org.villages))]
        source = forced.get("source") or org.sources.pick(r())
        status = forced.get("status") or self.status_tables[
            bisect_left(self.status_limits, self.today - day)].pick(r())
        case = Case(self.next_id("cases"), org, category, status, day, minute)
        case.forced = forced
        shape = SHAPES[category]
        group = r() < shape.p_group
        people = 5 + int(r() * r() * 26) if group else 0
        if r() < shape.p_amount:
            yuan = self.rng.lognormvariate(log(shape.median), shape.spread) * (
                people / 3 if group else 1)
            case.amount = max(200, int(round(yuan, -1 if yuan < 1000 else -2)))
        every, plain = self.templates[category]
        pool = every if case.amount else plain
        if repeat is not None:
            case.applicants, case.respondents = list(repeat[3]), list(repeat[4])
            is_org = case.respondents[0].is_org
            pool = [t for t in pool if (t.respondent != "person") == is_org
                    or t.respondent == "any"] or pool
        case.template = template = pool[int(r() * len(pool))]
        moment = values.moment(day, minute)
        self.parties.add(case, village, moment, group)
        if repeat is None and r() < 0.05:
            self.repeats.append((org, village, category, case.applicants, case.respondents,
                                 1 + (r() < 0.3)))
            if len(self.repeats) > 5000:
                self.repeats.popleft()
        case.slots = slots = {
            "a": case.applicants[0].name, "b": case.respondents[0].name, "place": village.name,
            "town": village.town.name, "when": values.month_cn[day - 5 - int(r() * 150)],
            "amount": _amount_text(case.amount) if case.amount else "", "n": people,
            "x": choice(r, template.topics), "years": 3 + int(r() * 18),
            "small": 20 + int(r() * 60),
            "brand": choice(r, words.BRAND_FIRST) + choice(r, words.BRAND_SECOND),
        }
        facts = template.text.format_map(slots)
        if group:
            facts += words.GROUP_SENTENCE.format_map(slots)
        else:
            people = case.principals
        year = values.dates[day].year
        seq = self.seq[org.id, year] = self.seq.get((org.id, year), 0) + 1
        case.number = org.pattern.format(year=year, org=org.short, seq=seq)
        claims = choice(r, template.money_claims if case.amount else template.plain_claims)
        claims = claims.format_map(slots)
        rr = r()
        risk = forced.get("risk") or (
            ("green" if rr < 0.45 else "yellow" if rr < 0.85 else "red") if group
            else ("green" if rr < 0.88 else "yellow" if rr < 0.975 else "red"))
        red = risk == "red"
        history = History(self, case, facts)
        current = history.current
        self._preventions(case, history.outcome, risk, group, people)
        self.rows["cases"].append((
            case.id, case.number, year, seq, source, category, facts, claims,
            values.money(case.amount) if case.amount else None, people,
            village.grids[int(r() * len(village.grids))]
            if source == "grid_report" or r() < 0.5 else village.id,
            risk, moment, values.day[deadline(self, case, history, source)], status,
            org.id, current.id, MEDIATION_TYPES[current.kind][0], history.lead,
            org.registered_by, history.outcome, history.outcome_reason, history.level,
            history.refusal_reason, forced.get("supervised", red and r() < 0.6),
            (red and r() < 0.5) or r() < 0.03,
            category in INJURY_CATEGORIES and r() < 0.08, group and r() < 0.15,
            group and risk != "green" and r() < 0.3, red and r() < 0.2, history.closed_on,
            history.summary, history.archive_number, history.archive_location,
            history.file_quality, history.guidance, history.archived_on, 1, moment,
        ))
        self._index(case, facts, claims)
        if forced.get("meeting"):
            self.meeting_cases.append((village, case.id, day, case.applicants[0].name,
                                       case.respondents[0].name, category, status))

    def _preventions(self, case: Case, outcome: str | None, risk: str, group: bool,
                     people: int) -> None:
        """What the mediation of a concluded case prevented (防止…), for a few per cent of them.

        A heated quarrel (red risk) now and then was kept from becoming a crime, a group
        dispute from a group petition or, when tempers ran high, a group fight, and a
        bitter family or neighbour quarrel, rarely, from a suicide.
        """
        if outcome not in (S.AGREED, S.NOT_AGREED):
            return
        r = self.r
        found: list[tuple[str, int]] = []
        if r() < (0.05 if risk == "red" else 0.012):
            found.append(("criminal", 2 + int(r() * 3)))
        if group and r() < 0.22:
            found.append(("group_petition", people))
        if group and risk != "green" and r() < 0.08:
            found.append(("group_fight", people))
        if case.category in ("marriage_family", "neighbour") and r() < 0.004:
            found.append(("suicide", 1))
        for kind, count in found:
            self.rows["case_preventions"].append(
                (self.next_id("case_preventions"), case.id, kind, count, 1))

    def _index(self, case: Case, facts: str, claims: str) -> None:
        """The case's search entry: its number, its parties and its text (search.case_docs)."""
        members = [*case.applicants, *case.respondents]
        if case.third:
            members.append(case.third)
        if case.agent:
            members.append(case.agent)
        texts = [case.number]
        terms: set[str] = set()
        terms_of = self.parties.terms
        for party in members:
            texts.extend(party.texts)
            terms |= terms_of(party)
        texts += (facts, claims)
        self.docs["case"].append(
            search.SearchDoc(case.id, search.SEPARATOR.join(texts), frozenset(terms)))


def _amount_text(yuan: int) -> str:
    """An amount as facts are written: 3600元, 3.68万元."""
    return f"{yuan / 10000:g}万元" if yuan >= 10000 else f"{yuan}元"
