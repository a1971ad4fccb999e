"""村民说事 use cases: the village roster, meetings, and each matter from 说事 to 评事.

The regulation asks every village for a ledger (说事台账) showing, per
matter, who raised it, how it was discussed and voted, who handles it by
when, and how villagers rated the result (DOMAIN §6).  Each function here is
one user action and one audited transaction; the stage rules live in
:mod:`app.domain.meeting_stages` and the quorum rules in
:mod:`app.domain.votes`, so the GUI and the CLI refuse the same things.

A matter that turns out to be a dispute becomes a mediation case
(:func:`item_to_case`).  Registering a case is :func:`register_case`'s job
and it opens its own unit of work; rather than copy its private steps,
this module runs it inside one outer database transaction whose sessions
are savepoints (SQLAlchemy's "join an external transaction" recipe).  The
case, its number and the link on the matter are therefore committed
together or not at all, and a second clerk converting the same matter at
the same moment loses on the matter's version column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, case, func, select
from sqlalchemy.orm import Session

from app.domain.codes import CATEGORIES, require_key
from app.domain.errors import IllegalTransition, ValidationError
from app.domain.intake import MAX_TEXT, check_intake
from app.domain.meeting_codes import (
    ATTENDEE_ROLES,
    CASE_CATEGORY_OF_ITEM,
    ITEM_CATEGORIES,
    MEETING_KINDS,
    ROSTER_ROLES,
)
from app.domain.meeting_stages import (
    CLOSED_STAGES,
    EvaluationResult,
    ItemAction,
    ItemStage,
    check_action,
    check_stage_move,
    evaluation_result,
)
from app.domain.phone import parse_phone
from app.domain.text import _
from app.domain.votes import VoteOutcome, check_vote, evaluate_vote, parse_body
from app.services.errors import ConflictError, NotFoundError
from app.services.intake import register_case
from app.services.uow import UnitOfWork
from app.store.audit_log import AUDIT_USER
from app.store.database import Database
from app.store.engine import WRITE_OPTION
from app.store.models import (
    Meeting,
    MeetingAttendee,
    MeetingItem,
    MeetingItemProgress,
    Party,
    Region,
    RosterMember,
)

_CLOSED = tuple(s.value for s in CLOSED_STAGES)


@dataclass(frozen=True)
class MemberInput:
    """A roster entry as entered (adding replaces nothing; updating replaces every field)."""

    name: str
    role: str
    household_group: str | None = None
    phone: str | None = None
    party_id: int | None = None
    active: bool = True


@dataclass(frozen=True)
class RosterMemberInfo:
    """One person on a village roster."""

    id: int
    version: int
    village_code: str
    name: str
    role: str
    household_group: str | None
    phone: str | None
    party_id: int | None
    active: bool


@dataclass(frozen=True)
class MeetingInput:
    """A meeting as opened by the recorder."""

    village: str
    held_at: datetime
    venue: str | None = None
    kind: str = "regular"
    body: str = "speak_up"
    host: str | None = None
    recorder: str | None = None
    members_total: int | None = None
    notes: str | None = None


@dataclass(frozen=True)
class OpenItemRow:
    """An unfinished matter on the carry-over list or the open-items board."""

    item_id: int
    meeting_id: int
    held_at: datetime
    village_code: str
    village: str
    ordinal: int
    raised_by: str
    category: str
    matter: str
    stage: str
    responsible: str | None
    deadline: date | None
    days_overdue: int
    reopened: bool


@dataclass(frozen=True)
class MeetingInfo:
    """A meeting's header, with the unfinished matters of earlier meetings (carry-over)."""

    id: int
    village_code: str
    village: str
    held_at: datetime
    venue: str | None
    kind: str
    body: str
    host: str | None
    recorder: str | None
    members_total: int | None
    notes: str | None
    carry_over: tuple[OpenItemRow, ...]


@dataclass(frozen=True)
class AttendeeInput:
    """Someone not on the roster who came (a town official, a guest)."""

    name: str
    role: str = "guest"


@dataclass(frozen=True)
class AttendeeInfo:
    """One line of the sign-in sheet."""

    id: int
    roster_member_id: int | None
    name: str
    role: str
    signed: bool


@dataclass(frozen=True)
class ProgressInfo:
    """A dated note while the matter is handled."""

    id: int
    on_date: date
    note: str


@dataclass(frozen=True)
class ItemInfo:
    """One matter as the ledger shows it; ``reopened`` = rated badly, being handled again."""

    id: int
    version: int
    meeting_id: int
    ordinal: int
    raised_by: str
    category: str
    matter: str
    discussion: str | None
    votes_present: int | None
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None
    decision: str | None
    responsible: str | None
    deadline: date | None
    stage: str
    done_on: date | None
    publicised_on: date | None
    satisfied: int | None
    basically_satisfied: int | None
    dissatisfied: int | None
    evaluation_notes: str | None
    case_id: int | None
    reopened: bool
    progress: tuple[ProgressInfo, ...]


@dataclass(frozen=True)
class VoteInput:
    """A show of hands; the body and members total come from the meeting."""

    present: int
    for_: int
    against: int
    abstain: int
    households_total: int | None = None
    households_present: int | None = None


@dataclass(frozen=True)
class DiscussionResult:
    """The matter after 议事, and the vote's outcome when there was one."""

    item: ItemInfo
    vote: VoteOutcome | None


@dataclass(frozen=True)
class EvaluationInfo:
    """The matter after 评事, and what the count meant."""

    item: ItemInfo
    result: EvaluationResult


@dataclass(frozen=True)
class CaseLink:
    """The mediation case a matter became."""

    item_id: int
    case_id: int
    number: str


@dataclass(frozen=True)
class MeetingDetail:
    """Everything the minutes print: header, carry-over, sign-in sheet, matters."""

    info: MeetingInfo
    attendees: tuple[AttendeeInfo, ...]
    items: tuple[ItemInfo, ...]


@dataclass(frozen=True)
class VillageStats:
    """A village's 说事 record over a period (matters counted by the meeting that raised them)."""

    village_code: str
    date_from: date
    date_to: date
    meetings_held: int
    items_raised: int
    items_decided: int
    items_done: int
    items_evaluated: int
    items_reopened: int
    average_days_to_done: float | None
    satisfaction_rate: float | None


# ---------------------------------------------------------------- helpers


def _text(value: str | None, field: str, limit: int, *, required: bool = True) -> str | None:
    cleaned = (value or "").strip()
    if not cleaned:
        if required:
            raise ValidationError(_("必须填写"), field)
        return None
    if len(cleaned) > limit:
        raise ValidationError(_("太长：最多 {limit} 个字符").format(limit=limit), field)
    return cleaned


def _required(value: str | None, field: str, limit: int) -> str:
    text = _text(value, field, limit)
    assert text is not None
    return text


def _region(s: Session, code: str, field: str) -> Region:
    region = s.execute(select(Region).where(Region.code == code)).scalar_one_or_none()
    if region is None:
        raise ValidationError(_("未知的行政区划代码“{code}”").format(code=code), field)
    return region


def _village(s: Session, code: str) -> Region:
    region = _region(s, code, "village")
    if region.level != "village":
        raise ValidationError(_("“{name}”不是村（社区）").format(name=region.name), "village")
    return region


def _meeting(s: Session, meeting_id: int) -> Meeting:
    meeting = s.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFoundError(_("说事会议不存在"))
    return meeting


def _item(s: Session, item_id: int) -> MeetingItem:
    item = s.get(MeetingItem, item_id)
    if item is None:
        raise NotFoundError(_("说事事项不存在"))
    return item


def _not_before_meeting(item: MeetingItem, day: date, field: str) -> date:
    held = item.meeting.held_at.date()
    if day < held:
        raise ValidationError(_("不能早于说事日期 {day}").format(day=held.isoformat()), field)
    return day


def _member_info(member: RosterMember, village_code: str) -> RosterMemberInfo:
    return RosterMemberInfo(member.id, member.version, village_code, member.name, member.role,
                            member.household_group, member.phone, member.party_id, member.active)


def _progress(s: Session, item_ids: Sequence[int]) -> dict[int, tuple[ProgressInfo, ...]]:
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


def _item_info(item: MeetingItem, progress: tuple[ProgressInfo, ...]) -> ItemInfo:
    reopened = item.dissatisfied is not None and item.stage != ItemStage.EVALUATED
    return ItemInfo(
        item.id, item.version, item.meeting_id, item.ordinal, item.raised_by, item.category,
        item.matter, item.discussion, item.votes_present, item.votes_for, item.votes_against,
        item.votes_abstain, item.decision, item.responsible, item.deadline, item.stage,
        item.done_on, item.publicised_on, item.satisfied, item.basically_satisfied,
        item.dissatisfied, item.evaluation_notes, item.case_id, reopened, progress,
    )


def _saved(uow: UnitOfWork, item: MeetingItem) -> ItemInfo:
    uow.commit()
    return _item_info(item, _progress(uow.session, [item.id])[item.id])


def _open_rows(s: Session, today: date, *conditions: ColumnElement[bool]) -> list[OpenItemRow]:
    overdue = and_(MeetingItem.deadline.is_not(None), MeetingItem.deadline < today)
    rows = s.execute(
        select(MeetingItem.id, MeetingItem.meeting_id, Meeting.held_at, Region.code, Region.name,
               MeetingItem.ordinal, MeetingItem.raised_by, MeetingItem.category,
               MeetingItem.matter, MeetingItem.stage, MeetingItem.responsible,
               MeetingItem.deadline, MeetingItem.dissatisfied)
        .join(Meeting, Meeting.id == MeetingItem.meeting_id)
        .join(Region, Region.id == Meeting.village_id)
        .where(MeetingItem.stage.not_in(_CLOSED), *conditions)
        .order_by(case((overdue, 0), else_=1), case((MeetingItem.deadline.is_(None), 1), else_=0),
                  MeetingItem.deadline, Meeting.held_at, MeetingItem.ordinal, MeetingItem.id)
    ).all()
    return [
        OpenItemRow(r.id, r.meeting_id, r.held_at, r.code, r.name, r.ordinal, r.raised_by,
                    r.category, r.matter, r.stage, r.responsible, r.deadline,
                    max(0, (today - r.deadline).days) if r.deadline else 0,
                    r.dissatisfied is not None)
        for r in rows
    ]


def _meeting_info(s: Session, meeting: Meeting) -> MeetingInfo:
    village = s.get(Region, meeting.village_id)
    assert village is not None
    carry = _open_rows(s, meeting.held_at.date(), Meeting.village_id == meeting.village_id,
                       Meeting.held_at < meeting.held_at)
    return MeetingInfo(meeting.id, village.code, village.name, meeting.held_at, meeting.venue,
                       meeting.kind, meeting.body, meeting.host, meeting.recorder,
                       meeting.members_total, meeting.notes, tuple(carry))


# ---------------------------------------------------------------- roster


def _member_values(s: Session, data: MemberInput) -> dict[str, Any]:
    if data.party_id is not None and s.get(Party, data.party_id) is None:
        raise ValidationError(_("当事人记录不存在"), "party_id")
    return {
        "name": _required(data.name, "name", 100),
        "role": require_key(ROSTER_ROLES, data.role, "role"),
        "household_group": _text(data.household_group, "household_group", 60, required=False),
        "phone": parse_phone(data.phone) if data.phone and data.phone.strip() else None,
        "party_id": data.party_id,
        "active": data.active,
    }


def add_member(db: Database, user: str, village_code: str, data: MemberInput
               ) -> RosterMemberInfo:
    """Put someone on a village's roster."""
    with UnitOfWork(db, user) as uow:
        village = _village(uow.session, village_code)
        member = RosterMember(village_id=village.id, **_member_values(uow.session, data))
        uow.session.add(member)
        uow.commit()
        return _member_info(member, village.code)


def update_member(db: Database, user: str, member_id: int, version: int, data: MemberInput
                  ) -> RosterMemberInfo:
    """Save a roster entry edited from ``version``; a newer version means a conflict."""
    with UnitOfWork(db, user) as uow:
        member = uow.session.get(RosterMember, member_id)
        if member is None:
            raise NotFoundError(_("名册成员不存在"))
        if member.version != version:
            raise ConflictError(_("保存失败：这位名册成员已被其他人修改。请重新打开后再改。"))
        for key, value in _member_values(uow.session, data).items():
            setattr(member, key, value)
        village = uow.session.get(Region, member.village_id)
        assert village is not None
        uow.commit()
        return _member_info(member, village.code)


def list_members(db: Database, village_code: str, include_inactive: bool = False
                 ) -> list[RosterMemberInfo]:
    """A village's roster, by role (committee first) and then in the order entered."""
    order = {role: n for n, role in enumerate(ROSTER_ROLES)}
    with db.session() as s:
        village = _village(s, village_code)
        query = select(RosterMember).where(RosterMember.village_id == village.id)
        if not include_inactive:
            query = query.where(RosterMember.active.is_(True))
        members = s.execute(query.order_by(RosterMember.id)).scalars().all()
        return [_member_info(m, village.code)
                for m in sorted(members, key=lambda m: order.get(m.role, len(order)))]


# ---------------------------------------------------------------- meetings


def open_meeting(db: Database, user: str, data: MeetingInput) -> MeetingInfo:
    """Record a new meeting; the answer lists earlier matters still open (overdue first)."""
    members_total = data.members_total
    if members_total is not None and (isinstance(members_total, bool) or members_total < 1):
        raise ValidationError(_("应到人数必须大于 0"), "members_total")
    with UnitOfWork(db, user) as uow:
        village = _village(uow.session, data.village)
        meeting = Meeting(
            village_id=village.id, held_at=data.held_at,
            venue=_text(data.venue, "venue", 200, required=False),
            kind=require_key(MEETING_KINDS, data.kind, "kind"),
            body=parse_body(data.body).value,
            host=_text(data.host, "host", 100, required=False),
            recorder=_text(data.recorder, "recorder", 100, required=False),
            members_total=members_total,
            notes=_text(data.notes, "notes", MAX_TEXT, required=False),
        )
        uow.session.add(meeting)
        uow.commit()
        return _meeting_info(uow.session, meeting)


def _attendees(meeting: Meeting) -> tuple[AttendeeInfo, ...]:
    return tuple(AttendeeInfo(a.id, a.roster_member_id, a.name, a.role, a.signed)
                 for a in sorted(meeting.attendees, key=lambda a: a.id))


def add_attendees(db: Database, user: str, meeting_id: int, roster_ids: Sequence[int] = (),
                  guests: Sequence[AttendeeInput] = ()) -> tuple[AttendeeInfo, ...]:
    """Sign people in from the roster and/or by name; the whole sheet is returned."""
    with UnitOfWork(db, user) as uow:
        s = uow.session
        meeting = _meeting(s, meeting_id)
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
                name=_required(guest.name, f"guests[{index}].name", 100),
                role=require_key(ATTENDEE_ROLES, guest.role, f"guests[{index}].role")))
        uow.commit()
        return _attendees(meeting)


def meeting_detail(db: Database, meeting_id: int) -> MeetingDetail:
    """A meeting with its sign-in sheet, its matters and their progress notes."""
    with db.session() as s:
        meeting = _meeting(s, meeting_id)
        progress = _progress(s, [i.id for i in meeting.items])
        return MeetingDetail(_meeting_info(s, meeting), _attendees(meeting),
                             tuple(_item_info(i, progress[i.id]) for i in meeting.items))


# ---------------------------------------------------------------- matters


def raise_item(db: Database, user: str, meeting_id: int, raised_by: str, category: str,
               matter: str) -> ItemInfo:
    """说事: add a matter to the meeting's agenda."""
    with UnitOfWork(db, user) as uow:
        meeting = _meeting(uow.session, meeting_id)
        last = uow.session.scalar(select(func.max(MeetingItem.ordinal))
                                  .where(MeetingItem.meeting_id == meeting.id))
        item = MeetingItem(
            meeting=meeting, ordinal=0 if last is None else last + 1,
            raised_by=_required(raised_by, "raised_by", 100),
            category=require_key(ITEM_CATEGORIES, category, "category"),
            matter=_required(matter, "matter", MAX_TEXT), stage=ItemStage.RAISED.value,
        )
        uow.session.add(item)
        return _saved(uow, item)


def record_discussion(db: Database, user: str, item_id: int, notes: str,
                      decision: str | None = None, vote: VoteInput | None = None
                      ) -> DiscussionResult:
    """议事: minute the discussion, check any vote against the meeting's body and quorum."""
    discussion = _required(notes, "discussion", MAX_TEXT)
    decided = _text(decision, "decision", MAX_TEXT, required=False)
    with UnitOfWork(db, user) as uow:
        item = _item(uow.session, item_id)
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
        return DiscussionResult(_saved(uow, item), outcome)


def assign_item(db: Database, user: str, item_id: int, responsible: str, deadline: date,
                decision: str | None = None) -> ItemInfo:
    """办事: name the handler and the deadline (and word the decision if not yet done)."""
    handler = _required(responsible, "responsible", 100)
    decided = _text(decision, "decision", MAX_TEXT, required=False)
    with UnitOfWork(db, user) as uow:
        item = _item(uow.session, item_id)
        stage = ItemStage(item.stage)
        check_stage_move(stage, ItemStage.IN_PROGRESS)
        if item.votes_for is not None and item.decision is None:
            raise IllegalTransition(stage, ItemStage.IN_PROGRESS,
                                    _("表决未通过的事项不能交办：请重新议事表决"))
        item.decision = decided or item.decision
        if item.decision is None:
            raise ValidationError(_("请填写议定的处理决定"), "decision")
        item.deadline = _not_before_meeting(item, deadline, "deadline")
        item.responsible = handler
        item.stage = ItemStage.IN_PROGRESS.value
        return _saved(uow, item)


def add_progress(db: Database, user: str, item_id: int, on_date: date, note: str
                 ) -> ItemInfo:
    """Record a dated progress note while the matter is being handled."""
    text = _required(note, "note", MAX_TEXT)
    with UnitOfWork(db, user) as uow:
        item = _item(uow.session, item_id)
        check_action(ItemStage(item.stage), ItemAction.PROGRESS)
        uow.session.add(MeetingItemProgress(
            item_id=item.id, on_date=_not_before_meeting(item, on_date, "on_date"), note=text))
        return _saved(uow, item)


def complete_item(db: Database, user: str, item_id: int, done_on: date) -> ItemInfo:
    """Mark the matter handled (办结) on ``done_on``."""
    with UnitOfWork(db, user) as uow:
        item = _item(uow.session, item_id)
        check_stage_move(ItemStage(item.stage), ItemStage.DONE)
        item.done_on = _not_before_meeting(item, done_on, "done_on")
        item.stage = ItemStage.DONE.value
        return _saved(uow, item)


def evaluate_item(db: Database, user: str, item_id: int, satisfied: int, basically: int,
                  dissatisfied: int, notes: str | None = None,
                  evaluated_on: date | None = None) -> EvaluationInfo:
    """评事: store the count; more than a third dissatisfied sends the matter back to 办理中."""
    result = evaluation_result(satisfied, basically, dissatisfied)
    remark = _text(notes, "evaluation_notes", MAX_TEXT, required=False)
    with UnitOfWork(db, user) as uow:
        item = _item(uow.session, item_id)
        stage = ItemStage(item.stage)
        check_stage_move(stage, ItemStage.EVALUATED)
        item.satisfied, item.basically_satisfied, item.dissatisfied = (
            satisfied, basically, dissatisfied)
        item.evaluation_notes = remark
        if result.reopens:
            check_stage_move(stage, ItemStage.IN_PROGRESS)
            day = _not_before_meeting(item, evaluated_on or date.today(), "evaluated_on")
            uow.session.add(MeetingItemProgress(item_id=item.id, on_date=day, note=_(
                "评事：满意 {s}、基本满意 {b}、不满意 {d}，不满意超过三分之一，重新办理").format(
                s=satisfied, b=basically, d=dissatisfied)))
            item.done_on = None
            item.stage = ItemStage.IN_PROGRESS.value
        else:
            item.stage = ItemStage.EVALUATED.value
        return EvaluationInfo(_saved(uow, item), result)


def publicise(db: Database, user: str, item_id: int, publicised_on: date) -> ItemInfo:
    """Record the day the decision (or its result) was posted publicly (公示)."""
    with UnitOfWork(db, user) as uow:
        item = _item(uow.session, item_id)
        check_action(ItemStage(item.stage), ItemAction.PUBLICISE)
        if item.decision is None:
            raise ValidationError(_("尚未形成决定，没有可以公示的内容"), "decision")
        item.publicised_on = _not_before_meeting(item, publicised_on, "publicised_on")
        return _saved(uow, item)


# ---------------------------------------------------------------- matter → case


class _JoinedDatabase(Database):
    """``db`` seen through one open connection: each session is a savepoint of its transaction."""

    def __init__(self, db: Database, conn: Connection) -> None:
        super().__init__(db.url, db.engine)
        self._conn = conn

    def session(self, *, user: str | None = None, write: bool = False) -> Session:
        """A session nested in the outer transaction; write sessions are audited as usual."""
        session = Session(bind=self._conn, join_transaction_mode="create_savepoint",
                          expire_on_commit=False)
        if write:
            session.info[AUDIT_USER] = user or "system"
        return session


def _party_id(s: Session, village_id: int, name: str) -> int | None:
    """The registry record of a roster member with this name, if exactly one is linked."""
    ids = s.scalars(select(RosterMember.party_id).where(
        RosterMember.village_id == village_id, RosterMember.name == name,
        RosterMember.party_id.is_not(None))).all()
    return ids[0] if len(set(ids)) == 1 else None


def _intake_party(s: Session, village_id: int, role: str, name: str) -> dict[str, Any]:
    party: dict[str, Any] = {"role": role, "kind": "person", "name": name}
    party_id = _party_id(s, village_id, name)
    if party_id is not None:
        party["party_id"] = party_id
    return party


def _intake_field(field: str) -> str:
    if field.startswith("parties[0]"):
        return "raised_by"
    if field.startswith("parties["):
        index = int(field[len("parties["):field.index("]")])
        return f"respondents[{index - 1}]"
    return field


def item_to_case(db: Database, user: str, item_id: int, organisation: str,
                 respondents: Sequence[str], category: str | None = None,
                 received_at: datetime | None = None) -> CaseLink:
    """Register the matter as a mediation case (raiser = applicant) and link both, atomically."""
    names = [_required(n, f"respondents[{i}]", 100) for i, n in enumerate(respondents)]
    if not names:
        raise ValidationError(_("至少填写一名被申请人"), "respondents")
    with db.engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            joined = _JoinedDatabase(db, conn)
            with UnitOfWork(joined, user) as uow:
                s = uow.session
                item = _item(s, item_id)
                if item.case_id is not None:
                    raise ValidationError(_("该事项已经转为调解案件"), "case_id")
                village = s.get(Region, item.meeting.village_id)
                assert village is not None
                kind = category or CASE_CATEGORY_OF_ITEM.get(item.category, "other")
                check = check_intake({
                    "source": "villagers_meeting",
                    "received_at": (received_at or datetime.now()).isoformat(timespec="minutes"),
                    "category": require_key(CATEGORIES, kind, "category"),
                    "facts": _("{matter}\n（{day} {village}村民说事，{name}提出）").format(
                        matter=item.matter, day=item.meeting.held_at.date().isoformat(),
                        village=village.name, name=item.raised_by),
                    "people_involved": 1 + len(names),
                    "region": village.code,
                    "organisation": organisation,
                    "parties": [_intake_party(s, village.id, "applicant", item.raised_by)]
                    + [_intake_party(s, village.id, "respondent", n) for n in names],
                })
                if check.value is None:
                    first = check.errors[0]
                    raise ValidationError(first.message, _intake_field(first.field or ""))
                registered = register_case(joined, user, check.value)
                item.case_id = registered.case_id
                uow.commit()
    return CaseLink(item_id, registered.case_id, registered.number)


# ---------------------------------------------------------------- board and stats


def _village_ids(s: Session, code: str) -> list[int]:
    region = _region(s, code, "region")
    if region.level == "village":
        return [region.id]
    if region.level == "town":
        return list(s.scalars(select(Region.id).where(Region.parent_id == region.id,
                                                      Region.level == "village")))
    raise ValidationError(_("请选择村（社区）或乡镇（街道）"), "region")


def open_items_board(db: Database, region_code: str, today: date) -> list[OpenItemRow]:
    """Every unfinished matter of a village or town: overdue first, then by deadline."""
    with db.session() as s:
        ids = _village_ids(s, region_code)
        return _open_rows(s, today, Meeting.village_id.in_(ids))


def village_stats(db: Database, village_code: str, date_from: date, date_to: date
                  ) -> VillageStats:
    """Meetings held and matters raised in the period, how far they got, and how fast."""
    if date_to < date_from:
        raise ValidationError(_("结束日期不能早于开始日期"), "date_to")
    with db.session() as s:
        village = _village(s, village_code)
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
    done = [r for r in items if r.stage in _CLOSED]
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
