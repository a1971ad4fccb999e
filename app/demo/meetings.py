"""村民说事 meetings in the villages that have a village official: roster, sessions, items.

Each such village meets on the 10th of every month: its roster, who attended,
the matters raised (说), discussed and voted on (议), carried out (办) and
evaluated (评), the older the further along; a matter that became a dispute
links to the case made from it.  A few thousand rows, written with ordinary
inserts after the cases.
"""

from __future__ import annotations

import random
from datetime import datetime, time
from typing import Any

from sqlalchemy import Connection, insert

from app.demo import words
from app.demo.cases import CaseMaker
from app.demo.county import County, Village
from app.demo.values import choice
from app.demo.writer import orm_table
from app.domain.codes import CATEGORIES
from app.domain.workflow import CaseStatus as S


class Meetings:
    """村民说事 in the villages that have a village official: roster, sessions, matters."""

    def __init__(self, county: County, maker: CaseMaker, rng: random.Random,
                 ids: dict[str, int]) -> None:
        self.county, self.maker, self.r, self.ids = county, maker, rng.random, ids
        self.values = maker.values
        self.rows: dict[str, list[dict[str, Any]]] = {
            name: [] for name in ("roster_members", "meetings", "meeting_attendees",
                                  "meeting_items", "meeting_item_progress")
        }
        self.categories = list(words.MEETING_MATTERS)

    def next_id(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def build(self, days: list[int]) -> None:
        """Twelve monthly sessions (on the given days) in each meeting village."""
        links: dict[int, list[tuple[int, int, str, str, str, str]]] = {}
        for village, case_id, day, a, b, category, status in self.maker.meeting_cases:
            held = [d for d in days if d <= day]
            if held:
                links.setdefault(village.id, []).append((held[-1], case_id, a, b, category,
                                                         status))
        for village in self.county.meeting_villages:
            roster = self._roster(village)
            for months_ago, day in enumerate(reversed(days)):
                own = [link for link in links.get(village.id, []) if link[0] == day]
                self._meeting(village, roster, day, months_ago, own)

    def _roster(self, village: Village) -> list[tuple[int, str, str]]:
        people, r = self.maker.people, self.r
        members = []
        for role, count in words.ROSTER_ROLES:
            for _n in range(count + int(r() * count / 2)):
                name = people.name(r() < (0.35 if role == "committee" else 0.45))
                rid = self.next_id("roster_members")
                self.rows["roster_members"].append({
                    "id": rid, "village_id": village.id, "name": name, "role": role,
                    "household_group": f"第{1 + int(r() * 8)}村民小组", "phone": people.mobile(),
                    "party_id": None, "active": r() > 0.03, "version": 1,
                })
                members.append((rid, name, role))
        return members

    def _meeting(self, village: Village, roster: list[tuple[int, str, str]], day: int,
                 months_ago: int, links: list[tuple[int, int, str, str, str, str]]) -> None:
        r, values, end = self.r, self.values, self.maker.today
        mid = self.next_id("meetings")
        committee = [member for member in roster if member[2] == "committee"]
        attendees = [member for member in roster if r() < 0.75]
        self.rows["meetings"].append({
            "id": mid, "village_id": village.id,
            "held_at": datetime.combine(values.dates[day],
                                        time(19, 0) if r() < 0.6 else time(14, 30)),
            "venue": choice(r, words.MEETING_VENUES).format(place=village.name),
            "kind": "regular", "body": "speak_up", "host": committee[0][1],
            "recorder": committee[1][1], "members_total": len(roster), "notes": None,
            "version": 1,
        })
        for rid, name, role in attendees:
            self.rows["meeting_attendees"].append({
                "id": self.next_id("meeting_attendees"), "meeting_id": mid,
                "roster_member_id": rid, "name": name, "role": role, "signed": r() < 0.95,
                "version": 1,
            })
        stages = ("raised", "discussed", "in_progress", "done", "evaluated")
        count = 2 + int(r() * 3)
        for n in range(count + len(links)):
            if n < count:
                category = choice(r, self.categories)
                matter = choice(r, words.MEETING_MATTERS[category]).format(g=1 + int(r() * 8))
                raised_by = choice(r, roster)[1]
                case_id = None
                if months_ago == 0:
                    stage = ("raised", "discussed")[n if n < 2 else int(r() * 2)]
                elif months_ago == 1:
                    stage = "in_progress" if n == 0 else choice(r, ("in_progress", "done"))
                elif months_ago == 2:
                    stage = "done" if n == 0 else choice(r, ("done", "evaluated"))
                else:
                    stage = "evaluated" if r() < 0.85 else "done"
            else:
                _day, case_id, a, b, case_category, status = links[n - count]
                category, raised_by = "neighbourhood_dispute", a
                matter = words.MEETING_DISPUTE_MATTER.format(a=a, b=b,
                                                             label=CATEGORIES[case_category])
                stage = ("in_progress" if status in (S.RECEIVED, S.ASSIGNED, S.IN_MEDIATION)
                         else "evaluated" if months_ago > 2 else "done")
            self._item(mid, n, day, attendees, committee, stages.index(stage), category,
                       matter, raised_by, case_id, end)

    def _item(self, meeting_id: int, ordinal: int, day: int,
              attendees: list[tuple[int, str, str]], committee: list[tuple[int, str, str]],
              stage: int, category: str, matter: str, raised_by: str, case_id: int | None,
              end: int) -> None:
        r, dates = self.r, self.values.dates
        item_id = self.next_id("meeting_items")
        row: dict[str, Any] = {
            "id": item_id, "meeting_id": meeting_id, "ordinal": ordinal, "raised_by": raised_by,
            "category": category, "matter": matter, "discussion": None, "votes_present": None,
            "votes_for": None, "votes_against": None, "votes_abstain": None, "decision": None,
            "responsible": None, "deadline": None,
            "stage": ("raised", "discussed", "in_progress", "done", "evaluated")[stage],
            "done_on": None, "publicised_on": None, "satisfied": None,
            "basically_satisfied": None, "dissatisfied": None, "evaluation_notes": None,
            "case_id": case_id, "version": 1,
        }
        if stage >= 1:
            present = len(attendees)
            against = int(r() * present * 0.15)
            abstain = int(r() * present * 0.1)
            deadline = day + 15 + int(r() * 45)
            row.update(
                discussion=choice(r, words.MEETING_DISCUSSIONS),
                votes_present=present, votes_for=present - against - abstain,
                votes_against=against, votes_abstain=abstain,
                decision=words.MEETING_DISPUTE_DECISION if case_id
                else choice(r, words.MEETING_DECISIONS),
                responsible=choice(r, committee)[1], deadline=dates[deadline],
            )
        if stage >= 2:
            on = day
            for _n in range(1 + (r() < 0.5)):
                on = min(on + 3 + int(r() * 10), end)
                self.rows["meeting_item_progress"].append({
                    "id": self.next_id("meeting_item_progress"), "item_id": item_id,
                    "on_date": dates[on], "note": choice(r, words.MEETING_PROGRESS),
                    "version": 1,
                })
        if stage >= 3:
            done = min(day + 10 + int(r() * 40), end)
            row.update(done_on=dates[done], publicised_on=dates[min(done + 1 + int(r() * 4), end)])
        if stage == 4:
            voters = 20 + int(r() * 40)
            unhappy = int(r() * voters * 0.08)
            basic = int(r() * voters * 0.3)
            row.update(satisfied=voters - unhappy - basic, basically_satisfied=basic,
                       dissatisfied=unhappy, evaluation_notes=choice(r, words.MEETING_EVALUATIONS))
        self.rows["meeting_items"].append(row)

    def write(self, conn: Connection) -> dict[str, int]:
        """Insert the rows, parents first; return the counts."""
        for name, rows in self.rows.items():
            if rows:
                conn.execute(insert(orm_table(name)), rows)
        return {name: len(rows) for name, rows in self.rows.items()}

