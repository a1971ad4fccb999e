"""Demo data carries realistic assignment histories, and the conflict check sees its ties."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest
from sqlalchemy import select

from app.demo.generator import generate_demo
from app.services.assignment.recommendation import recommend
from app.store.database import Database
from app.store.models import (
    Case,
    CaseMediator,
    CaseParty,
    MediationSession,
    MediatorRelation,
    Referral,
)
from tests.services.fixtures import ADMIN
from tests.support.templates import MIGRATED, private_copy


@pytest.fixture(scope="module")
def demo(request: pytest.FixtureRequest) -> Database:
    db = Database(private_copy(request, MIGRATED, "sqlite"))
    generate_demo(db, cases=1500, seed=3)
    return db


def test_mediated_cases_have_an_accepted_assignment_or_referral(demo: Database) -> None:
    with demo.session() as s:
        cases = {c.id: c for c in s.execute(select(Case)).scalars()}
        referrals = defaultdict(list)
        for r in s.execute(select(Referral)).scalars():
            referrals[r.case_id].append(r)
    assert all(r.status == "accepted" for rs in referrals.values() for r in rs)
    for case in cases.values():
        if case.lead_mediator_id is not None:
            kinds = {r.kind for r in referrals[case.id]}
            assert kinds & {"assign", "up", "transfer"}, case.number
            if "assign" in kinds:
                assign = next(r for r in referrals[case.id] if r.kind == "assign")
                assert assign.to_organisation_id == case.current_organisation_id
        if case.status == "received":
            assert not referrals[case.id]


def test_leads_joint_mediation_and_objections(demo: Database) -> None:
    with demo.session() as s:
        rows = list(s.execute(select(CaseMediator)).scalars())
        leads = {c.id: c.lead_mediator_id for c in s.execute(select(Case)).scalars()}
    active_leads = Counter(r.case_id for r in rows if r.is_lead and r.status == "active")
    assert set(active_leads.values()) == {1}
    for case_id, count in active_leads.items():
        lead = next(r for r in rows if r.case_id == case_id and r.is_lead
                    and r.status == "active")
        assert leads[case_id] == lead.mediator_id and count == 1
    orgs_per_case = defaultdict(set)
    for r in rows:
        orgs_per_case[r.case_id].add(r.organisation_id)
    assert any(len(orgs) > 1 for orgs in orgs_per_case.values()), "joint mediation across orgs"
    recused = [r for r in rows if r.status == "recused"]
    rejected = [r for r in rows if r.objection and r.status == "active"]
    assert recused and all((r.objection_decision or "").startswith("准予回避") for r in recused)
    assert rejected and all((r.objection_decision or "").startswith("驳回申请")
                            for r in rejected)


def test_related_mediators_are_never_recommended(demo: Database) -> None:
    with demo.session() as s:
        ties = list(s.execute(select(MediatorRelation)).scalars())
        pairs = s.execute(select(CaseParty.case_id, CaseParty.party_id)
                          .where(CaseParty.party_id.in_([t.party_id for t in ties]))).all()
    assert ties
    party_cases = defaultdict(list)
    for case_id, party_id in pairs:
        party_cases[party_id].append(case_id)
    flagged = 0
    for tie in ties[:15]:
        for case_id in party_cases[tie.party_id][:1]:
            rec = recommend(demo, ADMIN, case_id)
            assert tie.mediator_id not in [m.id for m in rec.mediators]
            flagged += tie.mediator_id in [m.id for m in rec.conflicted]
    assert flagged, "at least one tie is to a mediator the recommendation considered"


def test_nothing_happens_to_a_case_before_it_was_received(demo: Database) -> None:
    with demo.session() as s:
        early = s.execute(select(Case.number, Referral.kind)
                          .join(Referral, Referral.case_id == Case.id)
                          .where(Referral.referred_at < Case.received_at)).all()
        early += s.execute(select(Case.number, MediationSession.place)
                           .join(MediationSession, MediationSession.case_id == Case.id)
                           .where(MediationSession.held_at < Case.received_at)).all()
    assert early == []
