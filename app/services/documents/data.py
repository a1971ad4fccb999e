"""Gathering what a form prints from the case base, as plain dataclasses.

Forms need full particulars (the court needs the whole ID number), the
organisation's letterhead and the committee it belongs to, and the records
hanging off the case; this reads them in one session and hands
:mod:`app.documents` frozen data, so rendering happens with no session open
(and on any thread).  People are printed by name: where a record holds a
login (who registered the case, who took the notes), the account's display
name is printed instead.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.codes import label
from app.domain.document_kinds import COMMITTEE_KINDS
from app.domain.document_model import (
    AgreementData,
    CaseData,
    ConfirmationData,
    FollowUpData,
    MeetingData,
    MeetingItemData,
    ObligationData,
    OrgHeader,
    PartyData,
    SessionData,
)
from app.domain.meeting_codes import ATTENDEE_ROLES, MEETING_KINDS
from app.domain.text import _
from app.services.meetings.proceedings import ItemInfo, MeetingDetail
from app.services.security.names import display_names
from app.store.models import (
    Agreement,
    Case,
    CaseMediator,
    CaseParty,
    FollowUp,
    JudicialConfirmation,
    MediationSession,
    Mediator,
    Organisation,
    Party,
    Region,
)

_MAX_ORG_DEPTH = 10
"""Organisation trees are shallow; a cycle in 上级组织 must not loop forever."""


def org_header(org: Organisation) -> OrgHeader:
    """The letterhead, court and kind of ``org``."""
    return OrgHeader(org.name, org.short_name, org.address, org.phone, org.court_name, org.kind)


def committee_of(s: Session, org: Organisation) -> OrgHeader | None:
    """The people's mediation committee ``org`` is or belongs to (up its 上级组织), or None."""
    current: Organisation | None = org
    for _depth in range(_MAX_ORG_DEPTH):
        if current is None:
            return None
        if current.kind in COMMITTEE_KINDS:
            return org_header(current)
        current = s.get(Organisation, current.parent_id) if current.parent_id else None
    return None


def _parties(s: Session, case_id: int) -> tuple[PartyData, ...]:
    rows = s.execute(select(CaseParty, Party).join(Party, Party.id == CaseParty.party_id)
                     .where(CaseParty.case_id == case_id)
                     .order_by(CaseParty.ordinal, CaseParty.id)).all()
    names = {cp.id: p.name for cp, p in rows}
    return tuple(PartyData(
        cp.role, p.kind, p.name, p.id_number, p.credit_code, p.gender, p.birth_date,
        p.ethnicity, p.phone, p.address, p.occupation, p.legal_representative,
        names.get(cp.represents_id) if cp.represents_id else None, cp.relation)
        for cp, p in rows)


def _agreement(s: Session, case_id: int) -> tuple[AgreementData | None, ConfirmationData | None]:
    a = s.execute(select(Agreement).where(Agreement.case_id == case_id)).scalar_one_or_none()
    if a is None:
        return None, None
    ids = {o.debtor_party_id for o in a.obligations} | {o.creditor_party_id
                                                        for o in a.obligations}
    names = dict(s.execute(select(Party.id, Party.name).where(Party.id.in_(
        [i for i in ids if i is not None]))).all()) if ids else {}
    obligations = tuple(ObligationData(
        names.get(o.debtor_party_id or 0, ""), names.get(o.creditor_party_id or 0, ""), o.kind,
        o.description, o.amount, o.due_date, o.manner) for o in a.obligations)
    data = AgreementData(a.form, a.number, a.facts, a.disputed_matters, a.responsibilities,
                         a.terms, a.copies, a.signed_on, a.effective_on, obligations)
    jc = s.execute(select(JudicialConfirmation).where(JudicialConfirmation.agreement_id == a.id)
                   .order_by(JudicialConfirmation.id.desc())).scalars().first()
    confirmation = None if jc is None else ConfirmationData(
        jc.court, jc.applied_on, jc.result, jc.ruling_number, jc.decided_on)
    return data, confirmation


def _satisfaction(f: FollowUp) -> str | None:
    scores = (f.satisfaction_fairness, f.satisfaction_attitude, f.satisfaction_result)
    if all(v is None for v in scores):
        return None
    return _("满意度（5分为满分）：公正{a}分，态度{b}分，结果{c}分").format(
        a=scores[0] or "—", b=scores[1] or "—", c=scores[2] or "—")


def case_data(s: Session, case: Case, today: date | None = None) -> CaseData:
    """Everything any form of ``case`` prints, people by name."""
    org = s.get(Organisation, case.current_organisation_id or case.organisation_id)
    assert org is not None
    mediators = tuple(s.execute(
        select(Mediator.name).join(CaseMediator, CaseMediator.mediator_id == Mediator.id)
        .where(CaseMediator.case_id == case.id)
        .order_by(CaseMediator.is_lead.desc(), CaseMediator.id)).scalars())
    sessions = s.execute(select(MediationSession).where(MediationSession.case_id == case.id)
                         .order_by(MediationSession.held_at)).scalars().all()
    followups = s.execute(select(FollowUp).where(FollowUp.case_id == case.id)
                          .order_by(FollowUp.visited_on, FollowUp.id)).scalars().all()
    agreement, confirmation = _agreement(s, case.id)
    names = display_names(s, [case.registered_by, *(m.recorder for m in sessions),
                              *(f.visitor for f in followups)])

    def name(value: str | None) -> str | None:
        return names.get(value, value) if value else value

    return CaseData(
        case.number, org_header(org), case.category, case.source, case.facts, case.claims,
        case.amount, case.received_at, name(case.registered_by), _parties(s, case.id),
        mediators, name(sessions[-1].recorder) if sessions else None, case.outcome,
        case.outcome_reason, case.closed_on, case.archive_number, case.archived_on,
        tuple(SessionData(m.held_at, m.place, m.mediators, name(m.recorder), m.attendees,
                          m.invited, m.record, m.rights_read) for m in sessions),
        agreement, confirmation,
        tuple(FollowUpData(f.visited_on, name(f.visitor), f.method, f.performance, f.notes,
                           _satisfaction(f)) for f in followups if f.visited_on),
        today or date.today(), case_id=case.id, mediation_type=case.mediation_type,
        committee=committee_of(s, org))


def _vote(i: ItemInfo) -> str | None:
    if i.votes_for is None:
        return None
    return _("到会{present}人，赞成{yes}票，反对{no}票，弃权{abstain}票").format(
        present=i.votes_present if i.votes_present is not None else "—", yes=i.votes_for,
        no=i.votes_against or 0, abstain=i.votes_abstain or 0)


def meeting_data(s: Session, detail: MeetingDetail) -> MeetingData:
    """The minutes' data from the meeting service's detail, with the village's letterhead."""
    info = detail.info
    region = s.execute(select(Region).where(Region.code == info.village_code)).scalar_one()
    org = s.execute(select(Organisation).where(Organisation.region_id == region.id)
                    .order_by(Organisation.id)).scalars().first()
    header = OrgHeader(villagers_committee(info.village), address=org.address if org else None,
                       phone=org.phone if org else None, kind="villagers_committee")
    items = tuple(MeetingItemData(
        i.ordinal, i.raised_by, i.matter, i.discussion, _vote(i), i.decision, i.responsible,
        i.deadline, i.category, i.case_id is not None) for i in detail.items)
    present = tuple(a.name for a in detail.attendees)
    posted = [i.publicised_on for i in detail.items if i.publicised_on]
    names = display_names(s, (info.host, info.recorder))
    host = names.get(info.host or "", info.host)
    recorder = names.get(info.recorder or "", info.recorder)
    return MeetingData(info.village, label(MEETING_KINDS, info.kind), info.held_at, info.venue,
                       host, recorder, len(present), info.members_total, present,
                       items, header,
                       tuple(label(ATTENDEE_ROLES, a.role) for a in detail.attendees),
                       info.body, min(posted) if posted else None)


def villagers_committee(village: str) -> str:
    """The 村民委员会 (or, for a 社区, the 居民委员会) that posts a village's notices."""
    if village.endswith("社区"):
        return _("{village}居民委员会").format(village=village)
    return _("{village}村民委员会").format(village=village)
