"""A small case base built by hand, where every report cell can be counted on paper.

Two towns of one county, a village, a professional committee; ten cases
each with a known source, category, outcome, dates, agreement, performance,
judicial confirmation, prevention and referral history; one 村民说事
meeting with six matters at every stage.  The report period is October
2026; September 2026 (环比) and October 2025 (同比) have one case each.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from app.services.security.users import SYSTEM
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import (
    Agreement,
    Case,
    CasePrevention,
    DeadlineExtension,
    FollowUp,
    JudicialConfirmation,
    Mediator,
    Meeting,
    MeetingItem,
    Obligation,
    Organisation,
    Referral,
    Region,
    User,
)

TOWN_A, TOWN_B, VILLAGE_A = "330225103000", "330225104000", "330225103201"
IDS: dict[str, int] = {}


def _case(s: Any, name: str, org: Organisation, *, source: str, category: str,
          received: date, status: str, outcome: str | None = None,
          closed: date | None = None, mediator: Mediator | None = None,
          mediation_type: str | None = None, **extra: Any) -> Case:
    seq = len(IDS) + 1
    case = Case(number=f"（2026）测字第{seq}号", year=received.year, seq=seq, source=source,
                category=category, facts=f"案件{name}", received_at=datetime.combine(
                    received, datetime.min.time()).replace(hour=9),
                status=status, outcome=outcome, closed_on=closed, organisation_id=org.id,
                current_organisation_id=org.id, lead_mediator_id=mediator.id if mediator else None,
                mediation_type=mediation_type, **extra)
    s.add(case)
    s.flush()
    IDS[name] = case.id
    return case


def _agreement(s: Any, case: Case, form: str, performance: str, *amounts: str) -> Agreement:
    agreement = Agreement(case_id=case.id, form=form, performance_status=performance,
                          signed_on=case.closed_on, obligations=[
                              Obligation(ordinal=n, kind="money", amount=Decimal(a),
                                         description="赔偿款") for n, a in enumerate(amounts)])
    s.add(agreement)
    s.flush()
    return agreement


def build(db: Database) -> dict[str, int]:
    """Write the base; returns the case ids by name (c1…c10) and the clerk's login."""
    IDS.clear()
    with UnitOfWork(db, SYSTEM) as uow:
        s = uow.session
        county = Region(code="330225", name="象山县", level="county")
        town_a = Region(code=TOWN_A, name="墙头镇", level="town", parent=county)
        town_b = Region(code=TOWN_B, name="西周镇", level="town", parent=county)
        village = Region(code=VILLAGE_A, name="溪口村", level="village", parent=town_a)
        s.add_all([county, town_a, town_b, village])
        s.flush()
        orgs = {code: Organisation(code=code, name=name, short_name=name[:2], kind=kind,
                                   region_id=region.id)
                for code, name, kind, region in (
                    ("XS-ZX", "象山县矛调中心", "county_centre", county),
                    ("PRO-1", "象山县交通事故调委会", "professional_committee", county),
                    ("DC-TW", "墙头镇调委会", "town_committee", town_a),
                    ("XZ-TW", "西周镇调委会", "town_committee", town_b),
                    ("V-A1", "溪口村调委会", "village_committee", village))}
        s.add_all(orgs.values())
        m1, m2 = Mediator(name="甲调解员"), Mediator(name="乙调解员")
        s.add_all([m1, m2])
        s.add(User(login="clerk_town_a", display_name="墙头镇登记员", role="clerk",
                   region_id=town_a.id))
        s.flush()
        c1 = _case(s, "c1", orgs["V-A1"], source="walk_in", category="neighbour",
                   received=date(2026, 10, 5), status="agreed", outcome="agreed",
                   closed=date(2026, 10, 10), mediator=m1, mediation_type="people")
        a1 = _agreement(s, c1, "written", "performed", "1000.00", "500.00")
        s.add(JudicialConfirmation(agreement_id=a1.id, court="象山县人民法院",
                                   applied_on=date(2026, 10, 11), result="confirmed"))
        s.add(CasePrevention(case_id=c1.id, kind="criminal", people=3))
        s.add(FollowUp(case_id=c1.id, visited_on=date(2026, 10, 25), satisfaction_fairness=5,
                       satisfaction_attitude=4, satisfaction_result=3))
        c2 = _case(s, "c2", orgs["DC-TW"], source="proactive", category="neighbour",
                   received=date(2026, 10, 6), status="not_agreed", outcome="not_agreed",
                   closed=date(2026, 10, 20), mediator=m1, mediation_type="people",
                   deadline=date(2026, 10, 15))
        s.add(CasePrevention(case_id=c2.id, kind="group_petition", people=12))
        s.add(DeadlineExtension(case_id=c2.id, new_deadline=date(2026, 10, 15),
                                reason="双方同意", approved_by="主任"))
        _case(s, "c3", orgs["XS-ZX"], source="court_pre_filing", category="marriage_family",
              received=date(2026, 10, 7), status="agreed", outcome="agreed",
              closed=date(2026, 11, 2), mediation_type="judicial")
        c4 = _case(s, "c4", orgs["PRO-1"], source="police_referral", category="contract",
                   received=date(2026, 9, 20), status="performing", outcome="agreed",
                   closed=date(2026, 10, 3), mediator=m2, mediation_type="professional")
        a4 = _agreement(s, c4, "oral", "partial", "2000.00")
        s.add(JudicialConfirmation(agreement_id=a4.id, court="象山县人民法院",
                                   applied_on=date(2026, 10, 4), result="rejected"))
        _case(s, "c5", orgs["XS-ZX"], source="hotline_12345", category="damages",
              received=date(2026, 10, 8), status="refused", closed=date(2026, 10, 9),
              refusal_reason="不属于调解范围")
        _case(s, "c6", orgs["XZ-TW"], source="grid_report", category="neighbour",
              received=date(2026, 10, 9), status="withdrawn", outcome="withdrawn",
              closed=date(2026, 10, 12), mediation_type="people")
        c7 = _case(s, "c7", orgs["DC-TW"], source="walk_in", category="legacy_unknown",
                   received=date(2026, 10, 11), status="referred_out", outcome="referred_out",
                   closed=date(2026, 10, 14))
        s.add(Referral(case_id=c7.id, kind="court", from_organisation_id=orgs["DC-TW"].id,
                       external_party="象山县人民法院", reason="引导诉讼",
                       referred_at=datetime(2026, 10, 14, 10), status="accepted"))
        c8 = _case(s, "c8", orgs["V-A1"], source="walk_in", category="neighbour",
                   received=date(2025, 10, 15), status="agreed", outcome="agreed",
                   closed=date(2025, 10, 20))
        _agreement(s, c8, "written", "performed", "800.00")
        c9 = _case(s, "c9", orgs["V-A1"], source="villagers_meeting", category="neighbour",
                   received=date(2026, 10, 20), status="in_mediation")
        c10 = _case(s, "c10", orgs["XS-ZX"], source="walk_in", category="labour",
                    received=date(2026, 8, 1), status="received")
        s.add(Referral(case_id=c10.id, kind="police", from_organisation_id=orgs["XS-ZX"].id,
                       external_party="派出所", reason="涉嫌治安案件",
                       referred_at=datetime(2026, 8, 5, 10), status="accepted"))
        s.flush()
        s.add(Referral(case_id=c10.id, kind="return", to_organisation_id=orgs["XS-ZX"].id,
                       external_party="派出所", reason="不构成治安案件",
                       referred_at=datetime(2026, 10, 16, 10), status="accepted"))
        meeting = Meeting(village_id=village.id, held_at=datetime(2026, 10, 10, 19))
        s.add(meeting)
        s.flush()
        items: tuple[tuple[str, dict[str, Any]], ...] = (
                ("raised", {}), ("discussed", {}), ("done", {"done_on": date(2026, 10, 20)}),
                ("evaluated", {"done_on": date(2026, 10, 21), "satisfied": 5,
                               "basically_satisfied": 1, "dissatisfied": 2}),
                ("in_progress", {"deadline": date(2026, 10, 15)}),
                ("done", {"done_on": date(2026, 11, 5), "case_id": c9.id}))
        for n, (stage, extra) in enumerate(items):
            s.add(MeetingItem(meeting_id=meeting.id, ordinal=n, raised_by="村民", category="其他",
                              matter=f"事项{n + 1}", stage=stage, **extra))
        uow.commit()
    return dict(IDS)
