"""村民说事 services on both backends: lifecycle, votes, matter → case, carry-over, board, stats."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from app.domain.errors import IllegalTransition, ValidationError
from app.services.cases.detail import get_case
from app.services.cases.intake import register_case
from app.services.cases.queries import CaseFilter, count_cases
from app.services.errors import ConflictError
from app.services.meetings import proceedings as m
from app.services.security.users import UserInfo
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import (
    AuditEntry,
    Case,
    CaseNumberCounter,
    CaseParty,
    MeetingItem,
    Party,
    Region,
)
from tests.services.fixtures import ADMIN, acting, seed_organisations

U = acting("clerk")
VILLAGE = "330225103201"
OTHER_VILLAGE = "330225103202"
TOWN = "330225103000"


@pytest.fixture
def base(db: Database) -> Database:
    seed_organisations(db)
    with UnitOfWork(db, ADMIN) as uow:
        town = uow.session.execute(select(Region).where(Region.code == TOWN)).scalar_one()
        uow.session.add(Region(code=OTHER_VILLAGE, name="南岙村", level="village", parent=town))
        uow.commit()
    return db


def _meeting(db: Database, held_at: datetime, village: str = VILLAGE,
             **kw: object) -> m.MeetingInfo:
    data = m.MeetingInput(village, held_at, venue="村民说事室", host="王书记", recorder="李会计",
                          **kw)  # type: ignore[arg-type]
    return m.open_meeting(db, U, data)


def _assigned(db: Database, meeting_id: int, deadline: date, matter: str = "路灯损坏") -> int:
    item = m.raise_item(db, U, meeting_id, "王五", "public_works", matter)
    m.record_discussion(db, U, item.id, "同意维修", decision="村委会负责维修")
    m.assign_item(db, U, item.id, "王主任", deadline)
    return item.id


def _audit_count(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count(AuditEntry.id))) or 0)


def test_two_matters_from_raising_to_evaluation(base: Database) -> None:
    zhang = m.add_member(base, U, VILLAGE, m.MemberInput("张大伯", "villager", "第3村民小组",
                                                         "138 0000 0000"))
    rep = m.add_member(base, U, VILLAGE, m.MemberInput("陈代表", "representative"))
    head = m.add_member(base, U, VILLAGE, m.MemberInput("王主任", "committee"))
    assert zhang.phone == "13800000000"
    renamed = m.update_member(base, U, rep.id, rep.version,
                              m.MemberInput("陈美华", "representative", active=True))
    with pytest.raises(ConflictError):
        m.update_member(base, U, rep.id, rep.version, m.MemberInput("陈某", "representative"))
    assert [p.name for p in m.list_members(base, ADMIN, VILLAGE)] == ["王主任", "陈美华", "张大伯"]

    info = _meeting(base, datetime(2026, 9, 1, 19), body="representatives", members_total=30)
    assert info.carry_over == () and info.body == "representatives"
    sheet = m.add_attendees(base, U, info.id, [head.id, renamed.id, head.id],
                            [m.AttendeeInput("镇联村干部")])
    assert [(a.name, a.role) for a in sheet] == [
        ("王主任", "committee"), ("陈美华", "representative"), ("镇联村干部", "guest")]

    road = m.raise_item(base, U, info.id, "张大伯", "public_works", "村口道路坑洼，雨天积水。")
    bins = m.raise_item(base, U, info.id, "陈美华", "environment", "垃圾分类点异味大。")
    assert (road.ordinal, bins.ordinal, road.stage) == (0, 1, "raised")

    voted = m.record_discussion(base, U, road.id, "多数人赞成统一修缮", "由村委会组织修路",
                                m.VoteInput(20, 15, 3, 2))
    assert voted.vote is not None and voted.vote.passed and voted.vote.quorum_met
    assert (voted.item.stage, voted.item.votes_for, voted.item.decision) == (
        "discussed", 15, "由村委会组织修路")
    m.assign_item(base, U, road.id, "王主任", date(2026, 10, 15))
    m.add_progress(base, U, road.id, date(2026, 9, 10), "已联系施工队")
    m.complete_item(base, U, road.id, date(2026, 10, 1))
    m.publicise(base, U, road.id, date(2026, 10, 2))
    rated = m.evaluate_item(base, U, road.id, 8, 2, 1, "大多数满意",
                            evaluated_on=date(2026, 10, 8))
    assert rated.item.stage == "evaluated" and not rated.result.reopens
    assert rated.result.satisfaction_rate == pytest.approx(10 / 11)

    m.record_discussion(base, U, bins.id, "建议挪到村口", decision="挪移分类点")
    m.assign_item(base, U, bins.id, "王主任", date(2026, 9, 30))
    m.complete_item(base, U, bins.id, date(2026, 9, 20))
    reopened = m.evaluate_item(base, U, bins.id, 2, 1, 3, evaluated_on=date(2026, 9, 25))
    assert reopened.result.reopens
    assert (reopened.item.stage, reopened.item.done_on, reopened.item.reopened) == (
        "in_progress", None, True)
    assert "重新办理" in reopened.item.progress[-1].note
    m.assign_item(base, U, bins.id, "李会计", date(2026, 10, 30))
    m.complete_item(base, U, bins.id, date(2026, 10, 20))
    final = m.evaluate_item(base, U, bins.id, 6, 0, 0, evaluated_on=date(2026, 10, 25))
    assert (final.item.stage, final.item.reopened, final.item.responsible) == (
        "evaluated", False, "李会计")

    with pytest.raises(IllegalTransition):
        m.complete_item(base, U, road.id, date(2026, 10, 3))
    with pytest.raises(IllegalTransition):
        m.add_progress(base, U, road.id, date(2026, 10, 3), "补记")
    fresh = m.raise_item(base, U, info.id, "张大伯", "welfare", "建议开办老年食堂")
    with pytest.raises(IllegalTransition, match="尚未议事"):
        m.assign_item(base, U, fresh.id, "王主任", date(2026, 10, 1), "开办食堂")

    detail = m.meeting_detail(base, ADMIN, info.id)
    assert [a.name for a in detail.attendees] == ["王主任", "陈美华", "镇联村干部"]
    assert [(i.id, i.stage) for i in detail.items] == [
        (road.id, "evaluated"), (bins.id, "evaluated"), (fresh.id, "raised")]
    assert [p.note for p in detail.items[0].progress] == ["已联系施工队"]
    assert detail.items[0].publicised_on == date(2026, 10, 2)

    with base.session() as s:
        entries = s.execute(select(AuditEntry).where(AuditEntry.entity == "meeting_items",
                                                     AuditEntry.entity_id == bins.id)
                            .order_by(AuditEntry.id)).scalars().all()
        assert all(e.user_login == U.login for e in entries)
        stages = [json.loads(e.after or "{}").get("stage") for e in entries]
        assert [st for st in stages if st] == [
            "raised", "discussed", "in_progress", "done", "in_progress", "done", "evaluated"]
        for entity in ("meetings", "meeting_attendees", "roster_members",
                       "meeting_item_progress"):
            assert s.scalar(select(func.count(AuditEntry.id))
                            .where(AuditEntry.entity == entity)), entity


def test_vote_that_does_not_add_up_is_refused_and_nothing_is_written(base: Database) -> None:
    info = _meeting(base, datetime(2026, 9, 1, 19), body="representatives", members_total=30)
    item = m.raise_item(base, U, info.id, "王五", "land", "承包地撂荒")
    before = _audit_count(base)
    with pytest.raises(ValidationError) as bad:
        m.record_discussion(base, U, item.id, "讨论", "统一流转", m.VoteInput(20, 10, 3, 2))
    assert bad.value.field == "vote.present" and "= 15" in bad.value.message
    with pytest.raises(ValidationError) as over:
        m.record_discussion(base, U, item.id, "讨论", "统一流转", m.VoteInput(31, 31, 0, 0))
    assert over.value.field == "vote.present"
    with pytest.raises(ValidationError) as undecided:
        m.record_discussion(base, U, item.id, "讨论", None, m.VoteInput(20, 15, 3, 2))
    assert undecided.value.field == "decision"
    assert _audit_count(base) == before
    with base.session() as s:
        row = s.get(MeetingItem, item.id)
        assert row is not None
        assert (row.stage, row.discussion, row.votes_present, row.version) == (
            "raised", None, None, 1)

    failed = m.record_discussion(base, U, item.id, "到会人数不足", "统一流转",
                                 m.VoteInput(19, 19, 0, 0))
    assert failed.vote is not None and not failed.vote.quorum_met
    assert (failed.item.stage, failed.item.decision, failed.item.votes_present) == (
        "discussed", None, 19)
    with pytest.raises(IllegalTransition, match="表决未通过"):
        m.assign_item(base, U, item.id, "王主任", date(2026, 10, 1), "统一流转")
    m.record_discussion(base, U, item.id, "再议", "统一流转", m.VoteInput(20, 15, 3, 2))
    with pytest.raises(ValidationError) as early:
        m.assign_item(base, U, item.id, "王主任", date(2026, 8, 1))
    assert early.value.field == "deadline"


def test_matter_becomes_a_case_linked_both_ways(base: Database,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    with UnitOfWork(base, ADMIN) as uow:
        party = Party(kind="person", name="张大伯", name_initials="zdb")
        uow.session.add(party)
        uow.commit()
    m.add_member(base, U, VILLAGE, m.MemberInput("张大伯", "villager", party_id=party.id))
    info = _meeting(base, datetime(2026, 11, 2, 19))
    item = m.raise_item(base, U, info.id, "张大伯", "neighbourhood_dispute",
                        "与邻居李四因院墙排水发生争执，多次协商未果。")
    when = datetime(2026, 11, 20, 10)

    with pytest.raises(ValidationError) as unknown:
        m.item_to_case(base, U, item.id, "NOPE", ["李四"], received_at=when)
    assert unknown.value.field == "organisation"
    with pytest.raises(ValidationError) as nobody:
        m.item_to_case(base, U, item.id, "DC-TW", [], received_at=when)
    assert nobody.value.field == "respondents"

    def register_then_fail(*args: object, **kwargs: object) -> object:
        register_case(*args, **kwargs)  # type: ignore[arg-type]
        raise RuntimeError("power cut")

    monkeypatch.setattr("app.services.meetings.to_case.register_case", register_then_fail)
    with pytest.raises(RuntimeError):
        m.item_to_case(base, U, item.id, "DC-TW", ["李四"], received_at=when)
    monkeypatch.undo()
    assert count_cases(base, ADMIN) == 0

    link = m.item_to_case(base, U, item.id, "DC-TW", [" 李四 "], received_at=when)
    assert link.number == "（2026）墙人调字第1号"
    assert count_cases(base, ADMIN) == 1
    from_meetings = CaseFilter(source="villagers_meeting", category="neighbour")
    assert count_cases(base, ADMIN, from_meetings) == 1
    with base.session() as s:
        row = s.get(MeetingItem, item.id)
        case = s.get(Case, link.case_id)
        assert row is not None and case is not None
        assert row.case_id == case.id
        assert "院墙排水" in case.facts and "张大伯提出" in case.facts
        assert case.region_id is not None and case.people_involved == 2
        roles = s.execute(select(CaseParty.role, CaseParty.party_id)
                          .where(CaseParty.case_id == case.id)
                          .order_by(CaseParty.ordinal)).all()
        assert roles[0] == ("applicant", party.id) and roles[1][0] == "respondent"
        assert s.scalar(select(CaseNumberCounter.last_seq)) == 1
        assert s.scalar(select(func.count(AuditEntry.id)).where(
            AuditEntry.entity == "meeting_items", AuditEntry.entity_id == item.id,
            AuditEntry.action == "update")) == 1

    with pytest.raises(ValidationError) as twice:
        m.item_to_case(base, U, item.id, "DC-TW", ["李四"], received_at=when)
    assert twice.value.field == "case_id"
    assert count_cases(base, ADMIN) == 1
    assert m.meeting_detail(base, ADMIN, info.id).items[0].case_id == link.case_id
    detail = get_case(base, UserInfo("admin", "管理员", "admin", None, True), link.case_id)
    origin = [e for e in detail.timeline if "村民说事" in e.text]
    assert [e.at for e in origin] == [datetime(2026, 11, 2, 19)]
    assert "张大伯提出" in origin[0].text and detail.timeline[0] == origin[0]


def test_next_meeting_carries_over_only_the_open_matter(base: Database) -> None:
    first = _meeting(base, datetime(2026, 9, 1, 19))
    open_id = _assigned(base, first.id, date(2026, 9, 20), "路灯损坏")
    done_id = _assigned(base, first.id, date(2026, 9, 20), "水渠淤塞")
    m.complete_item(base, U, done_id, date(2026, 9, 15))
    _assigned(base, _meeting(base, datetime(2026, 9, 2, 19), OTHER_VILLAGE).id,
              date(2026, 9, 20))

    second = _meeting(base, datetime(2026, 10, 10, 19))
    assert [(r.item_id, r.days_overdue, r.stage, r.responsible) for r in second.carry_over] == [
        (open_id, 20, "in_progress", "王主任")]
    assert second.carry_over[0].meeting_id == first.id
    assert m.meeting_detail(base, ADMIN, second.id).info.carry_over == second.carry_over
    assert _meeting(base, datetime(2026, 8, 1, 19)).carry_over == ()


def test_board_lists_overdue_first_then_by_deadline(base: Database) -> None:
    here = _meeting(base, datetime(2026, 9, 1, 19)).id
    there = _meeting(base, datetime(2026, 9, 5, 19), OTHER_VILLAGE).id
    c = _assigned(base, here, date(2026, 11, 10), "c")
    a = _assigned(base, there, date(2026, 10, 1), "a")
    d = m.raise_item(base, U, here, "王五", "other", "d").id
    e = _assigned(base, there, date(2026, 11, 1), "e")
    b = _assigned(base, here, date(2026, 10, 20), "b")
    finished = _assigned(base, here, date(2026, 9, 10), "finished")
    m.complete_item(base, U, finished, date(2026, 9, 9))

    today = date(2026, 11, 1)
    board = m.open_items_board(base, ADMIN, TOWN, today)
    # d was never discussed: its villager was owed an answer 20 days after the meeting.
    assert [r.item_id for r in board] == [d, a, b, e, c]
    assert [r.days_overdue for r in board] == [41, 31, 12, 0, 0]
    assert (board[0].deadline, board[0].due) == (None, date(2026, 9, 21))
    assert [r.village for r in board[1:3]] == ["南岙村", "溪口村"]
    assert [r.item_id for r in m.open_items_board(base, ADMIN, VILLAGE, today)] == [d, b, c]
    early = m.open_items_board(base, ADMIN, VILLAGE, date(2026, 9, 21))
    assert [(r.item_id, r.days_overdue) for r in early] == [(d, 0), (b, 0), (c, 0)]
    with pytest.raises(ValidationError) as county:
        m.open_items_board(base, ADMIN, "330225", today)
    assert county.value.field == "region"


def test_village_stats_on_a_hand_made_record(base: Database) -> None:
    sept = _meeting(base, datetime(2026, 9, 1, 19)).id
    octo = _meeting(base, datetime(2026, 10, 1, 14, 30)).id
    later = _meeting(base, datetime(2026, 12, 1, 19)).id
    _meeting(base, datetime(2026, 9, 15, 19), OTHER_VILLAGE)

    happy = _assigned(base, sept, date(2026, 9, 30))
    m.complete_item(base, U, happy, date(2026, 9, 11))
    m.evaluate_item(base, U, happy, 8, 1, 1, evaluated_on=date(2026, 9, 12))
    unhappy = _assigned(base, sept, date(2026, 9, 30))
    m.complete_item(base, U, unhappy, date(2026, 9, 21))
    m.evaluate_item(base, U, unhappy, 2, 0, 2, evaluated_on=date(2026, 9, 22))
    done = _assigned(base, octo, date(2026, 11, 30))
    m.complete_item(base, U, done, date(2026, 10, 31))
    m.raise_item(base, U, octo, "王五", "welfare", "老年食堂")
    m.raise_item(base, U, later, "王五", "welfare", "outside the period")

    stats = m.village_stats(base, ADMIN, VILLAGE, date(2026, 9, 1), date(2026, 10, 31))
    assert (stats.meetings_held, stats.items_raised, stats.items_decided, stats.items_done,
            stats.items_evaluated, stats.items_reopened) == (2, 4, 3, 2, 1, 1)
    assert stats.average_days_to_done == pytest.approx(20.0)
    assert stats.satisfaction_rate == pytest.approx(11 / 14)
    empty = m.village_stats(base, ADMIN, VILLAGE, date(2026, 1, 1), date(2026, 1, 31))
    assert (empty.meetings_held, empty.average_days_to_done, empty.satisfaction_rate) == (
        0, None, None)
    with pytest.raises(ValidationError):
        m.village_stats(base, ADMIN, VILLAGE, date(2026, 2, 1), date(2026, 1, 31))


def test_roster_refuses_a_bad_phone_on_its_field(base: Database) -> None:
    with pytest.raises(ValidationError) as bad:
        m.add_member(base, U, VILLAGE, m.MemberInput("张大伯", "villager", phone="1380000"))
    assert bad.value.field == "phone" and "11位" in bad.value.message
    assert m.list_members(base, ADMIN, VILLAGE) == []


def test_meeting_header_is_corrected_once_and_a_stale_save_conflicts(base: Database) -> None:
    info = _meeting(base, datetime(2026, 11, 2, 19))
    fixed = m.MeetingInput(VILLAGE, datetime(2026, 11, 2, 14, 30), venue="村文化礼堂",
                           body="representatives", host="王书记", recorder="李会计",
                           members_total=30)
    with pytest.raises(ValidationError) as bad:
        m.update_meeting(base, U, info.id, info.version,
                         m.MeetingInput(VILLAGE, fixed.held_at, members_total=0))
    assert bad.value.field == "members_total"
    saved = m.update_meeting(base, U, info.id, info.version, fixed)
    assert (saved.held_at, saved.venue, saved.body, saved.members_total) == (
        datetime(2026, 11, 2, 14, 30), "村文化礼堂", "representatives", 30)
    assert saved.version == info.version + 1
    with pytest.raises(ConflictError):
        m.update_meeting(base, U, info.id, info.version, fixed)
    assert m.meeting_detail(base, ADMIN, info.id).info.venue == "村文化礼堂"
    with base.session() as s:
        assert s.scalar(select(func.count(AuditEntry.id)).where(
            AuditEntry.entity == "meetings", AuditEntry.entity_id == info.id,
            AuditEntry.action == "update")) == 1
