"""The values 村民说事 services take and return: plain frozen dataclasses, never ORM rows.

Kept apart from the use cases so that the pages, the CLI and the document
renderers can name a meeting, a matter or a board row without pulling in
the transaction code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.domain.meeting_stages import EvaluationResult
from app.domain.votes import VoteOutcome


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
    """An unfinished matter on the carry-over list or the open-items board.

    ``due`` is the deadline, or — for a matter not yet discussed — the day the
    villager must have had an answer (20 days, 宁波市法治乡村建设促进条例 art 16); ``days_overdue``
    counts from it.
    """

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
    case_number: str | None = None
    due: date | None = None


@dataclass(frozen=True)
class MeetingInfo:
    """A meeting's header, with the unfinished matters of earlier meetings (carry-over).

    Matters that became mediation cases are not carried over: the case is
    followed through in its own workflow (the board still lists them).
    """

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
    version: int = 1


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
