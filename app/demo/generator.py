"""Synthetic but realistic data for demos, training and the scale benchmarks.

Someone judging the program, a trainer showing it and the million-case
benchmarks all need a case base that looks like a real coastal county in
Zhejiang: a region tree down to grids, every kind of mediation organisation
with its mediators, parties whose ID numbers, phones and credit codes
validate, and cases in every status with the history that status implies
(referrals, sessions, agreements, obligations, court confirmations,
follow-ups), plus 村民说事 meetings.

Speed decides the design: a million cases, about ten million rows, must be
written within minutes on a two-core office PC.  So the generator

* draws everything from one ``random.Random(seed)`` in a fixed order, so a
  seed names one data set and the same seed gives the same rows;
* assigns every primary key itself and writes the big tables with the
  driver's ``executemany`` in batches, all in one transaction, so that a
  cancelled run leaves nothing behind;
* prepares dates, times and amounts once per day and per minute in the form
  the driver stores them (SQLAlchemy's own text forms on SQLite, Python
  objects on PostgreSQL): converting each row through SQLAlchemy's types
  took longer than the insert itself;
* builds each case's and party's search entry (app.store.search) from the rows
  it has just made, instead of reading a million cases back for a rebuild;
* writes one audit entry for the whole run instead of one per row; it records
  the key range it wrote in each table, which ``audit verify --deep`` reads as
  "audited when generated" for those rows.

The work is split by step: app.demo.people (residents), county (regions,
organisations, mediators, accounts), cases with parties, history and
settlement (one case and what its status implies), meetings (村民说事), and
writer (the batches); the word lists are data files read by app.demo.words.
This module runs them in order inside one transaction.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, func, insert, select

from app.demo.cases import CaseMaker
from app.demo.county import County
from app.demo.meetings import Meetings
from app.demo.people import People
from app.demo.values import Values
from app.demo.writer import (
    BIG_TABLES,
    SMALL_TABLES,
    Writer,
    orm_table,
    reset_sequences,
    sqlite_bulk_settings,
)
from app.domain.codes import CATEGORIES, SOURCES
from app.domain.errors import DomainError, ValidationError
from app.domain.text import _
from app.domain.workflow import CaseStatus as S
from app.store import models as m
from app.store.audit_log import append_entries, remember_heads
from app.store.audit_replay import highest_keys, written_since
from app.store.database import Database
from app.store.engine import WRITE_OPTION

Progress = Callable[[int, int], bool]

BATCH = 5000
"""Cases per executemany batch and per progress report."""
YEARS = 3
"""Cases are received during the last YEARS years before ``today``."""


@dataclass(frozen=True)
class DemoSummary:
    """How many rows of each table one run wrote."""

    regions: int
    organisations: int
    mediators: int
    mediator_organisations: int
    users: int
    parties: int
    cases: int
    case_parties: int
    case_mediators: int
    case_preventions: int
    deadline_extensions: int
    mediator_relations: int
    referrals: int
    mediation_sessions: int
    agreements: int
    obligations: int
    judicial_confirmations: int
    followups: int
    performance_records: int
    roster_members: int
    meetings: int
    meeting_attendees: int
    meeting_items: int
    meeting_item_progress: int
    case_number_counters: int

    def as_dict(self) -> dict[str, int]:
        """Table name → rows written."""
        return asdict(self)


class DemoCancelled(DomainError):
    """The progress callback asked to stop; nothing was written."""


def generate_demo(
    db: Database,
    cases: int,
    seed: int = 1,
    progress: Progress | None = None,
    *,
    today: date | None = None,
    user: str = "system",
) -> DemoSummary:
    """Fill an empty case base with ``cases`` synthetic cases and the county around them.

    The cases run up to ``today`` (the day the demo is generated unless given), so the
    warning panel, which looks at the real date, finds cases due, overdue and missed.
    """
    if cases < 0:
        raise ValidationError(_("案件数量不能为负数"), "cases")
    today = today or date.today()
    with db.engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        with sqlite_bulk_settings(conn), conn.begin():
            _refuse_unless_empty(conn)
            before = highest_keys(conn)
            counts = _Generator(conn, random.Random(seed), today).run(cases, progress)
            summary = DemoSummary(**counts)
            ranges = written_since(conn, before, summary.as_dict())
            head = append_entries(
                conn,
                user,
                [{"action": "demo", "entity": "database", "entity_id": None,
                  "after": {"seed": seed, "today": today.isoformat(), **summary.as_dict(),
                            "id_ranges": ranges}}],
            )
            reset_sequences(conn, [*BIG_TABLES, *SMALL_TABLES])
        if head is not None:
            remember_heads([head])
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("ANALYZE")
            conn.commit()
    return summary


def _refuse_unless_empty(conn: Connection) -> None:
    for table, message in (
        (m.Case, _("数据库中已有案件，不能再生成演示数据。请使用新的空数据库。")),
        (m.Region, _("数据库中已有行政区划，演示数据只能写入空数据库。")),
        (m.Organisation, _("数据库中已有调解组织，演示数据只能写入空数据库。")),
    ):
        if conn.execute(select(table.id).limit(1)).first() is not None:
            raise ValidationError(message)


class _Generator:
    """One run: structure, cases in received order, meetings, number counters."""

    def __init__(self, conn: Connection, rng: random.Random, today: date) -> None:
        self.conn = conn
        self.rng = rng
        self.values = Values(conn.dialect.name == "sqlite", date(today.year - 100, 1, 1),
                             today + timedelta(days=800))
        self.today = self.values.number(today)
        self.ids = {
            name: int(conn.execute(select(func.max(orm_table(name).c.id))).scalar()
                      or 0)
            for name in (*BIG_TABLES, *SMALL_TABLES)
        }
        self.writer = Writer(conn)
        self.people = People(rng, self.values)

    def run(self, total: int, progress: Progress | None) -> dict[str, int]:
        """Write everything, marking the base a demo (it may stay without passwords).

        Raises DemoCancelled when ``progress`` returns False.
        """
        county = County(self.conn, self.rng, self.people, self.today, self.ids)
        county.build()
        meeting_days = self._meeting_days()
        maker = CaseMaker(county, self.writer, self.values, self.people, self.rng, self.today,
                          self.ids)
        plan = self._plan(total)
        self._force(maker, county, plan, total, meeting_days[0])
        done = 0
        r = self.rng.random
        for day, count in plan:
            for minute in sorted(_office_minute(r) for _n in range(count)):
                maker.make(done, day, minute)
                done += 1
                if done % BATCH == 0:
                    self._flush(progress, done, total)
        self._flush(progress, done, total)
        meetings = Meetings(county, maker, self.rng, self.ids)
        meetings.build(meeting_days)
        counts = {**county.counts, **self.writer.counts, **meetings.write(self.conn)}
        counters = [
            {"id": n + 1 + self.ids["case_number_counters"], "organisation_id": org_id,
             "year": year, "last_seq": seq, "version": 1}
            for n, ((org_id, year), seq) in enumerate(sorted(maker.seq.items()))
        ]
        if counters:
            self.conn.execute(insert(orm_table("case_number_counters")), counters)
        counts["case_number_counters"] = len(counters)
        self.conn.execute(insert(orm_table("casebase_settings")),
                          [{"key": "demo", "value": "1", "version": 1}])
        return counts

    def _flush(self, progress: Progress | None, done: int, total: int) -> None:
        self.writer.flush()
        if progress is not None and progress(done, total) is False:
            raise DemoCancelled(_("已取消生成演示数据，数据库没有任何改动。"))

    def _plan(self, total: int) -> list[tuple[int, int]]:
        """How many cases arrive on each day: fewer at weekends, slowly rising over the years."""
        first = self.today - YEARS * 365
        weights = []
        for day in range(first, self.today + 1):
            moment = self.values.dates[day]
            weight = (1, 1, 1, 1, 1, 0.45, 0.3)[moment.weekday()]
            if moment.month == 10 and moment.day <= 7:
                weight = 0.3
            weights.append(weight * (0.8 + 0.4 * (day - first) / (self.today - first)))
        whole = sum(weights)
        offset = self.rng.random()
        plan = []
        running = 0.0
        taken = 0
        for n, weight in enumerate(weights):
            running += weight
            reached = min(total, int(offset + total * running / whole))
            if n == len(weights) - 1:
                reached = total
            plan.append((first + n, reached - taken))
            taken = reached
        return plan

    def _meeting_days(self) -> list[int]:
        """The 10th of each of the last twelve months (the village's fixed 说事日)."""
        today = self.values.dates[self.today]
        days = []
        for back in range(12):
            year, month = divmod(today.year * 12 + today.month - 1 - back, 12)
            day = date(year, month + 1, 10)
            if day <= today:
                days.append(self.values.number(day))
        return sorted(days)

    def _force(self, maker: CaseMaker, county: County, plan: list[tuple[int, int]],
               total: int, meetings_from: int) -> None:
        """Make sure every status, category and source occurs, and some cases come from 说事."""
        if total < 60:
            return
        rng = self.rng
        forced = maker.forced
        opening = [S.RECEIVED, S.ASSIGNED, S.IN_MEDIATION]
        rest = [s for s in S if s not in opening]
        rng.shuffle(opening)
        rng.shuffle(rest)
        for n, status in enumerate(opening + rest):
            forced[total - 1 - n] = {"status": str(status)}
        recent = total - len(S)
        slots = rng.sample(range(recent), len(CATEGORIES) + len(SOURCES))
        for index, category in zip(slots, CATEGORIES, strict=False):
            forced[index] = {"org": county.centre, "category": category}
        for index, source in zip(slots[len(CATEGORIES):], SOURCES, strict=True):
            forced[index] = {"org": county.centre, "source": source}
        start = sum(count for day, count in plan if day < meetings_from)
        wanted = min(len(county.meeting_villages), max(1, total // 100))
        candidates = [i for i in range(start, recent) if i not in forced]
        for village, index in zip(county.meeting_villages,
                                  rng.sample(candidates, min(wanted, len(candidates))),
                                  strict=False):
            forced[index] = {"org": village.org, "source": "villagers_meeting", "meeting": True}
        self._force_warnings(forced, county, plan, max(2, total // 1000))

    def _force_warnings(self, forced: dict[int, dict[str, Any]], county: County,
                        plan: list[tuple[int, int]], each: int) -> None:
        """A few cases on every list of the warning panel, whatever the size of the demo.

        Each list's cases are picked among those received when such a case
        would be: due within three days (received 27–59 days ago, extended if
        need be), overdue (31–120 days ago), red risk not escalated, under
        supervised handling (挂牌督办), and an agreement whose last instalment
        fell due a day or two ago (so the visit suggested for it is still ahead).
        """
        centre = {"org": county.centre, "source": "walk_in"}
        wants: list[tuple[int, int, dict[str, Any]]] = [
            (27, 59, {**centre, "status": str(S.IN_MEDIATION), "deadline": "soon"}),
            (31, 120, {**centre, "status": str(S.IN_MEDIATION), "deadline": "kept"}),
            (3, 30, {"status": str(S.IN_MEDIATION), "risk": "red", "supervised": False}),
            (3, 40, {"status": str(S.IN_MEDIATION), "risk": "yellow", "supervised": True}),
            (15, 90, {**centre, "status": str(S.PERFORMING), "last_due_ago": 1}),
            (15, 90, {**centre, "status": str(S.PERFORMING), "last_due_ago": 2}),
        ]
        opening = {str(S.RECEIVED), str(S.ASSIGNED), str(S.IN_MEDIATION)}
        for youngest, oldest, fixed in wants:
            first = sum(n for day, n in plan if day < self.today - oldest)
            last = sum(n for day, n in plan if day <= self.today - youngest)
            free = [i for i in range(first, last) if i not in forced]
            if not free and "org" not in fixed:
                # A small demo may have no case of that age: flag a case still open instead.
                free = [i for i, f in sorted(forced.items()) if f.get("status") in opening
                        and not {"risk", "supervised"} & set(f)]
            for index in self.rng.sample(free, min(each, len(free))):
                forced[index] = {**forced.get(index, {}), **fixed,
                                 "status": forced.get(index, fixed).get("status")}


def _office_minute(r: Callable[[], float]) -> int:
    """When a case is registered: mostly office hours, a few in the evening (hotline)."""
    u = r()
    if u < 0.42:
        return 510 + int(u / 0.42 * 180)
    if u < 0.92:
        return 810 + int((u - 0.42) / 0.5 * 210)
    return 420 + int((u - 0.92) / 0.08 * 840)
