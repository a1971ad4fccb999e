"""村民说事 use cases: meetings and each matter from 说事 to 评事.

The regulation asks every village for a ledger (说事台账) showing, per
matter, who raised it, how it was discussed and voted, who handles it by
when, and how villagers rated the result (宁波市法治乡村建设促进条例 art 18).  Each function here is
one user action and one audited transaction; the stage rules live in
:mod:`app.domain.meeting_stages` and the quorum rules in
:mod:`app.domain.votes`, so the GUI and the CLI refuse the same things.

This module is also the one entry point callers import: the roster
(:mod:`~app.services.meetings.roster`), matter → case
(:mod:`~app.services.meetings.to_case`), the board and statistics
(:mod:`~app.services.meetings.board`) and the value types
(:mod:`~app.services.meetings.types`) are re-exported here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, select

from app.domain.codes import require_key
from app.domain.errors import IllegalTransition, ValidationError
from app.domain.intake import MAX_TEXT
from app.domain.meeting_codes import ATTENDEE_ROLES, ITEM_CATEGORIES, MEETING_KINDS
from app.domain.meeting_stages import (
    ItemAction,
    ItemStage,
    check_action,
    check_stage_move,
    evaluation_result,
)
from app.domain.text import _
from app.domain.votes import check_vote, evaluate_vote, parse_body
from app.services.changes import refuse_stale
from app.services.meetings.board import open_items_board, village_stats
from app.services.meetings.records import (
    clean_text,
    find_item,
    find_meeting,
    find_village,
    item_info,
    item_snapshot,
    meeting_info,
    not_before_meeting,
    progress_notes,
    required_text,
    saved_item,
)
from app.services.meetings.roster import add_member, list_members, update_member
from app.services.meetings.to_case import item_to_case
from app.services.meetings.types import (
    AttendeeInfo,
    AttendeeInput,
    CaseLink,
    DiscussionResult,
    EvaluationInfo,
    ItemInfo,
    MeetingDetail,
    MeetingInfo,
    MeetingInput,
    MemberInput,
    OpenItemRow,
    ProgressInfo,
    RosterMemberInfo,
    VillageStats,
    VoteInput,
)
from app.services.security.access import require
from app.services.security.users import UserInfo
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import (
    Meeting,
    MeetingAttendee,
    MeetingItem,
    MeetingItemProgress,
    RosterMember,
)

__all__ = [
    "AttendeeInfo", "AttendeeInput", "CaseLink", "DiscussionResult", "EvaluationInfo",
    "ItemInfo", "MeetingDetail", "MeetingInfo", "MeetingInput", "MemberInput", "OpenItemRow",
    "ProgressInfo", "RosterMemberInfo", "VillageStats", "VoteInput",
    "add_attendees", "add_member", "add_progress", "assign_item", "complete_item",
    "evaluate_item", "item_snapshot", "item_to_case", "list_members", "meeting_detail",
    "open_items_board", "open_meeting", "publicise", "raise_item", "record_discussion",
    "update_member", "village_stats",
]


def _header(data: MeetingInput) -> dict[str, Any]:
    """The checked header columns of a meeting (the same rules for opening and correcting)."""
    members_total = data.members_total
    if members_total is not None and (isinstance(members_total, bool) or members_total < 1):
        raise ValidationError(_("应到人数必须大于 0"), "members_total")
    return {
        "held_at": data.held_at,
        "venue": clean_text(data.venue, "venue", 200, required=False),
        "kind": require_key(MEETING_KINDS, data.kind, "kind"),
        "body": parse_body(data.body).value,
        "host": clean_text(data.host, "host", 100, required=False),
        "recorder": clean_text(data.recorder, "recorder", 100, required=False),
        "members_total": members_total,
        "notes": clean_text(data.notes, "notes", MAX_TEXT, required=False),
    }


def open_meeting(db: Database, actor: UserInfo, data: MeetingInput) -> MeetingInfo:
    """Record a new meeting; the answer lists earlier matters still open (overdue first)."""
    header = _header(data)
    with UnitOfWork(db, actor) as uow:
        village = find_village(uow.session, require(uow.session, actor, "meeting.write"),
                               data.village)
        meeting = Meeting(village_id=village.id, **header)
        uow.session.add(meeting)
        uow.commit()
        return meeting_info(uow.session, meeting)


def update_meeting(db: Database, actor: UserInfo, meeting_id: int, version: int,
                   data: MeetingInput) -> MeetingInfo:
    """Correct a meeting's header (a wrong venue, time or member total) seen at ``version``.

    The village stays: the sign-in sheet and the matters belong to it.  A
    header changed by someone else meanwhile is a conflict, never overwritten.
    """
    header = _header(data)
    with UnitOfWork(db, actor) as uow:
        meeting = find_meeting(uow.session, require(uow.session, actor, "meeting.write"),
                               meeting_id)
        refuse_stale(uow.session, "meetings", meeting.id, meeting.version, version, _("说事会"))
        for key, value in header.items():
            setattr(meeting, key, value)
        uow.commit()
        return meeting_info(uow.session, meeting)


def _attendees(meeting: Meeting) -> tuple[AttendeeInfo, ...]:
    return tuple(AttendeeInfo(a.id, a.roster_member_id, a.name, a.role, a.signed)
                 for a in sorted(meeting.attendees, key=lambda a: a.id))


def add_attendees(db: Database, actor: UserInfo, meeting_id: int, roster_ids: Sequence[int] = (),
                  guests: Sequence[AttendeeInput] = ()) -> tuple[AttendeeInfo, ...]:
    """Sign people in from the roster and/or by name; the whole sheet is returned."""
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        meeting = find_meeting(s, require(s, actor, "meeting.write"), meeting_id)
        present = {a.roster_member_id for a in meeting.attendees}
        for index, member_id in enumerate(roster_ids):
            member = s.get(RosterMember, member_id)
            if member is None or member.village_id != meeting.village_id:
                raise ValidationError(_("不是本村名册上的成员"), f"roster_ids[{index}]")
            if not member.active:
                raise ValidationError(_("{name}已不在名册上").format(name=member.name),
                                      f"roster_ids[{index}]")
            if member.id not in present:
                present.add(member.id)
                meeting.attendees.append(MeetingAttendee(
                    roster_member_id=member.id, name=member.name, role=member.role))
        for index, guest in enumerate(guests):
            meeting.attendees.append(MeetingAttendee(
                name=required_text(guest.name, f"guests[{index}].name", 100),
                role=require_key(ATTENDEE_ROLES, guest.role, f"guests[{index}].role")))
        uow.commit()
        return _attendees(meeting)


def meeting_detail(db: Database, actor: UserInfo, meeting_id: int) -> MeetingDetail:
    """A meeting with its sign-in sheet, its matters and their progress notes."""
    with db.session() as s:
        meeting = find_meeting(s, require(s, actor, "meeting.read"), meeting_id)
        progress = progress_notes(s, [i.id for i in meeting.items])
        return MeetingDetail(meeting_info(s, meeting), _attendees(meeting),
                             tuple(item_info(i, progress[i.id]) for i in meeting.items))


# ---------------------------------------------------------------- matters


def raise_item(db: Database, actor: UserInfo, meeting_id: int, raised_by: str, category: str,
               matter: str) -> ItemInfo:
    """说事: add a matter to the meeting's agenda."""
    with UnitOfWork(db, actor) as uow:
        meeting = find_meeting(uow.session, require(uow.session, actor, "meeting.write"),
                               meeting_id)
        last = uow.session.scalar(select(func.max(MeetingItem.ordinal))
                                  .where(MeetingItem.meeting_id == meeting.id))
        item = MeetingItem(
            meeting=meeting, ordinal=0 if last is None else last + 1,
            raised_by=required_text(raised_by, "raised_by", 100),
            category=require_key(ITEM_CATEGORIES, category, "category"),
            matter=required_text(matter, "matter", MAX_TEXT), stage=ItemStage.RAISED.value,
        )
        uow.session.add(item)
        return saved_item(uow, item)


def record_discussion(db: Database, actor: UserInfo, item_id: int, notes: str,
                      decision: str | None = None, vote: VoteInput | None = None
                      ) -> DiscussionResult:
    """议事: minute the discussion, check any vote against the meeting's body and quorum."""
    discussion = required_text(notes, "discussion", MAX_TEXT)
    decided = clean_text(decision, "decision", MAX_TEXT, required=False)
    with UnitOfWork(db, actor) as uow:
        item = find_item(uow.session, require(uow.session, actor, "meeting.write"), item_id)
        check_stage_move(ItemStage(item.stage), ItemStage.DISCUSSED)
        outcome = None
        counts: tuple[int | None, ...] = (None, None, None, None)
        if vote is not None:
            try:
                record = check_vote(item.meeting.body, item.meeting.members_total, vote.present,
                                    vote.for_, vote.against, vote.abstain,
                                    vote.households_total, vote.households_present)
            except ValidationError as exc:
                raise exc.with_field("vote") from None
            outcome = evaluate_vote(record)
            counts = (record.present, record.for_, record.against, record.abstain)
            if outcome.passed and decided is None:
                raise ValidationError(_("表决通过的事项必须写明决定内容"), "decision")
        # A re-discussion replaces the minutes and vote; the audit trail keeps the earlier ones.
        item.discussion = discussion
        (item.votes_present, item.votes_for, item.votes_against, item.votes_abstain) = counts
        item.decision = decided if outcome is None or outcome.passed else None
        item.stage = ItemStage.DISCUSSED.value
        return DiscussionResult(saved_item(uow, item), outcome)


def assign_item(db: Database, actor: UserInfo, item_id: int, responsible: str, deadline: date,
                decision: str | None = None) -> ItemInfo:
    """办事: name the handler and the deadline (and word the decision if not yet done)."""
    handler = required_text(responsible, "responsible", 100)
    decided = clean_text(decision, "decision", MAX_TEXT, required=False)
    with UnitOfWork(db, actor) as uow:
        item = find_item(uow.session, require(uow.session, actor, "meeting.write"), item_id)
        stage = ItemStage(item.stage)
        check_stage_move(stage, ItemStage.IN_PROGRESS)
        if item.votes_for is not None and item.decision is None:
            raise IllegalTransition(stage, ItemStage.IN_PROGRESS,
                                    _("表决未通过的事项不能交办：请重新议事表决"))
        item.decision = decided or item.decision
        if item.decision is None:
            raise ValidationError(_("请填写议定的处理决定"), "decision")
        item.deadline = not_before_meeting(item, deadline, "deadline")
        item.responsible = handler
        item.stage = ItemStage.IN_PROGRESS.value
        return saved_item(uow, item)


def add_progress(db: Database, actor: UserInfo, item_id: int, on_date: date, note: str
                 ) -> ItemInfo:
    """Record a dated progress note while the matter is being handled."""
    text = required_text(note, "note", MAX_TEXT)
    with UnitOfWork(db, actor) as uow:
        item = find_item(uow.session, require(uow.session, actor, "meeting.write"), item_id)
        check_action(ItemStage(item.stage), ItemAction.PROGRESS)
        uow.session.add(MeetingItemProgress(
            item_id=item.id, on_date=not_before_meeting(item, on_date, "on_date"), note=text))
        return saved_item(uow, item)


def complete_item(db: Database, actor: UserInfo, item_id: int, done_on: date) -> ItemInfo:
    """Mark the matter handled (办结) on ``done_on``."""
    with UnitOfWork(db, actor) as uow:
        item = find_item(uow.session, require(uow.session, actor, "meeting.write"), item_id)
        check_stage_move(ItemStage(item.stage), ItemStage.DONE)
        item.done_on = not_before_meeting(item, done_on, "done_on")
        item.stage = ItemStage.DONE.value
        return saved_item(uow, item)


def evaluate_item(db: Database, actor: UserInfo, item_id: int, satisfied: int, basically: int,
                  dissatisfied: int, notes: str | None = None,
                  evaluated_on: date | None = None) -> EvaluationInfo:
    """评事: store the count; more than a third dissatisfied sends the matter back to 办理中."""
    result = evaluation_result(satisfied, basically, dissatisfied)
    remark = clean_text(notes, "evaluation_notes", MAX_TEXT, required=False)
    with UnitOfWork(db, actor) as uow:
        item = find_item(uow.session, require(uow.session, actor, "meeting.write"), item_id)
        stage = ItemStage(item.stage)
        check_stage_move(stage, ItemStage.EVALUATED)
        item.satisfied, item.basically_satisfied, item.dissatisfied = (
            satisfied, basically, dissatisfied)
        item.evaluation_notes = remark
        if result.reopens:
            check_stage_move(stage, ItemStage.IN_PROGRESS)
            day = not_before_meeting(item, evaluated_on or date.today(), "evaluated_on")
            uow.session.add(MeetingItemProgress(item_id=item.id, on_date=day, note=_(
                "评事：满意 {s}、基本满意 {b}、不满意 {d}，不满意超过三分之一，重新办理").format(
                s=satisfied, b=basically, d=dissatisfied)))
            item.done_on = None
            item.stage = ItemStage.IN_PROGRESS.value
        else:
            item.stage = ItemStage.EVALUATED.value
        return EvaluationInfo(saved_item(uow, item), result)


def publicise(db: Database, actor: UserInfo, item_id: int, publicised_on: date) -> ItemInfo:
    """Record the day the decision (or its result) was posted publicly (公示)."""
    with UnitOfWork(db, actor) as uow:
        item = find_item(uow.session, require(uow.session, actor, "meeting.write"), item_id)
        check_action(ItemStage(item.stage), ItemAction.PUBLICISE)
        if item.decision is None:
            raise ValidationError(_("尚未形成决定，没有可以公示的内容"), "decision")
        item.publicised_on = not_before_meeting(item, publicised_on, "publicised_on")
        return saved_item(uow, item)
