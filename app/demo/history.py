"""What happened to one case up to ``today``: assignment, referrals, sessions, outcome.

A case's status implies its past.  A case in mediation was assigned and has
had a session or two; a closed one also has its outcome, the reason and, for
an archived one, the file number; one that was passed up to the town or on to
a professional committee carries the referral; one that ran past its deadline
usually has the extension on record.  The history is drawn here and written as
rows, and returns the fields of the case row that depend on it.  Agreements
and what follows them are in app.demo.settlement.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.demo import words
from app.demo.case import Case
from app.demo.county import Org
from app.demo.profiles import AGREED_FAMILY, MEDIATION_TYPES
from app.demo.settlement import agreement
from app.demo.values import choice
from app.domain.closing import ARCHIVE_PATTERN
from app.domain.workflow import CaseStatus as S

if TYPE_CHECKING:
    from app.demo.cases import CaseMaker


def _guidance(u: float, category: str) -> str:
    """The route a failed mediation points to: arbitration for labour, else mostly the courts."""
    if category == "labour":
        return "arbitration" if u < 0.8 else "litigation"
    return "litigation" if u < 0.7 else "administrative" if u < 0.9 else "arbitration"


def deadline(maker: CaseMaker, case: Case, history: History, source: str) -> int:
    """The deadline in force; extended (and recorded) for many cases that ran past the first one.

    A case closed after its first deadline must have been extended; one still
    in mediation near or past it often was, and the rest show up as overdue.
    The generator may fix it: ``kept`` (never extended: overdue once past) or
    ``soon`` (due within the next three days, extended to then if need be).
    """
    r, end = maker.r, maker.today
    limit = case.day + (15 if source == "court_entrusted" else 30)
    wanted = case.forced.get("deadline")
    if wanted == "kept":
        return limit
    if wanted == "soon":
        return limit if limit >= end else _extend(maker, case, limit, end + 1 + int(r() * 3))
    running = history.ended is None
    ended = history.ended if not running else end if case.status == S.IN_MEDIATION else None
    if ended is None or ended < limit - 5:
        return limit
    if r() >= (0.5 if running else 0.85 if ended > limit else 0.3):
        return limit
    return _extend(maker, case, limit, max(limit + 15 + int(r() * 16), ended))


def _extend(maker: CaseMaker, case: Case, limit: int, new: int) -> int:
    """The extension (延长调解期限) from ``limit`` to ``new``, granted before ``limit``."""
    r, end = maker.r, maker.today
    granted = max(case.day + 1, min(limit - int(r() * 5), end))
    maker.rows["deadline_extensions"].append((
        maker.next_id("deadline_extensions"), case.id, maker.values.day[limit],
        maker.values.day[new], choice(r, words.EXTENSION_REASONS), case.applicants[0].name,
        maker.people.name(r() < 0.4), 1, maker.values.moment(granted, 540 + int(r() * 480)),
    ))
    return new


class History:
    """What happened to one case up to ``today``, written as rows; the case row's fields."""

    __slots__ = ("archive_location", "archive_number", "archived_on", "closed_on", "current",
                 "ended", "file_quality", "guidance", "last_paper",
                 "lead", "level", "outcome", "outcome_reason", "refusal_reason", "summary")

    def __init__(self, maker: CaseMaker, case: Case, facts: str) -> None:
        r, end, status = maker.r, maker.today, case.status
        self.current = case.org
        self.lead: int | None = None
        self.level: str | None = None
        self.outcome_reason: str | None = None
        self.refusal_reason: str | None = None
        self.closed_on: Any = None
        self.summary: str | None = None
        self.archive_number: str | None = None
        self.archive_location: str | None = None
        self.file_quality: str | None = None
        self.guidance: str | None = None
        self.archived_on: Any = None
        self.ended: int | None = None
        """The day mediation ended, for the deadline check (None while it runs)."""
        self.last_paper = case.day
        """The last day a paper of the case file is dated: the volume is archived after it."""
        self.outcome: str | None = (
            maker.archived_outcomes.pick(r()) if status == S.ARCHIVED
            else S.AGREED.value if status in AGREED_FAMILY
            else status if status in (S.NOT_AGREED, S.WITHDRAWN, S.REFERRED_OUT, S.REFUSED)
            else None
        )
        outcome = self.outcome
        closed = case.day
        if outcome == S.REFUSED:
            closed = min(case.day + int(r() * 4), end)
            self.refusal_reason = choice(r, words.REFUSAL_REASONS)
        elif status != S.RECEIVED and not (outcome == S.REFERRED_OUT and r() < 0.5):
            closed = self._mediation(maker, case, facts)
        if outcome == S.REFERRED_OUT:
            body, self.outcome_reason = choice(r, words.EXTERNAL_BODIES)
            _referral(maker, case, "external", self.current, None, body, self.outcome_reason,
                      closed)
        elif outcome == S.NOT_AGREED:
            self.outcome_reason = choice(r, words.FAILURE_REASONS)
            self.guidance = _guidance(r(), case.category)
        elif outcome == S.WITHDRAWN:
            self.outcome_reason = choice(r, words.WITHDRAWAL_REASONS)
        if outcome is not None:
            self.ended = closed
            self.closed_on = maker.values.day[closed]
            if status == S.ARCHIVED:
                self._archive(maker, closed, outcome)

    def _mediation(self, maker: CaseMaker, case: Case, facts: str) -> int:
        """Assignment, referral onwards, mediators and sessions; the day mediation ended."""
        r, values, end, outcome = maker.r, maker.values, maker.today, self.outcome
        assigned = min(case.day + int(r() * 3), end)
        self.current = cur = _move(maker, case, assigned)
        mediators = cur.mediators
        self.lead, names = mediators[int(r() * len(mediators))]
        self.lead, names, recused = _assign(maker, case, cur, self.lead, names, assigned)
        lead_name = names
        rows = maker.rows["case_mediators"]
        second, second_name = mediators[int(r() * len(mediators))]
        if second not in (self.lead, recused) and r() < 0.25:
            rows.append((maker.next_id("case_mediators"), case.id, second, cur.id, False, "active",
                         None, None, 1))
            names += "、" + second_name
        _joint_and_ties(maker, case, cur, (self.lead, second, recused))
        sessions = (
            1 + (r() < 0.4) if case.status == S.IN_MEDIATION
            else 1 + (r() < 0.5) + (r() < 0.3) + (outcome == S.NOT_AGREED)
            if outcome in (S.AGREED, S.NOT_AGREED)
            else int(r() < 0.5) if outcome == S.WITHDRAWN else 0
        )
        slots = case.slots
        attendees = f"申请人{slots['a']}；被申请人{slots['b']}"
        if case.third:
            attendees += f"；第三人{case.third.name}"
        venues = maker.venues[cur.id]
        closed = min(assigned + int(r() * 5), end)
        held = min(assigned + int(r() * 6), end)
        for n in range(sessions):
            agreed_now = n == sessions - 1 and outcome == S.AGREED
            maker.rows["mediation_sessions"].append((
                maker.next_id("mediation_sessions"), case.id,
                values.moment(held, _after_intake(case, held, 540 + int(r() * 450))),
                choice(r, venues), names,
                mediators[int(r() * len(mediators))][1], attendees,
                choice(r, words.INVITED) if r() < 0.25 else None,
                choice(r, words.SESSION_RECORDS).format_map(slots),
                choice(r, words.PROPOSALS).format_map(slots) if r() < 0.6 else None,
                words.NEXT_STEPS[2] if agreed_now else words.NEXT_STEPS[(0, 1, 3)[int(r() * 3)]],
                n == 0, n == 0, True, r() < 0.15, 1,
            ))
            closed = held
            held = min(held + 2 + int(r() * 9), end)
        self.last_paper = closed
        if outcome == S.AGREED:
            self.last_paper = agreement(maker, case, facts, closed, lead_name)
            self.level = cur.level
        return closed

    def _archive(self, maker: CaseMaker, closed: int, outcome: str) -> None:
        r, cur = maker.r, self.current
        year = maker.values.dates[closed].year
        serial = maker.archive_seq[cur.id, year] = maker.archive_seq.get((cur.id, year), 0) + 1
        self.archive_number = ARCHIVE_PATTERN.format(year=year, org=cur.short, seq=serial)
        archived = max(closed + 1 + int(r() * 20), self.last_paper)
        self.archived_on = maker.values.day[min(archived, maker.today)]
        self.archive_location = choice(r, words.ARCHIVE_LOCATIONS).format(n=1 + int(r() * 30))
        q = r()
        self.file_quality = "excellent" if q < 0.3 else "good" if q < 0.85 else "qualified"
        self.summary = choice(r, words.CLOSING_SUMMARIES[outcome])


def _move(maker: CaseMaker, case: Case, day: int) -> Org:
    """Up-refer some village cases to the town, hand some to a professional committee."""
    r, org = maker.r, case.org
    target: Org | None = None
    reasons: tuple[str, ...]
    if org.kind == "village_committee" and org.town is not None and r() < 0.06:
        target, kind, reasons = org.town.org, "up", words.UP_REFERRAL_REASONS
    elif org.kind in ("village_committee", "town_committee") and r() < 0.05:
        target = maker.county.professional.get(case.category)
        kind, reasons = "transfer", words.TRANSFER_REASONS
    if target is None:
        return org
    _referral(maker, case, kind, org, target, None, choice(r, reasons), day)
    return target


def _assign(maker: CaseMaker, case: Case, cur: Org, lead: int, lead_name: str,
            day: int) -> tuple[int, str, int | None]:
    """The assignment (accepted at once) and the lead, replaced after a granted 回避申请.

    Chosen by case id, not drawn from the random stream, so the rest of a seed's data
    stays as it was.  Cases passed on by _move were accepted by the receiver instead.
    """
    values, rows = maker.values, maker.rows["case_mediators"]
    if cur is case.org:
        # Same day: half an hour to two hours after registration (never before it).
        at = values.moment(day, min(case.minute + 30 + case.id % 90, 1439) if day == case.day
                           else 540 + case.id % 120)
        maker.rows["referrals"].append((
            maker.next_id("referrals"), case.id, "assign", cur.id, cur.id, None,
            MEDIATION_TYPES[cur.kind][0], words.ASSIGN_REASON, cur.registered_by, at,
            "accepted", cur.registered_by, at, 1))
    objection = words.OBJECTIONS[case.id % len(words.OBJECTIONS)]
    if case.id % 67 == 0 and len(cur.mediators) > 2:
        index = next(n for n, (mid, _name) in enumerate(cur.mediators) if mid == lead)
        new, new_name = cur.mediators[(index + 1) % len(cur.mediators)]
        rows.append((maker.next_id("case_mediators"), case.id, lead, cur.id, True, "recused",
                     f"{case.applicants[0].name}：{objection}", words.OBJECTION_GRANTED, 1))
        rows.append((maker.next_id("case_mediators"), case.id, new, cur.id, True, "active",
                     None, None, 1))
        return new, new_name, lead
    rejected = case.id % 71 == 0
    rows.append((maker.next_id("case_mediators"), case.id, lead, cur.id, True, "active",
                 f"{case.applicants[0].name}：{objection}" if rejected else None,
                 words.OBJECTION_REJECTED if rejected else None, 1))
    return lead, lead_name, None


def _joint_and_ties(maker: CaseMaker, case: Case, cur: Org,
                    on_case: tuple[int | None, ...]) -> None:
    """A village mediator joins a case passed up from the village (联合调解), and a few
    mediators not on the case are recorded as related to its applicant (for 回避)."""
    if cur is not case.org and case.org.mediators:
        maker.rows["case_mediators"].append((
            maker.next_id("case_mediators"), case.id, case.org.mediators[0][0], case.org.id,
            False, "active", None, None, 1))
    if case.id % 53 == 0:
        free = [mid for mid, _name in cur.mediators if mid not in on_case]
        if free:
            maker.rows["mediator_relations"].append((
                maker.next_id("mediator_relations"), free[case.id % len(free)],
                case.applicants[0].id,
                words.MEDIATOR_RELATIONS[case.id % len(words.MEDIATOR_RELATIONS)], 1))


def _after_intake(case: Case, day: int, minute: int) -> int:
    """``minute`` on ``day``, moved to half an hour after registration when that is the day."""
    return max(minute, min(case.minute + 30, 1380)) if day == case.day else minute


def _referral(maker: CaseMaker, case: Case, kind: str, source: Org, target: Org | None,
              body: str | None, reason: str, day: int) -> None:
    """A referral written as accepted by the receiver (or, external, by the sender) within a day."""
    r, values = maker.r, maker.values
    minute = _after_intake(case, day, 540 + int(r() * 420))
    decided = min(day + (r() < 0.5), maker.today)
    maker.rows["referrals"].append((
        maker.next_id("referrals"), case.id, kind, source.id, target.id if target else None, body,
        MEDIATION_TYPES[(target or source).kind][0], reason, source.registered_by,
        values.moment(day, minute), "accepted",
        target.registered_by if target else source.registered_by,
        values.moment(decided, minute + 30 + int(r() * 60)), 1,
    ))

