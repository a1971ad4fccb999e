"""Every mapped class stores and reloads its values unchanged on both databases."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from app.services.uow import UnitOfWork
from app.store import models as m
from app.store.database import Database
from app.store.models.report_cache import DERIVED_TABLES
from tests.services.fixtures import acting

NOW = datetime(2026, 11, 23, 9, 30)


def _graph() -> list[tuple[type[m.Base], dict[str, Any]]]:
    """One row of every table, in dependency order, with ids fixed for linking."""
    return [
        (m.Region, {"id": 1, "code": "330225", "name": "象山县", "level": "county"}),
        (m.Region, {"id": 2, "code": "330225103201", "name": "墙头村", "level": "village",
                    "parent_id": 1}),
        (m.Organisation, {"id": 1, "code": "XS-CENTRE", "name": "象山县矛盾纠纷调处化解中心",
                          "short_name": "象调", "kind": "county_centre", "region_id": 1,
                          "mediation_types": ["people", "administrative"],
                          "categories": ["neighbour"], "print_seal": True}),
        (m.Mediator, {"id": 1, "name": "王调解", "gender": "female", "phone": "13800000000",
                      "specialties": ["marriage_family"], "active": True}),
        (m.User, {"id": 1, "login": "clerk1", "display_name": "李文书", "role": "clerk",
                  "organisation_id": 1}),
        (m.Party, {"id": 1, "kind": "person", "name": "张三", "name_initials": "zs",
                   "id_number": "11010519491231002X", "gender": "female",
                   "birth_date": date(1949, 12, 31), "ethnicity": "汉族"}),
        (m.Party, {"id": 2, "kind": "organisation", "name": "某某物业有限公司",
                   "credit_code": "11320000MB151840XJ", "legal_representative": "王五"}),
        (m.Case, {"id": 1, "number": "（2026）象调字第0001号", "year": 2026, "seq": 1,
                  "source": "walk_in", "category": "neighbour", "facts": "因排水沟堵塞发生争执",
                  "amount": Decimal("12000.50"), "people_involved": 2, "region_id": 2,
                  "risk": "yellow", "received_at": NOW, "deadline": date(2026, 12, 23),
                  "status": "received", "organisation_id": 1}),
        (m.CaseParty, {"id": 1, "case_id": 1, "party_id": 1, "role": "applicant"}),
        (m.CaseParty, {"id": 2, "case_id": 1, "party_id": 2, "role": "respondent", "ordinal": 1}),
        (m.CaseMediator, {"id": 1, "case_id": 1, "mediator_id": 1, "is_lead": True}),
        (m.CasePrevention, {"id": 1, "case_id": 1, "kind": "criminal", "people": 3}),
        (m.MediatorRelation, {"id": 1, "mediator_id": 1, "party_id": 1, "relation": "表亲"}),
        (m.RoutingRule, {"id": 100, "priority": 10, "category": "medical",
                         "mediation_type": "professional", "organisation_kind": "medical_committee",
                         "level": "county", "supervised": False, "reason": "医疗纠纷由医调委调解"}),
        (m.DeadlineRule, {"id": 100, "source": "walk_in", "days": 30}),
        (m.DeadlineExtension, {"id": 1, "case_id": 1, "old_deadline": date(2026, 12, 23),
                               "new_deadline": date(2027, 1, 8), "reason": "双方申请延长",
                               "approved_by": "王主任"}),
        (m.CaseNumberCounter, {"id": 1, "organisation_id": 1, "year": 2026, "last_seq": 1}),
        (m.Referral, {"id": 1, "case_id": 1, "kind": "up", "from_organisation_id": 1,
                      "to_organisation_id": 1, "reason": "涉及人数多", "referred_at": NOW}),
        (m.Investigation, {"id": 1, "case_id": 1, "held_at": NOW, "interviewee": "张三",
                           "record": "问：……答：……"}),
        (m.MediationSession, {"id": 1, "case_id": 1, "held_at": NOW, "record": "双方陈述",
                              "rights_read": True}),
        (m.Appraisal, {"id": 1, "case_id": 1, "liability_share": Decimal("70.00"),
                       "compensation": [{"item": "医疗费", "amount": "3000.00"}]}),
        (m.Agreement, {"id": 1, "case_id": 1, "form": "written", "copies": 3,
                       "signed_on": date(2026, 11, 30), "effective_on": date(2026, 11, 30)}),
        (m.Obligation, {"id": 1, "agreement_id": 1, "debtor_party_id": 2, "creditor_party_id": 1,
                        "amount": Decimal("6000.00"), "description": "赔偿修缮费",
                        "due_date": date(2026, 12, 31)}),
        (m.PerformanceRecord, {"id": 1, "obligation_id": 1, "on_date": date(2026, 12, 20),
                               "amount": Decimal("3000.00"), "note": "第一期"}),
        (m.JudicialConfirmation, {"id": 1, "agreement_id": 1, "court": "象山县人民法院",
                                  "applied_on": date(2026, 12, 2)}),
        (m.FollowUp, {"id": 1, "case_id": 1, "visited_on": date(2027, 1, 5), "method": "phone",
                      "satisfaction_fairness": 5}),
        (m.RosterMember, {"id": 1, "village_id": 2, "name": "陈村长", "role": "committee"}),
        (m.Meeting, {"id": 1, "village_id": 2, "held_at": NOW, "venue": "村文化礼堂"}),
        (m.MeetingAttendee, {"id": 1, "meeting_id": 1, "roster_member_id": 1, "name": "陈村长",
                             "role": "committee", "signed": True}),
        (m.MeetingItem, {"id": 1, "meeting_id": 1, "raised_by": "张三", "category": "public_works",
                         "matter": "路灯不亮", "votes_present": 30, "votes_for": 20,
                         "case_id": 1}),
        (m.MeetingItemProgress, {"id": 1, "item_id": 1, "on_date": date(2026, 11, 25),
                                 "note": "已联系电工"}),
        (m.Document, {"id": 1, "case_id": 1, "kind": "agreement", "format": "pdf",
                      "sha256": "0" * 64, "content": b"%PDF-1.4 ..."}),
        (m.Attachment, {"id": 1, "case_id": 1, "material_type": "id_copy", "filename": "id.jpg",
                        "sha256": "1" * 64, "content": b"\xff\xd8\xff"}),
        (m.CasebaseSetting, {"id": 1, "key": "demo", "value": "1"}),
        (m.ImportBatch, {"id": 1, "file_name": "台账.xlsx", "sha256": "2" * 64, "sheet": "Sheet1",
                         "mapping": "{}", "organisation_id": 1, "imported_by": "tester",
                         "imported_at": datetime(2026, 12, 1, 9, 0), "cases": 0}),
    ]


def test_every_model_round_trips(db: Database) -> None:
    graph = _graph()
    covered = {cls for cls, _ in graph}
    derived = {cls for cls in (mapper.class_ for mapper in m.Base.registry.mappers)
               if cls.__tablename__ in DERIVED_TABLES}  # written by SQL, never the ORM
    assert covered == ({mapper.class_ for mapper in m.Base.registry.mappers}
                       - {m.AuditEntry} - derived)
    with UnitOfWork(db, acting("tester")) as uow:
        for cls, values in graph:
            uow.session.add(cls(**values))
            uow.session.flush()
        uow.commit()
    with db.session() as s:
        for cls, values in graph:
            row = s.execute(select(cls).where(cls.id == values["id"])).scalar_one()
            for key, expected in values.items():
                assert getattr(row, key) == expected, (cls.__name__, key)
            assert row.version == 1


def test_mediator_organisations_link(db: Database) -> None:
    with UnitOfWork(db, acting("tester")) as uow:
        org = m.Organisation(code="A", name="甲调委会", short_name="甲", kind="village_committee")
        uow.session.add(m.Mediator(name="李四", organisations=[org]))
        uow.commit()
    with db.session() as s:
        mediator = s.execute(select(m.Mediator)).scalar_one()
        assert [o.code for o in mediator.organisations] == ["A"]
