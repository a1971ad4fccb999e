"""The open-matters board and the 说事 statistics of a village or a town.

What a town clerk checks before visiting villages (unfinished matters,
overdue first) and what is reported upwards each quarter (meetings held,
matters raised / decided / done / evaluated, days to done, satisfaction).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from app.domain.errors import ValidationError
from app.domain.meeting_stages import ItemStage
from app.domain.text import _
from app.services.meetings.records import CLOSED_KEYS, find_region, find_village, open_rows
from app.services.meetings.types import OpenItemRow, VillageStats
from app.services.security.access import Access, require
from app.services.security.users import UserInfo
from app.store.database import Database
from app.store.models import Meeting, MeetingItem, Region


def _village_ids(s: Session, who: Access, code: str) -> list[int]:
    region = find_region(s, who, code, "region")
    if region.level == "village":
        return [region.id]
    if region.level == "town":
        return list(s.scalars(select(Region.id).where(Region.parent_id == region.id,
                                                      Region.level == "village")))
    raise ValidationError(_("请选择村（社区）或乡镇（街道）"), "region")


def open_items_board(db: Database, actor: UserInfo, region_code: str, today: date,
                     awaiting_evaluation: bool = False) -> list[OpenItemRow]:
    """Every unfinished matter of a village or town: overdue first, then by deadline.

    With ``awaiting_evaluation`` the board also lists matters handled but not
    yet rated (评事 happens at a later meeting, so they are still on the agenda).
    """
    closed = (ItemStage.EVALUATED.value,) if awaiting_evaluation else CLOSED_KEYS
    with db.session() as s:
        ids = _village_ids(s, require(s, actor, "meeting.read"), region_code)
        return open_rows(s, today, Meeting.village_id.in_(ids), closed=closed)


def village_stats(db: Database, actor: UserInfo, village_code: str, date_from: date, date_to: date
                  ) -> VillageStats:
    """Meetings held and matters raised in the period, how far they got, and how fast."""
    if date_to < date_from:
        raise ValidationError(_("结束日期不能早于开始日期"), "date_to")
    with db.session() as s:
        village = find_village(s, require(s, actor, "meeting.read"), village_code)
        in_period = and_(Meeting.village_id == village.id,
                         Meeting.held_at >= datetime.combine(date_from, datetime.min.time()),
                         Meeting.held_at < datetime.combine(date_to + timedelta(days=1),
                                                            datetime.min.time()))
        held = s.scalar(select(func.count(Meeting.id)).where(in_period)) or 0
        items = s.execute(
            select(Meeting.held_at, MeetingItem.stage, MeetingItem.decision,
                   MeetingItem.done_on, MeetingItem.satisfied,
                   MeetingItem.basically_satisfied, MeetingItem.dissatisfied)
            .join(Meeting, Meeting.id == MeetingItem.meeting_id).where(in_period)
        ).all()
    done = [r for r in items if r.stage in CLOSED_KEYS]
    rated = [r for r in items if r.dissatisfied is not None]
    days = [(r.done_on - r.held_at.date()).days for r in done if r.done_on is not None]
    votes = sum(r.satisfied + r.basically_satisfied + r.dissatisfied for r in rated)
    happy = sum(r.satisfied + r.basically_satisfied for r in rated)
    return VillageStats(
        village.code, date_from, date_to, held, len(items),
        sum(1 for r in items if r.decision is not None), len(done),
        sum(1 for r in items if r.stage == ItemStage.EVALUATED),
        sum(1 for r in rated if r.stage != ItemStage.EVALUATED),
        sum(days) / len(days) if days else None,
        happy / votes if votes else None,
    )
