"""Lookups and snapshots every 村民说事 use case shares, in one place.

Finding a village, meeting or matter (with the message a clerk should read
when it is missing), cleaning typed text, and turning rows into the values
of :mod:`app.services.meetings.types` — including the list of unfinished
matters that both the carry-over of a new meeting and the open-matters
board are made of.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from app.domain.errors import ValidationError
from app.domain.meeting_stages import CLOSED_STAGES, ItemStage, answer_due
from app.domain.text import _
from app.domain.text_rules import TextKind
from app.domain.text_rules import clean_text as domain_clean_text
from app.services.errors import NotFoundError
from app.services.meetings.types import ItemInfo, MeetingInfo, OpenItemRow, ProgressInfo
from app.services.security.access import Access
from app.services.uow import UnitOfWork
from app.store.models import Case, Meeting, MeetingItem, MeetingItemProgress, Region

CLOSED_KEYS = tuple(s.value for s in CLOSED_STAGES)
SHORT_TEXT = 200
"""Text fields up to this length are single-line (names, places); longer ones are free text."""


def clean_text(value: str | None, field: str, limit: int, *, required: bool = True) -> str | None:
    """Typed text trimmed and checked (app.domain.text_rules); empty is None.

    Long fields (matters, discussions, notes) are free text and may break
    lines; short ones are names, places and the like: one line, no
    bidirectional overrides.
    """
    kind = TextKind.BLOCK if limit > SHORT_TEXT else TextKind.IDENTITY
    return domain_clean_text(value, field, limit, required=required, kind=kind)


def required_text(value: str | None, field: str, limit: int) -> str:
    """:func:`clean_text` for a field that must be filled."""
    text = clean_text(value, field, limit)
    assert text is not None
    return text


def find_region(s: Session, who: Access, code: str, field: str) -> Region:
    """The region with ``code`` in the user's scope; another code is refused on ``field``."""
    region = s.execute(select(Region).where(Region.code == code)).scalar_one_or_none()
    if region is None or (who.region_ids is not None and region.id not in who.region_ids):
        raise ValidationError(_("未知的行政区划代码“{code}”").format(code=code), field)
    return region


def find_village(s: Session, who: Access, code: str) -> Region:
    """The village with ``code``: meetings and rosters belong to villages only."""
    region = find_region(s, who, code, "village")
    if region.level != "village":
        raise ValidationError(_("“{name}”不是村（社区）").format(name=region.name), "village")
    return region


def _in_scope(who: Access, village_id: int) -> bool:
    return who.region_ids is None or village_id in who.region_ids


def find_meeting(s: Session, who: Access, meeting_id: int) -> Meeting:
    """The meeting if in the user's scope, or :class:`NotFoundError` (it may have been removed)."""
    meeting = s.get(Meeting, meeting_id)
    if meeting is None or not _in_scope(who, meeting.village_id):
        raise NotFoundError(_("说事会议不存在"))
    return meeting


def find_item(s: Session, who: Access, item_id: int) -> MeetingItem:
    """The matter if its meeting is in the user's scope, or :class:`NotFoundError`."""
    item = s.get(MeetingItem, item_id)
    if item is None or not _in_scope(who, item.meeting.village_id):
        raise NotFoundError(_("说事事项不存在"))
    return item


def not_before_meeting(item: MeetingItem, day: date, field: str) -> date:
    """``day``, refused when it is before the meeting that raised the matter (a typing slip)."""
    held = item.meeting.held_at.date()
    if day < held:
        raise ValidationError(_("不能早于说事日期 {day}").format(day=held.isoformat()), field)
    return day


def progress_notes(s: Session, item_ids: Sequence[int]) -> dict[int, tuple[ProgressInfo, ...]]:
    """The dated progress notes of several matters in one query, oldest first."""
    found: dict[int, list[ProgressInfo]] = {i: [] for i in item_ids}
    if item_ids:
        rows = s.execute(
            select(MeetingItemProgress)
            .where(MeetingItemProgress.item_id.in_(item_ids))
            .order_by(MeetingItemProgress.on_date, MeetingItemProgress.id)
        ).scalars()
        for p in rows:
            found[p.item_id].append(ProgressInfo(p.id, p.on_date, p.note))
    return {i: tuple(notes) for i, notes in found.items()}


def item_info(item: MeetingItem, progress: tuple[ProgressInfo, ...]) -> ItemInfo:
    """``item`` as a value; ``reopened`` = rated badly and being handled again."""
    reopened = item.dissatisfied is not None and item.stage != ItemStage.EVALUATED
    return ItemInfo(
        item.id, item.version, item.meeting_id, item.ordinal, item.raised_by, item.category,
        item.matter, item.discussion, item.votes_present, item.votes_for, item.votes_against,
        item.votes_abstain, item.decision, item.responsible, item.deadline, item.stage,
        item.done_on, item.publicised_on, item.satisfied, item.basically_satisfied,
        item.dissatisfied, item.evaluation_notes, item.case_id, reopened, progress,
    )


def item_snapshot(s: Session, item: MeetingItem) -> ItemInfo:
    """``item`` with its progress notes as a detached value (for read-only queries too)."""
    return item_info(item, progress_notes(s, [item.id])[item.id])


def saved_item(uow: UnitOfWork, item: MeetingItem) -> ItemInfo:
    """Commit the unit of work and return the matter as saved (new version number)."""
    uow.commit()
    return item_snapshot(uow.session, item)


def _due(stage: str, deadline: date | None, held_at: datetime, is_case: bool) -> date | None:
    """The day a matter is judged against: its deadline, or the 20-day answer limit.

    A matter handed to mediation has had its answer (the case has its own time limit).
    """
    if stage in CLOSED_KEYS:
        return None
    if deadline is None and stage == ItemStage.RAISED and not is_case:
        return answer_due(held_at.date())
    return deadline


def open_rows(s: Session, today: date, *conditions: ColumnElement[bool],
              closed: tuple[str, ...] = CLOSED_KEYS) -> list[OpenItemRow]:
    """Matters not in a ``closed`` stage that meet ``conditions``: overdue first, then by due day.

    Sorted here rather than in SQL because the due day of a matter not yet
    discussed is computed (meeting day + 20), the same way on both backends.
    """
    rows = s.execute(
        select(MeetingItem.id, MeetingItem.meeting_id, Meeting.held_at, Region.code, Region.name,
               MeetingItem.ordinal, MeetingItem.raised_by, MeetingItem.category,
               MeetingItem.matter, MeetingItem.stage, MeetingItem.responsible,
               MeetingItem.deadline, MeetingItem.dissatisfied, Case.number)
        .join(Meeting, Meeting.id == MeetingItem.meeting_id)
        .join(Region, Region.id == Meeting.village_id)
        .outerjoin(Case, Case.id == MeetingItem.case_id)
        .where(MeetingItem.stage.not_in(closed), *conditions)
    ).all()
    found = []
    for r in rows:
        due = _due(r.stage, r.deadline, r.held_at, r.number is not None)
        found.append(OpenItemRow(
            r.id, r.meeting_id, r.held_at, r.code, r.name, r.ordinal, r.raised_by, r.category,
            r.matter, r.stage, r.responsible, r.deadline,
            max(0, (today - due).days) if due else 0, r.dissatisfied is not None, r.number, due))
    return sorted(found, key=lambda o: (o.days_overdue == 0, o.due is None, o.due or date.max,
                                        o.held_at, o.ordinal, o.item_id))


def meeting_info(s: Session, meeting: Meeting) -> MeetingInfo:
    """The meeting's header with the village's earlier matters still open (carry-over)."""
    village = s.get(Region, meeting.village_id)
    assert village is not None
    carry = open_rows(s, meeting.held_at.date(), Meeting.village_id == meeting.village_id,
                      Meeting.held_at < meeting.held_at, MeetingItem.case_id.is_(None))
    return MeetingInfo(meeting.id, village.code, village.name, meeting.held_at, meeting.venue,
                       meeting.kind, meeting.body, meeting.host, meeting.recorder,
                       meeting.members_total, meeting.notes, tuple(carry), meeting.version)
