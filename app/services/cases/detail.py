"""Everything about one case for the detail page and ``tiaojie case show``.

The timeline is assembled from the audit trail (who registered and changed
the case, field by field) and from the records hanging off the case
(referrals, sessions, agreement, follow-ups, documents), so it shows the
whole route a case took without a separate history table to keep in step.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from app import i18n
from app.domain.prevention import PREVENTION_KINDS
from app.domain.text import _
from app.domain.timeline import chronological
from app.services.assignment.state import mediator_events, referral_events
from app.services.cases.guard import find_case
from app.services.changes import describe_change
from app.services.security.access import require
from app.services.security.masking import masked
from app.services.security.names import display_names
from app.services.security.users import UserInfo
from app.store.database import Database
from app.store.models import (
    Agreement,
    AuditEntry,
    Case,
    CaseMediator,
    CaseParty,
    CasePrevention,
    DeadlineExtension,
    Document,
    FollowUp,
    JudicialConfirmation,
    MediationSession,
    Mediator,
    Meeting,
    MeetingItem,
    Organisation,
    Party,
    Referral,
    Region,
)


@dataclass(frozen=True)
class PartyLine:
    """One party or agent as the case shows them."""

    case_party_id: int
    party_id: int
    role: str
    kind: str
    name: str
    id_number: str | None
    credit_code: str | None
    gender: str | None
    birth_date: date | None
    ethnicity: str | None
    phone: str | None
    address: str | None
    occupation: str | None
    legal_representative: str | None
    represents: int | None
    relation: str | None


@dataclass(frozen=True)
class TimelineEvent:
    """Something that happened to the case, in order; ``who`` is a person's or body's name."""

    at: datetime
    who: str
    text: str
    date_only: bool = False
    recorded_at: datetime | None = None


def _on_day(day: date, who: str, text: str, recorded_at: datetime | None) -> TimelineEvent:
    """An event recorded by date alone (a signing, a payment, a visit): shown without a time.

    ``recorded_at`` (when it was entered) places it among the timed events of
    its day (app/domain/timeline.py).
    """
    return TimelineEvent(datetime.combine(day, datetime.min.time()), who, text, date_only=True,
                         recorded_at=recorded_at)


Source = tuple[str, int]
"""The table and row an event was read from, for naming who entered it."""


@dataclass(frozen=True)
class CaseDetail:
    """The case with its parties, history and related records."""

    id: int
    version: int
    number: str
    status: str
    source: str
    category: str
    facts: str
    claims: str | None
    amount: Decimal | None
    people_involved: int
    region_code: str | None
    region_name: str | None
    risk: str
    received_at: datetime
    deadline: date | None
    organisation_code: str
    organisation: str
    current_organisation: str | None
    lead_mediator: str | None
    registered_by: str | None
    refusal_reason: str | None
    outcome: str | None
    parties: list[PartyLine]
    mediators: list[str] = field(default_factory=list)
    referrals: list[dict[str, Any]] = field(default_factory=list)
    sessions: list[dict[str, Any]] = field(default_factory=list)
    agreement: dict[str, Any] | None = None
    judicial_confirmation: dict[str, Any] | None = None
    followups: list[dict[str, Any]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    extensions: list[dict[str, Any]] = field(default_factory=list)
    closing: dict[str, Any] | None = None
    timeline: list[TimelineEvent] = field(default_factory=list)


def _parties(session: Session, case_id: int) -> list[PartyLine]:
    rows = session.execute(
        select(CaseParty, Party).join(Party, Party.id == CaseParty.party_id)
        .where(CaseParty.case_id == case_id).order_by(CaseParty.ordinal, CaseParty.id)
    ).all()
    return [
        PartyLine(cp.id, p.id, cp.role, p.kind, p.name, p.id_number, p.credit_code, p.gender,
                  p.birth_date, p.ethnicity, p.phone, p.address, p.occupation,
                  p.legal_representative, cp.represents_id, cp.relation)
        for cp, p in rows
    ]


def _audit_events(session: Session, case: Case) -> list[TimelineEvent]:
    """Registration (told at the time the dispute was received) and every later change."""
    entries = session.execute(
        select(AuditEntry).where(AuditEntry.entity == "cases", AuditEntry.entity_id == case.id)
        .order_by(AuditEntry.id)
    ).scalars().all()
    events = []
    for e in entries:
        if e.action == "insert":
            events.append(TimelineEvent(case.received_at, e.user_login, _("受理登记")))
        elif e.action == "update":
            text = describe_change("cases", json.loads(e.before or "{}"),
                                   json.loads(e.after or "{}"), in_full=True)
            if text:
                events.append(TimelineEvent(e.at, e.user_login, text))
        elif e.action == "reopen":
            reason = json.loads(e.after or "{}").get("reason", "")
            events.append(TimelineEvent(e.at, e.user_login,
                                        _("重新打开已归档案件：{reason}").format(reason=reason)))
    return events


def _org_names(session: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    return dict(session.execute(
        select(Organisation.id, Organisation.name).where(Organisation.id.in_(wanted))
    ).all())


class _Events:
    """The timeline being gathered, with the row behind each event that names nobody yet."""

    def __init__(self, first: Iterable[TimelineEvent] = ()) -> None:
        self.events = list(first)
        self.sources: dict[int, Source] = {}

    def add(self, event: TimelineEvent, source: Source | None = None) -> None:
        """Add ``event``; ``source`` names its row in case ``event.who`` is empty."""
        if not event.who and source is not None:
            self.sources[len(self.events)] = source
        self.events.append(event)

    def extend(self, events: Iterable[TimelineEvent]) -> None:
        """Add events that name who acted themselves."""
        self.events.extend(events)


def _recorders(session: Session, sources: Iterable[Source]) -> dict[Source, str]:
    """Who entered each row, from its audit entry (one query for all of them)."""
    by_table: dict[str, set[int]] = {}
    for table, row_id in sources:
        by_table.setdefault(table, set()).add(row_id)
    if not by_table:
        return {}
    rows = session.execute(
        select(AuditEntry.entity, AuditEntry.entity_id, AuditEntry.user_login)
        .where(AuditEntry.action == "insert", or_(*(
            and_(AuditEntry.entity == table, AuditEntry.entity_id.in_(ids))
            for table, ids in by_table.items())))
    ).all()
    return {(table, row_id): login for table, row_id, login in rows if row_id is not None}


def _confirmation_events(confirmation: JudicialConfirmation, events: _Events) -> None:
    """The application (entered by someone) and the ruling (by the court itself)."""
    if confirmation.applied_on:
        events.add(_on_day(confirmation.applied_on, "", _("向{court}申请司法确认").format(
            court=confirmation.court), confirmation.created_at),
            ("judicial_confirmations", confirmation.id))
    if confirmation.decided_on and confirmation.result:
        text = (_("法院裁定确认调解协议有效（{ruling}）") if confirmation.result == "confirmed"
                else _("法院驳回司法确认申请（{ruling}）"))
        events.add(_on_day(confirmation.decided_on, confirmation.court,
                           text.format(ruling=confirmation.ruling_number or "—"),
                           confirmation.updated_at or confirmation.created_at))


def _meeting_events(session: Session, case_id: int) -> list[TimelineEvent]:
    """The 村民说事 matter a case was turned from, so the two stay linked both ways."""
    rows = session.execute(
        select(Meeting.held_at, Region.name, MeetingItem.raised_by)
        .join(Meeting, Meeting.id == MeetingItem.meeting_id)
        .join(Region, Region.id == Meeting.village_id)
        .where(MeetingItem.case_id == case_id)
    ).all()
    return [TimelineEvent(held_at, raised_by, _("来自{village}村民说事：{who}提出的事项").format(
        village=village, who=raised_by)) for held_at, village, raised_by in rows]


def _related(session: Session, case: Case, detail: dict[str, Any], events: _Events) -> None:
    """Fill ``detail`` with the records hanging off the case, and add their events."""
    events.extend(_meeting_events(session, case.id))
    if case.closed_on is not None or case.archive_number is not None:
        detail["closing"] = {
            "outcome": case.outcome, "reason": case.outcome_reason, "guidance": case.guidance,
            "closed_on": case.closed_on, "archive_number": case.archive_number,
            "archive_location": case.archive_location, "file_quality": case.file_quality,
            "archived_on": case.archived_on, "summary": case.closing_summary,
            "preventions": [
                {"kind": kind, "label": _(PREVENTION_KINDS[kind]), "people": people}
                for kind, people in sorted(
                    session.execute(select(CasePrevention.kind, CasePrevention.people)
                                    .where(CasePrevention.case_id == case.id)).all(),
                    key=lambda row: list(PREVENTION_KINDS).index(row.kind))]}
    referrals = session.execute(select(Referral).where(Referral.case_id == case.id)
                                .order_by(Referral.referred_at)).scalars().all()
    names = _org_names(session, {r.from_organisation_id for r in referrals}
                       | {r.to_organisation_id for r in referrals})
    for r in referrals:
        target = names.get(r.to_organisation_id or 0) or r.external_party or ""
        detail["referrals"].append({
            "kind": r.kind, "from": names.get(r.from_organisation_id or 0),
            "to": target, "reason": r.reason, "referred_at": r.referred_at,
            "status": r.status, "decided_at": r.decided_at,
        })
        events.extend(TimelineEvent(*e) for e in referral_events(r, names))
    events.extend(TimelineEvent(*e) for e in mediator_events(session, case.id))
    for m in session.execute(select(MediationSession).where(MediationSession.case_id == case.id)
                             .order_by(MediationSession.held_at)).scalars():
        detail["sessions"].append({"held_at": m.held_at, "place": m.place,
                                   "mediators": m.mediators, "record": m.record,
                                   "next_step": m.next_step})
        place = (m.place or "").strip()
        text = _("调解会议：{place}").format(place=place) if place else _("调解会议")
        events.add(TimelineEvent(m.held_at, m.mediators or m.recorder or "", text),
                   ("mediation_sessions", m.id))
    for x in session.execute(select(DeadlineExtension).where(DeadlineExtension.case_id == case.id)
                             .order_by(DeadlineExtension.id)).scalars():
        detail["extensions"].append({"old_deadline": x.old_deadline,
                                     "new_deadline": x.new_deadline, "reason": x.reason,
                                     "requested_by": x.requested_by,
                                     "approved_by": x.approved_by})
        events.add(TimelineEvent(x.created_at, x.requested_by or x.approved_by or "", _(
            "延长办理期限至 {date}：{reason}（批准人：{approver}）").format(
                date=x.new_deadline.isoformat(), reason=x.reason, approver=x.approved_by)),
            ("deadline_extensions", x.id))
    agreement = session.execute(select(Agreement).where(Agreement.case_id == case.id)
                                ).scalar_one_or_none()
    if agreement is not None:
        detail["agreement"] = {
            "form": agreement.form, "number": agreement.number, "terms": agreement.terms,
            "signed_on": agreement.signed_on, "effective_on": agreement.effective_on,
            "performance_status": agreement.performance_status,
            "obligations": [{"description": o.description, "amount": o.amount,
                             "due_date": o.due_date, "manner": o.manner, "status": o.status,
                             "performed_amount": o.performed_amount,
                             "performances": [{"on_date": p.on_date, "amount": p.amount,
                                               "note": p.note} for p in o.performances]}
                            for o in agreement.obligations],
        }
        if agreement.signed_on:
            events.add(_on_day(agreement.signed_on, "", _("签订调解协议"), agreement.created_at),
                       ("agreements", agreement.id))
        confirmation = session.execute(
            select(JudicialConfirmation).where(JudicialConfirmation.agreement_id == agreement.id)
        ).scalars().first()
        if confirmation is not None:
            detail["judicial_confirmation"] = {
                "court": confirmation.court, "applied_on": confirmation.applied_on,
                "result": confirmation.result, "ruling_number": confirmation.ruling_number,
                "decided_on": confirmation.decided_on}
            _confirmation_events(confirmation, events)
        for o in agreement.obligations:
            for p in o.performances:
                paid = "" if p.amount is None else " " + i18n.format_money(p.amount)
                text = _("履行：{what}{paid}").format(what=o.description, paid=paid)
                events.add(_on_day(p.on_date, p.recorded_by or "", text, p.created_at),
                           ("performance_records", p.id))
    for f in session.execute(select(FollowUp).where(FollowUp.case_id == case.id)
                             .order_by(FollowUp.id)).scalars():
        detail["followups"].append({"visited_on": f.visited_on, "visitor": f.visitor,
                                    "method": f.method, "performance": f.performance,
                                    "notes": f.notes})
        if f.visited_on:
            events.add(_on_day(f.visited_on, f.visitor or "", _("回访"), f.created_at),
                       ("followups", f.id))
    for d in session.execute(select(Document).where(Document.case_id == case.id)
                             .order_by(Document.id)).scalars():
        detail["documents"].append({"kind": d.kind, "version": d.doc_version,
                                    "format": d.format, "sha256": d.sha256})
        events.add(TimelineEvent(d.created_at, d.author or "",
                                 _("生成文书（{kind}，第{v}版）").format(kind=d.kind,
                                                                v=d.doc_version)),
                   ("documents", d.id))


def _named(session: Session, gathered: _Events, acting: str) -> list[TimelineEvent]:
    """The timeline in order, every event naming a person or body by name, never a login.

    An event whose record names nobody is credited to whoever entered the
    record (its audit entry), else to ``acting``: the case's mediators, or the
    organisation handling it.
    """
    recorders = _recorders(session, gathered.sources.values())
    events = [replace(e, who=recorders.get(gathered.sources[n], acting))
              if n in gathered.sources else e for n, e in enumerate(gathered.events)]
    names = display_names(session, (e.who for e in events))
    return chronological(replace(e, who=names.get(e.who) or acting) for e in events)


def get_case(db: Database, actor: UserInfo, key: str | int) -> CaseDetail:
    """The whole case by number or id; ID and phone masked per the viewer's role."""
    with db.session() as s:
        who = require(s, actor, "case.read")
        case = find_case(s, who, key)
        orgs = _org_names(s, {case.organisation_id, case.current_organisation_id})
        org_code = s.execute(select(Organisation.code)
                             .where(Organisation.id == case.organisation_id)).scalar_one()
        region = s.get(Region, case.region_id) if case.region_id else None
        lead = s.get(Mediator, case.lead_mediator_id) if case.lead_mediator_id else None
        mediators = list(s.execute(
            select(Mediator.name).join(CaseMediator, CaseMediator.mediator_id == Mediator.id)
            .where(CaseMediator.case_id == case.id, CaseMediator.status == "active")
            .order_by(CaseMediator.is_lead.desc())
        ).scalars())
        related: dict[str, Any] = {"referrals": [], "sessions": [], "followups": [],
                                   "documents": [], "agreement": None, "extensions": [],
                                   "closing": None,
                                   "judicial_confirmation": None}
        registration = _audit_events(s, case)
        if not any(e.text == _("受理登记") for e in registration):
            registration.append(TimelineEvent(case.received_at, case.registered_by or "",
                                              _("受理登记")))
        gathered = _Events(registration)
        _related(s, case, related, gathered)
        acting = "、".join(mediators) or (lead.name if lead else "") or orgs.get(
            case.current_organisation_id or case.organisation_id, "")
        timeline = _named(s, gathered, acting)
        registered_by = display_names(s, [case.registered_by]).get(case.registered_by or "")
        return CaseDetail(
            case.id, case.version, case.number, case.status, case.source, case.category,
            case.facts, case.claims, case.amount, case.people_involved,
            region.code if region else None, region.name if region else None, case.risk,
            case.received_at, case.deadline, org_code, orgs.get(case.organisation_id, ""),
            orgs.get(case.current_organisation_id or 0), lead.name if lead else None,
            registered_by, case.refusal_reason, case.outcome,
            [masked(p, who.user) for p in _parties(s, case.id)], mediators,
            timeline=timeline, **related,
        )


def case_json(detail: CaseDetail) -> dict[str, Any]:
    """``case show --json``: the intake keys of README.md's JSON plus everything that followed."""
    parties = []
    for p in detail.parties:
        if p.role == "agent":
            continue
        entry: dict[str, Any] = {"role": p.role, "kind": p.kind, "name": p.name,
                                 "phone": p.phone, "address": p.address}
        if p.kind == "person":
            entry.update(id_number=p.id_number, gender=p.gender, birth_date=p.birth_date,
                         ethnicity=p.ethnicity, occupation=p.occupation)
        else:
            entry.update(credit_code=p.credit_code, legal_representative=p.legal_representative)
        agents = [a for a in detail.parties if a.represents == p.case_party_id]
        if agents:
            a = agents[0]
            entry["agent"] = {"name": a.name, "id_number": a.id_number, "phone": a.phone,
                              "relation": a.relation}
        parties.append({k: v for k, v in entry.items() if v is not None})
    result = {
        "number": detail.number, "status": detail.status, "source": detail.source,
        "received_at": detail.received_at.strftime("%Y-%m-%dT%H:%M"),
        "category": detail.category, "facts": detail.facts, "claims": detail.claims,
        "amount": None if detail.amount is None else f"{detail.amount:.2f}",
        "people_involved": detail.people_involved, "region": detail.region_code,
        "risk": detail.risk, "organisation": detail.organisation_code,
        "deadline": detail.deadline, "mediators": detail.mediators, "parties": parties,
        "referrals": detail.referrals, "sessions": detail.sessions,
        "agreement": detail.agreement, "judicial_confirmation": detail.judicial_confirmation,
        "followups": detail.followups, "documents": detail.documents,
        "extensions": detail.extensions, "closing": detail.closing,
    }
    encoded: dict[str, Any] = json.loads(json.dumps(result, default=_jsonable,
                                                    ensure_ascii=False))
    return encoded


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)

