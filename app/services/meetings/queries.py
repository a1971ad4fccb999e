"""Read-only views of 村民说事 for the pages: the village picker, the register, one matter.

The meetings page needs, before anything is opened, the villages a user may
look at (a town's clerk sees every village of the town, a village official
only their own), the meetings of a village or town, and — per matter — the
number of the mediation case it became, so the link shows on both sides.
These are pure reads; the writes live in :mod:`app.services.meetings.proceedings`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased

from app.domain.errors import ValidationError
from app.domain.meeting_stages import CLOSED_STAGES
from app.domain.text import _
from app.services.cases.guard import find_case
from app.services.meetings.proceedings import (
    ItemInfo,
    MeetingDetail,
    VillageStats,
    item_snapshot,
    meeting_detail,
    village_stats,
)
from app.services.meetings.records import find_item, find_region
from app.services.security.access import require, visible_meetings, visible_parties
from app.services.security.users import UserInfo
from app.store.database import Database
from app.store.models import Case, Meeting, MeetingItem, Party, Region

_CLOSED = tuple(s.value for s in CLOSED_STAGES)


@dataclass(frozen=True)
class MeetingRow:
    """One meeting in the register."""

    id: int
    village: str
    village_code: str
    held_at: datetime
    kind: str
    venue: str
    host: str
    items: int
    open_items: int


@dataclass(frozen=True)
class VillageNode:
    """A village in the picker, under its town, with how many meetings it has held."""

    code: str
    name: str
    town_code: str
    town_name: str
    meetings: int


@dataclass(frozen=True)
class MeetingView:
    """A meeting's detail plus the case numbers of matters that became cases."""

    detail: MeetingDetail
    case_numbers: Mapping[int, str]


@dataclass(frozen=True)
class ItemView:
    """One matter with what its editor shows about the meeting and the linked case."""

    item: ItemInfo
    village_code: str
    village: str
    held_at: datetime
    body: str
    members_total: int | None
    case_number: str | None


@dataclass(frozen=True)
class CaseMatter:
    """The 说事 matter a mediation case came from (the link seen from the case)."""

    item_id: int
    meeting_id: int
    held_at: datetime
    village: str
    raised_by: str


@dataclass(frozen=True)
class NamedStats:
    """A village's statistics with its name, for a table of the villages of a town."""

    village: str
    stats: VillageStats


@dataclass(frozen=True)
class PartyMatch:
    """A natural person in the party registry who may be the roster member being entered."""

    id: int
    name: str
    address: str


def meetings(db: Database, actor: UserInfo, village_code: str | None = None, limit: int = 500,
             town_code: str | None = None) -> list[MeetingRow]:
    """Most recent meetings the user may see, optionally of one village or of a town's villages."""
    counts = (
        select(
            MeetingItem.meeting_id,
            func.count().label("item_count"),
            func.sum(case((MeetingItem.stage.in_(_CLOSED), 0), else_=1)).label("open_count"),
        )
        .group_by(MeetingItem.meeting_id).subquery()
    )
    query = (
        select(
            Meeting.id, Region.name, Region.code, Meeting.held_at, Meeting.kind,
            func.coalesce(Meeting.venue, ""), func.coalesce(Meeting.host, ""),
            func.coalesce(counts.c.item_count, 0), func.coalesce(counts.c.open_count, 0),
        )
        .join(Region, Region.id == Meeting.village_id)
        .outerjoin(counts, counts.c.meeting_id == Meeting.id)
        .order_by(Meeting.held_at.desc(), Meeting.id.desc())
        .limit(limit)
    )
    if village_code:
        query = query.where(Region.code == village_code)
    if town_code:
        town = aliased(Region)
        query = query.join(town, town.id == Region.parent_id).where(town.code == town_code)
    with db.session() as s:
        scope = visible_meetings(require(s, actor, "meeting.read"))
        if scope is not None:
            query = query.where(scope)
        return [MeetingRow(*r) for r in s.execute(query).all()]


def region_meetings(db: Database, actor: UserInfo, code: str, limit: int = 500) -> list[MeetingRow]:
    """Meetings of the village ``code``, or of every village of the town ``code``."""
    with db.session() as s:
        region = find_region(s, require(s, actor, "meeting.read"), code, "village")
    if region.level == "village":
        return meetings(db, actor, village_code=code, limit=limit)
    if region.level == "town":
        return meetings(db, actor, town_code=code, limit=limit)
    raise ValidationError(_("请选择村（社区）或乡镇（街道）"), "village")


def meeting_villages(db: Database, actor: UserInfo) -> list[VillageNode]:
    """The villages the user may pick, by town: all, their town's, or only their own."""
    town = aliased(Region)
    held = (select(Meeting.village_id, func.count().label("n"))
            .group_by(Meeting.village_id).subquery())
    query = (
        select(Region.code, Region.name, town.code, town.name, func.coalesce(held.c.n, 0))
        .join(town, town.id == Region.parent_id)
        .outerjoin(held, held.c.village_id == Region.id)
        .where(Region.level == "village", town.level == "town")
        .order_by(town.code, Region.code)
    )
    with db.session() as s:
        who = require(s, actor, "meeting.read")
        if who.region_ids is not None:
            query = query.where(Region.id.in_(sorted(who.region_ids)))
        return [VillageNode(*r) for r in s.execute(query).all()]


def _case_numbers(s: Session, case_ids: list[int]) -> dict[int, str]:
    if not case_ids:
        return {}
    rows = s.execute(select(Case.id, Case.number).where(Case.id.in_(case_ids))).all()
    return {case_id: number for case_id, number in rows}


def meeting_view(db: Database, actor: UserInfo, meeting_id: int) -> MeetingView:
    """The meeting editor's data: header, carry-over, sign-in sheet, matters, case numbers."""
    detail = meeting_detail(db, actor, meeting_id)
    with db.session() as s:
        numbers = _case_numbers(s, [i.case_id for i in detail.items if i.case_id is not None])
    return MeetingView(detail, numbers)


def item_view(db: Database, actor: UserInfo, item_id: int) -> ItemView:
    """One matter for its editor, with the meeting's voting body and any linked case number."""
    with db.session() as s:
        item = find_item(s, require(s, actor, "meeting.read"), item_id)
        meeting = item.meeting
        village = s.get(Region, meeting.village_id)
        assert village is not None
        numbers = _case_numbers(s, [item.case_id] if item.case_id is not None else [])
        return ItemView(item_snapshot(s, item), village.code,
                        village.name, meeting.held_at, meeting.body, meeting.members_total,
                        numbers.get(item.case_id) if item.case_id is not None else None)


def case_matter(db: Database, actor: UserInfo, case_id: int) -> CaseMatter | None:
    """The matter a case was turned from, if it came from a 说事 meeting."""
    with db.session() as s:
        find_case(s, require(s, actor, "case.read"), case_id)
        row = s.execute(
            select(MeetingItem.id, Meeting.id, Meeting.held_at, Region.name,
                   MeetingItem.raised_by)
            .join(Meeting, Meeting.id == MeetingItem.meeting_id)
            .join(Region, Region.id == Meeting.village_id)
            .where(MeetingItem.case_id == case_id).limit(1)
        ).first()
    return CaseMatter(*row) if row is not None else None


def party_matches(db: Database, actor: UserInfo, name: str, limit: int = 10) -> list[PartyMatch]:
    """Registry persons of exactly this name, so a roster entry can point at the same person."""
    cleaned = name.strip()
    if not cleaned:
        return []
    with db.session() as s:
        scope = visible_parties(require(s, actor, "meeting.write"))
        query = (select(Party.id, Party.name, func.coalesce(Party.address, ""))
                 .where(Party.kind == "person", Party.name == cleaned))
        rows = s.execute((query if scope is None else query.where(scope))
                         .order_by(Party.id).limit(limit)).all()
    return [PartyMatch(*r) for r in rows]


def area_stats(db: Database, actor: UserInfo, region_code: str, date_from: date, date_to: date
               ) -> list[NamedStats]:
    """:func:`village_stats` for one village, or for each village of a town that held meetings."""
    with db.session() as s:
        who = require(s, actor, "meeting.read")
        region = find_region(s, who, region_code, "region")
        if region.level == "village":
            villages = [(region.code, region.name)]
        else:
            query = select(Region.code, Region.name).where(
                Region.parent_id == region.id, Region.level == "village",
                Region.id.in_(select(Meeting.village_id)))
            if who.region_ids is not None:
                query = query.where(Region.id.in_(sorted(who.region_ids)))
            villages = [(code, name) for code, name in s.execute(
                query.order_by(Region.code)).all()]
    return [NamedStats(name, village_stats(db, actor, code, date_from, date_to))
            for code, name in villages]
