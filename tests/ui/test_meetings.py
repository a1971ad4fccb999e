"""A village official runs a whole 村民说事 meeting in the GUI, and the next one picks it up."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDateTime, Qt
from pytestqt.qtbot import QtBot

from app.services.casebase.workspace import Workspace
from app.services.documents.records import list_meeting_documents
from app.services.meetings import proceedings as meetings
from app.services.meetings import queries as meeting_queries
from app.services.meetings.proceedings import MemberInput
from app.ui.meetings.item_dialog import ItemDialog
from app.ui.meetings.meeting_dialog import MeetingDialog
from app.ui.meetings.page import MeetingsPage
from app.ui.tasks import TaskRunner
from tests.services.fixtures import ADMIN

VILLAGE = "330225001001"  # 城西社区: no meetings in the demo data
T = 10000


def _page(qtbot: QtBot, workspace: Workspace, tasks: TaskRunner) -> MeetingsPage:
    page = MeetingsPage(workspace, tasks)
    qtbot.addWidget(page)
    page.show()
    page.load()
    qtbot.waitUntil(lambda: page.villages.topLevelItemCount() > 0, timeout=T)
    assert page.select_region(VILLAGE)
    qtbot.waitUntil(lambda: page.new_button.isEnabled(), timeout=T)
    return page


def _item_dialog(qtbot: QtBot, meeting: MeetingDialog, row: int) -> ItemDialog:
    dialog = meeting.open_item(meeting.matters.item_ids[row])
    qtbot.waitUntil(lambda: dialog.view is not None, timeout=T)
    return dialog


def _saved(qtbot: QtBot, dialog: ItemDialog, stage: str) -> None:
    qtbot.waitUntil(lambda: not dialog.busy and dialog.view is not None
                    and dialog.view.item.stage == stage, timeout=T)


def _open_meeting(qtbot: QtBot, page: MeetingsPage, days_ago: int) -> MeetingDialog:
    dialog = page.new_meeting()
    assert dialog is not None
    dialog.held_at.setDateTime(QDateTime.currentDateTime().addDays(-days_ago))
    dialog.host.setText("王书记")
    dialog.body.setCurrentIndex(dialog.body.findData("representatives"))
    dialog.members_total.setValue(30)
    dialog.open_button.click()
    qtbot.waitUntil(lambda: dialog.view is not None, timeout=T)
    return dialog


def test_whole_meeting_then_carry_over(qtbot: QtBot, workspace: Workspace,
                                       tasks: TaskRunner) -> None:
    page = _page(qtbot, workspace, tasks)
    roster = page.open_roster()
    assert roster is not None
    roster.name.setText("张大伯")
    roster.role.setCurrentIndex(roster.role.findData("villager"))
    roster.phone.setText("13800001111")
    roster.add_button.click()
    qtbot.waitUntil(lambda: [m.name for m in roster.members] == ["张大伯"], timeout=T)
    roster.close()
    for name, role in (("王主任", "committee"), ("陈代表", "representative")):
        meetings.add_member(workspace.db, ADMIN, VILLAGE, MemberInput(name, role))

    meeting = _open_meeting(qtbot, page, days_ago=2)
    assert meeting.tabs.isEnabled() and not meeting.open_button.isVisible()
    sign_in = meeting.attendance
    qtbot.waitUntil(lambda: sign_in.roster.count() == 3, timeout=T)
    sign_in.all_button.click()
    sign_in.sign_button.click()
    qtbot.waitUntil(lambda: sign_in.sheet.rowCount() == 3, timeout=T)
    sign_in.guest_name.setText("镇联村干部")
    sign_in.guest_button.click()
    qtbot.waitUntil(lambda: sign_in.sheet.rowCount() == 4, timeout=T)
    assert sign_in.roster.count() == 0

    matters = meeting.matters
    for who, category, matter in (
            ("张大伯", "public_works", "村口道路坑洼，雨天积水。"),
            ("陈代表", "neighbourhood_dispute", "与邻居李四因院墙排水发生争执。")):
        matters.raised_by.setCurrentText(who)
        matters.category.setCurrentIndex(matters.category.findData(category))
        matters.matter.setPlainText(matter)
        count = len(matters.item_ids)
        matters.add_button.click()
        qtbot.waitUntil(lambda n=count: len(matters.item_ids) == n + 1, timeout=T)
    road_id, dispute_id = matters.item_ids

    road = _item_dialog(qtbot, meeting, 0)
    vote = road.discuss
    vote.notes.setPlainText("多数人赞成统一修缮")
    vote.decision.setPlainText("由村委会组织修路")
    vote.voted.setChecked(True)
    for spin, value in ((vote.present, 20), (vote.for_, 10), (vote.against, 3),
                        (vote.abstain, 2)):
        spin.setValue(value)
    assert "与到会人数 20 不符" in vote.outcome.text()
    vote.save_button.click()
    refused = road.errors.labels["vote"]
    qtbot.waitUntil(refused.isVisible, timeout=T)
    assert "赞成 10 + 反对 3 + 弃权 2 = 15，与到会人数 20 不符" in refused.text()
    assert meeting_queries.item_view(workspace.db, ADMIN, road_id).item.stage == "raised"

    vote.for_.setValue(15)
    assert "表决通过" in vote.outcome.text()
    vote.save_button.click()
    _saved(qtbot, road, "discussed")
    assert not refused.isVisible() and "表决通过" in road.status.text()
    assert road.view is not None and road.view.item.votes_for == 15
    road.handle.responsible.setText("王主任")
    road.handle.assign_button.click()
    _saved(qtbot, road, "in_progress")
    assert road.view is not None and road.view.item.responsible == "王主任"
    road.close()

    dispute = _item_dialog(qtbot, meeting, 1)
    qtbot.waitUntil(lambda: dispute.to_case.organisation.count() > 0, timeout=T)
    dispute.to_case.respondents.setText("李四")
    dispute.to_case.button.click()
    qtbot.waitUntil(lambda: dispute.view is not None and dispute.view.case_number is not None,
                    timeout=T)
    assert dispute.view is not None
    number = dispute.view.case_number
    assert number and dispute.to_case.linked.text() == number
    assert dispute.to_case.open_button.isEnabled() and not dispute.to_case.button.isEnabled()
    case_id = dispute.view.item.case_id
    assert case_id is not None
    link = meeting_queries.case_matter(workspace.db, ADMIN, case_id)
    assert link is not None and link.item_id == dispute_id
    qtbot.waitUntil(lambda: matters.table.rowCount() == 2
                    and matters.table.item(1, 7).text() == number, timeout=T)
    dispute.close()
    meeting.close()

    page.tabs.setCurrentWidget(page.board)
    page.reload()
    qtbot.waitUntil(lambda: {r.item_id for r in page.board.shown} == {road_id, dispute_id},
                    timeout=T)
    by_id = {r.item_id: r for r in page.board.shown}
    assert by_id[road_id].responsible == "王主任" and by_id[dispute_id].case_number == number
    assert page.board.table.rowCount() == 2

    following = _open_meeting(qtbot, page, days_ago=0)
    carried = following.carry_over
    assert [r.item_id for r in carried.rows] == [road_id]
    assert following.tabs.currentWidget() is carried
    assert carried.table.item(0, 4).text() == "王主任"


def test_town_shows_every_village_on_the_board(qtbot: QtBot, workspace: Workspace,
                                               tasks: TaskRunner) -> None:
    page = _page(qtbot, workspace, tasks)
    town = page.villages.currentItem().parent()
    page.villages.setCurrentItem(town)
    qtbot.waitUntil(lambda: not page.new_button.isEnabled(), timeout=T)
    assert page.new_meeting() is None and page.open_roster() is None
    qtbot.waitUntil(lambda: page.board.table.rowCount() > 0
                    and page.stats.table.rowCount() > 0, timeout=T)
    assert {r.village for r in page.board.shown} == {"林岸村"}
    overdue = [r.days_overdue for r in page.board.shown]
    assert overdue == sorted(overdue, key=lambda d: d == 0)
    page.board.overdue_only.setChecked(True)
    assert page.board.shown and all(r.days_overdue > 0 for r in page.board.shown)
    assert page.stats.table.item(0, 0).text() == "林岸村"

    page.tabs.setCurrentWidget(page.board)
    table = page.board.table
    cell = table.visualRect(table.model().index(0, 3)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.waitUntil(lambda: bool(page.findChildren(ItemDialog)), timeout=T)
    opened = page.findChildren(ItemDialog)[-1]
    qtbot.waitUntil(lambda: opened.view is not None, timeout=T)
    assert opened.view is not None and opened.view.item.id == page.board.shown[0].item_id


def test_handled_matter_is_rated_and_a_bad_rating_reopens_it(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner) -> None:
    db, user = workspace.db, workspace.user
    held = datetime.combine(date.today() - timedelta(days=10), time(19))
    info = meetings.open_meeting(db, user, meetings.MeetingInput(VILLAGE, held))
    item = meetings.raise_item(db, user, info.id, "张大伯", "environment", "垃圾分类点异味大")
    meetings.record_discussion(db, user, item.id, "建议挪到村口", decision="挪移分类点")
    meetings.assign_item(db, user, item.id, "王主任", date.today())
    dialog = ItemDialog(workspace, tasks, item.id)
    qtbot.addWidget(dialog)
    dialog.show()
    _saved(qtbot, dialog, "in_progress")
    assert not dialog.discuss.save_button.isVisibleTo(dialog)
    assert not dialog.evaluate.isEnabled()

    handle = dialog.handle
    handle.progress_note.setText("已联系保洁公司")
    handle.progress_button.click()
    qtbot.waitUntil(lambda: handle.progress.count() == 1, timeout=T)
    handle.public_button.click()
    qtbot.waitUntil(lambda: "公示" in handle.public_label.text(), timeout=T)
    handle.done_button.click()
    _saved(qtbot, dialog, "done")
    assert dialog.evaluate.isEnabled() and not handle.progress_button.isEnabled()

    rate = dialog.evaluate
    rate.button.click()
    qtbot.waitUntil(lambda: dialog.errors.labels["satisfied"].isVisible(), timeout=T)
    assert "至少要有一人参加评事" in dialog.errors.labels["satisfied"].text()
    for spin, value in ((rate.satisfied, 2), (rate.basically, 1), (rate.dissatisfied, 3)):
        spin.setValue(value)
    rate.button.click()
    _saved(qtbot, dialog, "in_progress")
    assert "退回重新办理" in dialog.status.text()
    assert "重新办理" in rate.result.text() and handle.progress.count() == 2


def test_roster_member_linked_to_the_party_registry(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner) -> None:
    from app.services.parties.queries import party_page

    person = next(p for p in party_page(workspace.db, workspace.user, 0, 50)
                  if p.kind == "person")
    page = _page(qtbot, workspace, tasks)
    roster = page.open_roster()
    assert roster is not None
    roster.add_button.click()
    qtbot.waitUntil(lambda: roster.errors.labels["name"].isVisible(), timeout=T)
    roster.name.setText(person.name)
    roster.phone.setText("1380000")
    roster.find_button.click()
    qtbot.waitUntil(lambda: roster.party.count() > 1, timeout=T)
    roster.party.setCurrentIndex(roster.party.findData(person.id))
    roster.add_button.click()
    qtbot.waitUntil(lambda: roster.errors.labels["phone"].isVisible(), timeout=T)
    roster.phone.setText("13800001111")
    roster.add_button.click()
    qtbot.waitUntil(lambda: len(roster.members) == 1, timeout=T)
    member = roster.members[0]
    assert (member.name, member.party_id, member.phone) == (person.name, person.id,
                                                            "13800001111")
    roster.table.selectRow(0)
    assert roster.save_button.isEnabled() and roster.party.currentData() == person.id
    roster.role.setCurrentIndex(roster.role.findData("grid_worker"))
    roster.save_button.click()
    qtbot.waitUntil(lambda: roster.members and roster.members[0].role == "grid_worker",
                    timeout=T)
    assert roster.members[0].party_id == person.id


def test_sign_in_sheet_and_minutes_print_from_the_meeting(qtbot: QtBot, workspace: Workspace,
                                                         tasks: TaskRunner) -> None:
    page = _page(qtbot, workspace, tasks)
    dialog = _open_meeting(qtbot, page, 0)
    assert dialog.print_button.isEnabled()
    dialog.attendance.guest_name.setText("李镇长")
    dialog.attendance.guest_button.click()
    qtbot.waitUntil(lambda: dialog.attendance.sheet.rowCount() == 1, timeout=T)
    menu = dialog.print_button.menu()
    titles = [a.text() for a in menu.actions()]
    assert titles == ["村民说事签到表", "村民说事会议记录", "村民说事议定事项公示"]
    for action, kind in zip(menu.actions()[:2], ("meeting-signin", "meeting-minutes"),
                            strict=True):
        dialog.print_button.preview = None
        action.trigger()
        qtbot.waitUntil(lambda: dialog.print_button.preview is not None, timeout=T)
        preview = dialog.print_button.preview
        assert preview is not None and preview.isVisible()
        assert preview.pdfs[0].startswith(b"%PDF")
        preview.close()
        assert dialog.meeting_id is not None
        stored = list_meeting_documents(workspace.db, ADMIN, dialog.meeting_id)
        assert stored[-1].kind == kind and stored[-1].format == "pdf"


def test_the_recorder_corrects_the_meeting_header(qtbot: QtBot, workspace: Workspace,
                                                  tasks: TaskRunner) -> None:
    page = _page(qtbot, workspace, tasks)
    dialog = _open_meeting(qtbot, page, 0)
    assert dialog.venue.isReadOnly() and dialog.edit_button.isVisible()
    dialog.edit_button.click()
    assert not dialog.venue.isReadOnly() and dialog.open_button.isVisible()
    dialog.venue.setText("城西社区文化礼堂")
    dialog.members_total.setValue(25)
    dialog.open_button.click()
    qtbot.waitUntil(lambda: dialog.status.text() == "会议信息已保存", timeout=T)
    assert dialog.venue.isReadOnly()
    assert dialog.meeting_id is not None
    qtbot.waitUntil(lambda: dialog.view is not None
                    and dialog.view.detail.info.venue == "城西社区文化礼堂", timeout=T)
    detail = meetings.meeting_detail(workspace.db, ADMIN, dialog.meeting_id)
    assert detail.info.members_total == 25
