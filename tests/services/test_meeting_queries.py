"""Read views of 村民说事 on both backends: picker scope, register, one matter, links, figures."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from app.domain.errors import ValidationError
from app.services.errors import NotFoundError
from app.services.meetings import proceedings as m
from app.services.meetings import queries as q
from app.services.security.users import add_user, get_user
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import Organisation, Party, Region
from tests.services.fixtures import ADMIN, acting, seed_organisations

U = acting("clerk")
VILLAGE, OTHER_VILLAGE, TOWN = "330225103201", "330225103202", "330225103000"
OTHER_TOWN_VILLAGE = "330225104201"


@pytest.fixture
def base(db: Database) -> Database:
    """Two villages in 墙头镇, one in 鹤浦镇, and a village committee of 溪口村."""
    seed_organisations(db)
    with UnitOfWork(db, ADMIN) as uow:
        s = uow.session
        town = s.execute(select(Region).where(Region.code == TOWN)).scalar_one()
        south = Region(code=OTHER_VILLAGE, name="南岙村", level="village", parent=town)
        other_town = Region(code="330225104000", name="鹤浦镇", level="town",
                            parent_id=town.parent_id)
        s.add_all([south, other_town,
                   Region(code=OTHER_TOWN_VILLAGE, name="大岙村", level="village",
                          parent=other_town)])
        village = s.execute(select(Region).where(Region.code == VILLAGE)).scalar_one()
        s.add(Organisation(code="XK-CW", name="溪口村人民调解委员会", short_name="溪",
                           kind="village_committee", region_id=village.id))
        s.add(Party(kind="person", name="张大伯", name_initials="zdb", address="溪口村3号"))
        uow.commit()
    return db


def _org_id(db: Database, code: str) -> int:
    with db.session() as s:
        return int(s.execute(select(Organisation.id).where(Organisation.code == code))
                   .scalar_one())


def _meeting(db: Database, village: str, held_at: datetime) -> int:
    return m.open_meeting(db, U, m.MeetingInput(village, held_at, host="王书记")).id


def test_picker_offers_what_the_users_organisation_covers(base: Database) -> None:
    _meeting(base, VILLAGE, datetime(2026, 9, 1, 19))
    _meeting(base, VILLAGE, datetime(2026, 10, 1, 19))
    add_user(base, ADMIN, "town", "clerk", organisation_id=_org_id(base, "DC-TW"))
    add_user(base, ADMIN, "village", "village_official",
             organisation_id=_org_id(base, "XK-CW"))
    add_user(base, ADMIN, "county", "clerk", organisation_id=_org_id(base, "XS-ZX"))

    def codes(login: str) -> list[tuple[str, int]]:
        return [(v.code, v.meetings) for v in q.meeting_villages(base, get_user(base, login))]

    everything = [(VILLAGE, 2), (OTHER_VILLAGE, 0), (OTHER_TOWN_VILLAGE, 0)]
    assert codes("county") == everything
    assert codes("town") == [(VILLAGE, 2), (OTHER_VILLAGE, 0)]
    assert codes("village") == [(VILLAGE, 2)]
    town_view = q.meeting_villages(base, get_user(base, "town"))
    assert {(v.town_code, v.town_name) for v in town_view} == {(TOWN, "墙头镇")}


def test_register_of_a_village_or_a_whole_town(base: Database) -> None:
    here = _meeting(base, VILLAGE, datetime(2026, 9, 1, 19))
    there = _meeting(base, OTHER_VILLAGE, datetime(2026, 9, 5, 19))
    elsewhere = _meeting(base, OTHER_TOWN_VILLAGE, datetime(2026, 9, 9, 19))
    assert [r.id for r in q.region_meetings(base, ADMIN, VILLAGE)] == [here]
    assert [r.id for r in q.region_meetings(base, ADMIN, TOWN)] == [there, here]
    assert [r.id for r in q.meetings(base, ADMIN)] == [elsewhere, there, here]
    with pytest.raises(ValidationError) as unknown:
        q.region_meetings(base, ADMIN, "999")
    assert unknown.value.field == "village"
    with pytest.raises(ValidationError):
        q.region_meetings(base, ADMIN, "330225")


def test_matter_and_case_see_each_other(base: Database) -> None:
    meeting_id = _meeting(base, VILLAGE, datetime(2026, 11, 2, 19))
    item = m.raise_item(base, U, meeting_id, "张大伯", "neighbourhood_dispute", "院墙排水争执")
    plain = m.raise_item(base, U, meeting_id, "李四", "public_works", "路灯损坏")
    before = q.item_view(base, ADMIN, item.id)
    assert (before.village, before.body, before.case_number) == ("溪口村", "speak_up", None)
    link = m.item_to_case(base, U, item.id, "DC-TW", ["李四"],
                          received_at=datetime(2026, 11, 3, 9))
    after = q.item_view(base, ADMIN, item.id)
    assert (after.item.case_id, after.case_number) == (link.case_id, link.number)
    assert q.meeting_view(base, ADMIN, meeting_id).case_numbers == {item.id: link.number}
    matter = q.case_matter(base, ADMIN, link.case_id)
    assert matter is not None
    assert (matter.item_id, matter.meeting_id, matter.village, matter.raised_by) == (
        item.id, meeting_id, "溪口村", "张大伯")
    with pytest.raises(NotFoundError):
        q.case_matter(base, ADMIN, link.case_id + 1000)

    later = m.open_meeting(base, U, m.MeetingInput(VILLAGE, datetime(2026, 12, 1, 19)))
    assert [r.item_id for r in later.carry_over] == [plain.id]
    board = m.open_items_board(base, ADMIN, VILLAGE, date(2026, 12, 1))
    assert [(r.item_id, r.case_number, r.days_overdue) for r in board] == [
        (plain.id, None, 9), (item.id, link.number, 0)]


def test_board_can_keep_matters_waiting_for_evaluation(base: Database) -> None:
    meeting_id = _meeting(base, VILLAGE, datetime(2026, 9, 1, 19))
    item = m.raise_item(base, U, meeting_id, "王五", "public_works", "路灯损坏")
    m.record_discussion(base, U, item.id, "同意维修", decision="村委会维修")
    m.assign_item(base, U, item.id, "王主任", date(2026, 9, 20))
    m.complete_item(base, U, item.id, date(2026, 9, 25))
    today = date(2026, 11, 1)
    assert m.open_items_board(base, ADMIN, VILLAGE, today) == []
    waiting = m.open_items_board(base, ADMIN, VILLAGE, today, awaiting_evaluation=True)
    assert [(r.item_id, r.stage, r.days_overdue) for r in waiting] == [(item.id, "done", 0)]
    m.evaluate_item(base, U, item.id, 5, 0, 0, evaluated_on=date(2026, 10, 1))
    assert m.open_items_board(base, ADMIN, VILLAGE, today, awaiting_evaluation=True) == []


def test_party_matches_and_stats_per_village_of_a_town(base: Database) -> None:
    assert [(p.name, p.address) for p in q.party_matches(base, ADMIN, " 张大伯 ")] == [
        ("张大伯", "溪口村3号")]
    assert q.party_matches(base, ADMIN, "张") == [] and q.party_matches(base, ADMIN, " ") == []

    here = _meeting(base, VILLAGE, datetime(2026, 9, 1, 19))
    m.raise_item(base, U, here, "王五", "welfare", "老年食堂")
    _meeting(base, OTHER_VILLAGE, datetime(2026, 9, 2, 19))
    period = date(2026, 9, 1), date(2026, 9, 30)
    rows = q.area_stats(base, ADMIN, TOWN, *period)
    assert [(r.village, r.stats.meetings_held, r.stats.items_raised) for r in rows] == [
        ("溪口村", 1, 1), ("南岙村", 1, 0)]
    assert [r.village for r in q.area_stats(base, ADMIN, OTHER_VILLAGE, *period)] == ["南岙村"]
    assert q.area_stats(base, ADMIN, "330225104000", *period) == []
