"""Listing 村民说事 meetings with how many of their matters are still open."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select

from app.store.database import Database
from app.store.models import Meeting, MeetingItem, Region

CLOSED_STAGES = ("done", "evaluated")


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


def meetings(db: Database, village_code: str | None = None, limit: int = 500) -> list[MeetingRow]:
    """Most recent meetings first, optionally for one village."""
    counts = (
        select(
            MeetingItem.meeting_id,
            func.count().label("item_count"),
            func.sum(case((MeetingItem.stage.in_(CLOSED_STAGES), 0), else_=1)).label("open_count"),
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
    with db.session() as s:
        return [MeetingRow(*r) for r in s.execute(query).all()]
