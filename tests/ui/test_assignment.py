"""Assigning, referring and accepting from the case window; the admin pages edit the network."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.services.assignment import rules as routing_rules
from app.services.assignment.recommendation import recommend
from app.services.casebase.workspace import Workspace
from app.services.cases.intake import register_case
from app.services.cases.queries import CaseFilter, case_page
from app.services.organisations import network as org_service
from app.services.security.users import add_user, get_user
from app.store.models import CaseParty, Organisation, Region, User
from app.ui.assignment.assign_dialog import AssignDialog
from app.ui.assignment.referral_dialog import ReferralDialog
from app.ui.cases.detail_dialog import CaseDetailDialog
from app.ui.organisations.editors import OrganisationDialog, RegionDialog
from app.ui.organisations.page import OrganisationsPage
from app.ui.tasks import TaskRunner
from tests.services.fixtures import ADMIN, intake


def _open(qtbot: QtBot, workspace: Workspace, tasks: TaskRunner, case_id: int
          ) -> CaseDetailDialog:
    dialog = CaseDetailDialog(workspace, tasks, case_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.detail is not None and dialog.routing.state is not None,
                    timeout=10000)
    return dialog


def _timeline(dialog: CaseDetailDialog) -> list[str]:
    return [dialog.timeline.item(i).text() for i in range(dialog.timeline.count())]


def _reloaded(qtbot: QtBot, dialog: CaseDetailDialog, status: str) -> None:
    qtbot.waitUntil(lambda: dialog.detail is not None and dialog.detail.status == status
                    and dialog.routing.state is not None
                    and dialog.routing.state.status == status, timeout=10000)


def test_assign_a_case_to_the_recommended_mediator(qtbot: QtBot, workspace: Workspace,
                                                   tasks: TaskRunner) -> None:
    received = case_page(workspace.db, ADMIN, CaseFilter(status="received"), 0, 1)[0]
    dialog = _open(qtbot, workspace, tasks, received.id)
    assert dialog.routing.assign_button.isVisible()
    assign = dialog.routing.open_assign()
    assert isinstance(assign, AssignDialog)
    qtbot.waitUntil(lambda: assign.recommendation is not None and assign.lead.count() == 0
                    and assign.mediators.rowCount() > 0, timeout=10000)
    rec = assign.recommendation
    assert rec is not None and rec.reasons and "分流规则" in assign.reasons.text()
    best = rec.mediators[0]
    assert best.organisation_id == rec.organisations[0].id
    assign.tick(best.id)
    assert assign.lead.currentData() == best.id
    assign.save()
    _reloaded(qtbot, dialog, "assigned")
    assert best.name in dialog.detail.mediators  # type: ignore[union-attr]
    texts = _timeline(dialog)
    assert any("分流指派" in t for t in texts)
    assert any(f"调解员：{best.name}（主办）" in t for t in texts)
    assert dialog.routing.objection_button.isVisible()


def test_refer_a_village_case_to_the_town_and_accept_it_there(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner) -> None:
    db = workspace.db
    with db.session() as s:
        village, town = s.execute(
            select(Organisation, Organisation.parent_id)
            .where(Organisation.kind == "village_committee").limit(1)).one()
        region = s.get(Region, village.region_id)
        assert region is not None
        clerk, clerk_name = s.execute(select(User.login, User.display_name)
                                      .where(User.organisation_id == town)).one()
    case_id = register_case(db, ADMIN, intake(organisation=village.code,
                                                region=region.code)).case_id
    at_village = Workspace(db, add_user(db, ADMIN, "cunwei", "clerk",
                                        organisation_id=village.id))
    dialog = _open(qtbot, at_village, tasks, case_id)
    refer = dialog.routing.open_referral()
    assert isinstance(refer, ReferralDialog)
    qtbot.waitUntil(lambda: refer.organisation.count() > 0, timeout=10000)
    refer.choose_organisation(town)
    refer.reason.setPlainText("双方矛盾激烈，村级难以调处")
    refer.save()
    _reloaded(qtbot, dialog, "referred_out")
    assert "待接收" in dialog.routing.pending.text()
    assert not dialog.routing.accept_button.isVisible()

    there = Workspace(db, get_user(db, clerk))
    at_town = _open(qtbot, there, tasks, case_id)
    assert at_town.routing.accept_button.isVisible()
    at_town.routing.decide(True)
    _reloaded(qtbot, at_town, "received")
    texts = _timeline(at_town)
    assert any("受理登记" in t for t in texts)
    assert any("上报上级调解" in t and "双方矛盾激烈" in t for t in texts)
    assert any("接收" in t and clerk_name in t for t in texts)  # by name, not login
    assert at_town.detail is not None and at_town.detail.current_organisation != village.name


def test_admin_pages_edit_a_mediator_and_a_rule(qtbot: QtBot, workspace: Workspace,
                                                tasks: TaskRunner) -> None:
    page = OrganisationsPage(workspace, tasks)
    qtbot.addWidget(page)
    page.show()
    page.load()
    panel, rules = page.mediators, page.rules
    qtbot.waitUntil(lambda: bool(panel.lines) and bool(rules.rules)
                    and page.table.rowCount() > 0, timeout=10000)
    busiest = max(panel.lines, key=lambda m: m.open_cases)
    panel.select(busiest.id)
    assert panel.caseload.text().startswith(str(busiest.open_cases))
    panel.title.setText("首席调解员")
    panel.specialties.set_checked(("labour",))
    panel.save()
    qtbot.waitUntil(lambda: any(m.id == busiest.id and m.title == "首席调解员"
                                and m.specialties == ("labour",) for m in panel.lines),
                    timeout=10000)

    labour = next(r for r in rules.rules if r.category == "labour")
    rules.select(labour.id)
    assert rules.reason.text() == labour.reason
    rules.active.setChecked(False)
    rules.reason.setText("劳动争议暂由属地调解")
    rules.save()
    qtbot.waitUntil(lambda: any(r.id == labour.id and not r.active for r in rules.rules),
                    timeout=10000)
    saved = next(r for r in routing_rules.rules(workspace.db, ADMIN) if r.id == labour.id)
    assert (saved.active, saved.reason) == (False, "劳动争议暂由属地调解")
    assert any(m.title == "首席调解员" for m in org_service.mediators(workspace.db, ADMIN))


def test_admin_pages_are_read_only_for_others(qtbot: QtBot, workspace: Workspace,
                                              tasks: TaskRunner) -> None:
    viewer = Workspace(workspace.db, get_user(workspace.db, "viewer01"))
    page = OrganisationsPage(viewer, tasks)
    qtbot.addWidget(page)
    assert not page.mediators.save_button.isEnabled()
    assert not any(b.isEnabled() for b in page.rules.action_buttons)


def test_conflicted_mediator_is_warned_and_objection_replaces_the_lead(
        qtbot: QtBot, workspace: Workspace, tasks: TaskRunner) -> None:
    db = workspace.db
    received = case_page(db, ADMIN, CaseFilter(status="received"), 0, 1)[0]
    rec = recommend(db, ADMIN, received.id)
    related = rec.mediators[0]
    with db.session() as s:
        party = s.execute(select(CaseParty.party_id).where(CaseParty.case_id == received.id)
                          .limit(1)).scalar_one()
    org_service.add_relation(db, workspace.user, related.id, party, "儿女亲家")
    dialog = _open(qtbot, workspace, tasks, received.id)
    assign = dialog.routing.open_assign()
    qtbot.waitUntil(lambda: assign.recommendation is not None, timeout=10000)
    assert related.id in [m.id for m in assign.recommendation.conflicted]  # type: ignore[union-attr]
    assign.tick(related.id)
    assert "儿女亲家" in assign.warning.text() and assign.warning.isVisible()
    assign.save()
    box = assign.confirm_box
    assert box is not None and box.isVisible()
    box.done(QMessageBox.StandardButton.Yes)
    _reloaded(qtbot, dialog, "assigned")

    objection = dialog.routing.open_objection()
    objection.applicant.setText("李四")
    objection.reason.setText("调解员与申请人是儿女亲家")
    objection.save()
    qtbot.waitUntil(lambda: any(m.objection_pending for m in dialog.routing.state.mediators)
                    if dialog.routing.state else False, timeout=10000)
    decision = dialog.routing.open_objection()
    assert decision.deciding()
    qtbot.waitUntil(lambda: decision.replacement.count() > 1, timeout=10000)
    decision.replacement.setCurrentIndex(1)
    decision.reason.setText("确有利害关系")
    decision.save()
    qtbot.waitUntil(lambda: any("准予回避" in t for t in _timeline(dialog)), timeout=10000)
    assert any("申请" in t and "回避" in t for t in _timeline(dialog))


def test_region_and_organisation_editors(qtbot: QtBot, workspace: Workspace,
                                         tasks: TaskRunner) -> None:
    page = OrganisationsPage(workspace, tasks)
    qtbot.addWidget(page)
    page.show()
    page.load()
    qtbot.waitUntil(lambda: bool(page.nodes) and bool(page.all_rows), timeout=10000)
    town = next(n for n in page.nodes.values() if n.level == "town")
    page.tree.setCurrentItem(page.tree.findItems(town.name, Qt.MatchFlag.MatchRecursive)[0])
    page.add_region()
    region = page.dialog
    assert isinstance(region, RegionDialog)
    region.code.setText(town.code[:9] + "299")
    region.name.setText("新建村")
    region.save()
    qtbot.waitUntil(lambda: any(n.name == "新建村" for n in page.nodes.values()), timeout=10000)
    new_village = next(n for n in page.nodes.values() if n.name == "新建村")
    assert new_village.parent_id == town.id and new_village.level == "village"

    page.add_organisation()
    editor = page.dialog
    assert isinstance(editor, OrganisationDialog)
    editor.code.setText("XJ-CW")
    editor.name.setText("新建村人民调解委员会")
    editor.short_name.setText("新建")
    editor.kind.setCurrentIndex(editor.kind.findData("village_committee"))
    editor.region.setCurrentIndex(editor.region.findData(new_village.id))
    editor.types.set_checked(("people",))
    editor.save()
    qtbot.waitUntil(lambda: any(r.name == "新建村人民调解委员会" for r in page.all_rows),
                    timeout=10000)
    page.add_organisation()
    duplicate = page.dialog
    assert isinstance(duplicate, OrganisationDialog)
    duplicate.code.setText("XJ-CW")
    duplicate.name.setText("重复")
    duplicate.short_name.setText("重")
    duplicate.save()
    qtbot.waitUntil(lambda: "已存在" in duplicate.message.text(), timeout=10000)
