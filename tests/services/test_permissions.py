"""Every service as every role: allowed or refused exactly as the permission table says.

The table (app/domain/permissions.py) is data; this test is its proof.  Each
public service entry point (found as tests/services/test_acting_user.py finds
them, plus the statistics report) has one row below: the actions it needs and
a valid call.  For each role the test copies the prepared base
(tests/services/permission_base.py, built once per backend) and makes every
call: an allowed call must succeed, a refused one must raise PermissionDenied
with one line naming the action, and write nothing.  Every account claims to
be an administrator and director in the ``UserInfo`` it passes, so what
counts is only what the case base says about it.  A login without an
account, a disabled and a locked account are refused everything.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.domain.errors import ValidationError
from app.domain.permissions import ACTIONS, GRANTS, allowed
from app.reports import statistics
from app.services.agreements import agreement as agreements
from app.services.agreements import scans
from app.services.assignment import assign as assignment
from app.services.assignment import objections, recommendation, referrals, rules, state
from app.services.backups import fingerprint as backup_fingerprint
from app.services.backups import partial as backup_partial
from app.services.backups import restore as backup_restore
from app.services.backups import schedule as backup_schedule
from app.services.backups import writer as backup_writer
from app.services.casebase import setup as office_setup
from app.services.cases import detail, progress, queries
from app.services.cases import intake as case_intake
from app.services.documents import records
from app.services.errors import PermissionDenied
from app.services.mediation import (
    archive,
    dashboard,
    deadlines,
    followups,
    performance,
    preventions,
    sessions,
)
from app.services.meetings import board, proceedings, roster, to_case
from app.services.meetings import queries as meeting_queries
from app.services.organisations import network
from app.services.organisations import queries as organisation_queries
from app.services.organisations import status as organisation_status
from app.services.parties import queries as party_queries
from app.services.parties import registry
from app.services.security import audit, users
from app.services.security.users import UserInfo
from app.store.database import Database
from app.store.models import AuditEntry, Party, RosterMember
from tests.services.fixtures import intake
from tests.services.permission_base import (
    PDF,
    PERMISSION_BASE,
    ROLE_ACCOUNTS,
    TOWN_A,
    VILLAGE_A,
    agreement_input,
    base_ids,
)
from tests.services.test_acting_user import WITHOUT_ACTOR, _entry_points
from tests.support.templates import private_copy

WITH_TEST_ACCOUNTS = False
"""The prepared base has its own accounts (tests/services/conftest.py)."""

Ids = dict[str, int]
Call = Callable[[Database, UserInfo, Ids], object]
TODAY = date(2026, 12, 10)
PERIOD = (date(2026, 1, 1), date(2026, 12, 31))


@dataclass(frozen=True)
class Row:
    """What one entry point needs (all of ``actions``; empty: any usable account) and a call."""

    actions: frozenset[str]
    call: Call


def row(actions: str, call: Call) -> Row:
    """A row; ``actions`` is space-separated."""
    return Row(frozenset(actions.split()), call)


def _version(db: Database, model: type[Party] | type[RosterMember], key: int) -> int:
    with db.session() as s:
        version = s.scalar(select(model.version).where(model.id == key))
        assert version is not None
        return int(version)


def _meeting_version(db: Database, meeting_id: int) -> int:
    return proceedings.meeting_detail(db, users.SYSTEM, meeting_id).info.version


def _set_up_office(db: Database, a: UserInfo) -> object:
    """Setup checks permissions first; the prepared base is not empty, so it then refuses."""
    from app.domain.office_setup import OfficeSetup, OrganisationSpec, RegionSpec

    try:
        return office_setup.set_up_office(db, a, OfficeSetup(
            (RegionSpec("330225", "象山县", "county"),),
            (OrganisationSpec("NEW", "新调委会", "新", "town_committee", "330225"),),
            admin_password="Passw0rd2026"))
    except office_setup.BaseNotEmpty:
        return None


def _backup_folder() -> str:
    """An empty folder of its own for one backup call."""
    return tempfile.mkdtemp(prefix="backups-", dir=os.environ["TIAOJIE_TEST_HOME"])


def _save_agreement(db: Database, a: UserInfo, i: Ids) -> object:
    info = agreements.load_agreement(db, users.SYSTEM, i["c_save"])
    return agreements.save_agreement(db, a, i["c_save"], agreement_input(info))


ROWS: dict[str, Row] = {
    # agreements
    "app.services.agreements.agreement.load_agreement": row(
        "case.read", lambda db, a, i: agreements.load_agreement(db, a, i["c_read"])),
    "app.services.agreements.agreement.save_agreement": row("case.agreement", _save_agreement),
    "app.services.agreements.agreement.record_application": row(
        "case.agreement", lambda db, a, i: agreements.record_application(
            db, a, i["c_application"], "象山县人民法院", date(2026, 11, 25))),
    "app.services.agreements.agreement.record_decision": row(
        "case.agreement", lambda db, a, i: agreements.record_decision(
            db, a, i["c_decision"], "confirmed", "（2026）浙0225民特1号", date(2026, 12, 1))),
    "app.services.agreements.scans.attach_signed_scan": row(
        "case.agreement", lambda db, a, i: scans.attach_signed_scan(
            db, a, i["c_scan"], "签署件.pdf", PDF)),
    "app.services.agreements.scans.signed_scans": row(
        "case.read", lambda db, a, i: scans.signed_scans(db, a, i["c_read"])),
    "app.services.agreements.scans.latest_signed_scan": row(
        "document.print", lambda db, a, i: scans.latest_signed_scan(db, a, i["c_read"])),
    # assignment and referral
    "app.services.assignment.assign.assign": row(
        "case.assign", lambda db, a, i: assignment.assign(
            db, a, i["c_assign"], i["org_XS-ZX"], [i["m_county"]])),
    "app.services.assignment.assign.decide_assignment": row(
        "case.accept", lambda db, a, i: assignment.decide_assignment(
            db, a, i["c_pending_assign"], True)),
    "app.services.assignment.objections.case_mediators": row(
        "case.read", lambda db, a, i: objections.case_mediators(db, a, i["c_start"])),
    "app.services.assignment.objections.raise_objection": row(
        "case.recusal", lambda db, a, i: objections.raise_objection(
            db, a, i["c_objection"], i["m_county"], "调解员与被申请人是同事")),
    "app.services.assignment.objections.decide_objection": row(
        "case.recusal", lambda db, a, i: objections.decide_objection(
            db, a, i["c_decide_objection"], i["m_county"], False, "不属于应当回避的情形")),
    "app.services.assignment.recommendation.recommend": row(
        "case.assign", lambda db, a, i: recommendation.recommend(db, a, i["c_assign"])),
    "app.services.assignment.recommendation.mediators_of": row(
        "case.assign", lambda db, a, i: recommendation.mediators_of(
            db, a, i["c_assign"], [i["org_XS-ZX"]])),
    "app.services.assignment.recommendation.conflicts_for": row(
        "case.assign", lambda db, a, i: recommendation.conflicts_for(
            db, a, i["c_assign"], [i["m_county"]])),
    "app.services.assignment.referrals.refer": row(
        "case.refer", lambda db, a, i: referrals.refer(
            db, a, i["c_refer"], "交镇里调解", to_organisation_id=i["org_DC-TW"])),
    "app.services.assignment.referrals.withdraw": row(
        "case.refer", lambda db, a, i: referrals.withdraw(db, a, i["c_refer"], "流转对象选错")),
    "app.services.assignment.referrals.decide": row(
        "case.accept", lambda db, a, i: referrals.decide(db, a, i["c_pending_refer"], True)),
    "app.services.assignment.referrals.return_from_outside": row(
        "case.refer", lambda db, a, i: referrals.return_from_outside(
            db, a, i["c_outside"], "法院建议先行调解")),
    "app.services.assignment.referrals.known_outside_bodies": row(
        "case.refer", lambda db, a, i: referrals.known_outside_bodies(db, a)),
    "app.services.assignment.rules.rules": row(
        "network.read", lambda db, a, i: rules.rules(db, a)),
    "app.services.assignment.rules.save_rule": row(
        "rules.admin", lambda db, a, i: rules.save_rule(
            db, a, rules.RuleInput(500, "people", "测试规则"))),
    "app.services.assignment.rules.set_active": row(
        "rules.admin", lambda db, a, i: rules.set_active(db, a, i["rule"], False)),
    "app.services.assignment.rules.move": row(
        "rules.admin", lambda db, a, i: rules.move(db, a, i["rule"], 1)),
    "app.services.assignment.state.case_routing": row(
        "case.read", lambda db, a, i: state.case_routing(db, a, i["c_pending_assign"])),
    # cases
    "app.services.cases.detail.get_case": row(
        "case.read", lambda db, a, i: detail.get_case(db, a, i["c_read"])),
    "app.services.cases.intake.find_repeat_cases": row(
        "case.register", lambda db, a, i: case_intake.find_repeat_cases(
            db, a, intake().parties)),
    "app.services.cases.intake.register_case": row(
        "case.register", lambda db, a, i: case_intake.register_case(db, a, intake())),
    "app.services.cases.intake.refuse_case": row(
        "case.refuse", lambda db, a, i: case_intake.refuse_case(
            db, a, i["c_refuse"], "不属于调解范围")),
    "app.services.cases.progress.case_progress": row(
        "case.read", lambda db, a, i: progress.case_progress(db, a, i["c_read"])),
    "app.services.cases.progress.case_id_for": row(
        "case.read", lambda db, a, i: progress.case_id_for(
            db, a, detail.get_case(db, users.SYSTEM, i["c_read"]).number)),
    "app.services.cases.queries.count_cases": row(
        "case.read", lambda db, a, i: queries.count_cases(db, a, queries.CaseFilter(text="张"))),
    "app.services.cases.queries.case_page": row(
        "case.read", lambda db, a, i: queries.case_page(db, a, None, 0, 20)),
    # documents
    "app.services.documents.records.applicable": row(
        "case.read", lambda db, a, i: records.applicable(db, a, i["c_read"])),
    "app.services.documents.records.case_document_data": row(
        "document.print", lambda db, a, i: records.case_document_data(db, a, i["c_read"])),
    "app.services.documents.records.document_content": row(
        "document.print", lambda db, a, i: records.document_content(db, a, i["document"])),
    "app.services.documents.records.list_documents": row(
        "case.read", lambda db, a, i: records.list_documents(db, a, i["c_read"])),
    "app.services.documents.records.list_meeting_documents": row(
        "meeting.read", lambda db, a, i: records.list_meeting_documents(db, a, i["meeting"])),
    "app.services.documents.records.meeting_document_data": row(
        "meeting.read", lambda db, a, i: records.meeting_document_data(db, a, i["meeting"])),
    "app.services.documents.records.store": row(
        "document.print", lambda db, a, i: records.store(
            db, a, PDF, "application", "pdf", case_id=i["c_read"])),
    # mediation
    "app.services.mediation.archive.archive_case": row(
        "case.archive", lambda db, a, i: archive.archive_case(
            db, a, i["c_archive"], "档案室", "good", "协议已履行", TODAY)),
    "app.services.mediation.archive.reopen_case": row(
        "case.reopen", lambda db, a, i: archive.reopen_case(db, a, i["c_reopen"], "补充材料")),
    "app.services.mediation.dashboard.overdue_cases": row(
        "case.read", lambda db, a, i: dashboard.overdue_cases(db, a, TODAY)),
    "app.services.mediation.dashboard.warning_board": row(
        "case.read", lambda db, a, i: dashboard.warning_board(db, a, TODAY)),
    "app.services.mediation.deadlines.deadline_rules": row(
        "network.read", lambda db, a, i: deadlines.deadline_rules(db, a)),
    "app.services.mediation.deadlines.set_deadline_rule": row(
        "rules.admin", lambda db, a, i: deadlines.set_deadline_rule(db, a, "walk_in", 25)),
    "app.services.mediation.deadlines.extend_deadline": row(
        "case.extend", lambda db, a, i: deadlines.extend_deadline(
            db, a, i["c_extend"], date(2027, 3, 1), "双方同意延长", "李主任")),
    "app.services.mediation.deadlines.extensions": row(
        "case.read", lambda db, a, i: deadlines.extensions(db, a, i["c_extend"])),
    "app.services.mediation.followups.followups": row(
        "case.read", lambda db, a, i: followups.followups(db, a, i["c_read"])),
    "app.services.mediation.followups.schedule_followups": row(
        "case.followup", lambda db, a, i: followups.schedule_followups(db, a, i["c_schedule"])),
    "app.services.mediation.followups.record_followup": row(
        "case.followup", lambda db, a, i: followups.record_followup(
            db, a, i["c_followup"], followups.FollowUpInput(
                date(2026, 12, 8), "王调解", "phone", "unperformed"), TODAY)),
    "app.services.mediation.performance.ledger": row(
        "case.read", lambda db, a, i: performance.ledger(db, a, i["c_read"], TODAY)),
    "app.services.mediation.performance.record_performance": row(
        "case.followup", lambda db, a, i: performance.record_performance(
            db, a, i["obligation"], date(2026, 11, 26), Decimal("1000"), today=TODAY)),
    "app.services.mediation.sessions.start_mediation": row(
        "case.mediate", lambda db, a, i: sessions.start_mediation(db, a, i["c_start"])),
    "app.services.mediation.sessions.record_session": row(
        "case.mediate", lambda db, a, i: sessions.record_session(
            db, a, i["c_session"], sessions.SessionInput(datetime(2026, 11, 26, 9), "双方陈述"))),
    "app.services.mediation.sessions.close_without_agreement": row(
        "case.mediate", lambda db, a, i: sessions.close_without_agreement(
            db, a, i["c_close"], "withdrawn", "申请人撤回", None, TODAY)),
    "app.services.mediation.preventions.case_preventions": row(
        "case.read", lambda db, a, i: preventions.case_preventions(db, a, i["c_read"])),
    "app.services.mediation.preventions.record_preventions": row(
        "case.mediate", lambda db, a, i: preventions.record_preventions(
            db, a, i["c_prevented"], {"criminal": 2})),
    # meetings
    "app.services.meetings.board.open_items_board": row(
        "meeting.read", lambda db, a, i: board.open_items_board(db, a, VILLAGE_A, TODAY)),
    "app.services.meetings.board.village_stats": row(
        "meeting.read", lambda db, a, i: board.village_stats(db, a, VILLAGE_A, *PERIOD)),
    "app.services.meetings.proceedings.open_meeting": row(
        "meeting.write", lambda db, a, i: proceedings.open_meeting(
            db, a, proceedings.MeetingInput(VILLAGE_A, datetime(2026, 11, 30, 19)))),
    "app.services.meetings.proceedings.update_meeting": row(
        "meeting.write", lambda db, a, i: proceedings.update_meeting(
            db, a, i["meeting_update"], _meeting_version(db, i["meeting_update"]),
            proceedings.MeetingInput(VILLAGE_A, datetime(2026, 11, 9, 19), venue="村委会"))),
    "app.services.meetings.proceedings.add_attendees": row(
        "meeting.write", lambda db, a, i: proceedings.add_attendees(
            db, a, i["meeting"], [i["member"]], [proceedings.AttendeeInput("镇联村干部")])),
    "app.services.meetings.proceedings.meeting_detail": row(
        "meeting.read", lambda db, a, i: proceedings.meeting_detail(db, a, i["meeting"])),
    "app.services.meetings.proceedings.raise_item": row(
        "meeting.write", lambda db, a, i: proceedings.raise_item(
            db, a, i["meeting"], "李大妈", "environment", "垃圾点异味")),
    "app.services.meetings.proceedings.record_discussion": row(
        "meeting.write", lambda db, a, i: proceedings.record_discussion(
            db, a, i["i_discuss"], "同意维修", decision="村委会维修")),
    "app.services.meetings.proceedings.assign_item": row(
        "meeting.write", lambda db, a, i: proceedings.assign_item(
            db, a, i["i_assign"], "王主任", date(2026, 12, 20))),
    "app.services.meetings.proceedings.add_progress": row(
        "meeting.write", lambda db, a, i: proceedings.add_progress(
            db, a, i["i_progress"], date(2026, 11, 10), "已联系施工队")),
    "app.services.meetings.proceedings.complete_item": row(
        "meeting.write", lambda db, a, i: proceedings.complete_item(
            db, a, i["i_complete"], date(2026, 11, 20))),
    "app.services.meetings.proceedings.evaluate_item": row(
        "meeting.write", lambda db, a, i: proceedings.evaluate_item(
            db, a, i["i_evaluate"], 8, 2, 0, evaluated_on=date(2026, 11, 25))),
    "app.services.meetings.proceedings.publicise": row(
        "meeting.write", lambda db, a, i: proceedings.publicise(
            db, a, i["i_publicise"], date(2026, 11, 21))),
    "app.services.meetings.queries.area_stats": row(
        "meeting.read", lambda db, a, i: meeting_queries.area_stats(db, a, TOWN_A, *PERIOD)),
    "app.services.meetings.queries.case_matter": row(
        "case.read", lambda db, a, i: meeting_queries.case_matter(db, a, i["c_read"])),
    "app.services.meetings.queries.item_view": row(
        "meeting.read", lambda db, a, i: meeting_queries.item_view(db, a, i["i_assign"])),
    "app.services.meetings.queries.meeting_view": row(
        "meeting.read", lambda db, a, i: meeting_queries.meeting_view(db, a, i["meeting"])),
    "app.services.meetings.queries.meeting_villages": row(
        "meeting.read", lambda db, a, i: meeting_queries.meeting_villages(db, a)),
    "app.services.meetings.queries.meetings": row(
        "meeting.read", lambda db, a, i: meeting_queries.meetings(db, a)),
    "app.services.meetings.queries.region_meetings": row(
        "meeting.read", lambda db, a, i: meeting_queries.region_meetings(db, a, TOWN_A)),
    "app.services.meetings.queries.party_matches": row(
        "meeting.write", lambda db, a, i: meeting_queries.party_matches(db, a, "张三丰")),
    "app.services.meetings.roster.add_member": row(
        "meeting.write", lambda db, a, i: roster.add_member(
            db, a, VILLAGE_A, proceedings.MemberInput("陈代表", "representative"))),
    "app.services.meetings.roster.update_member": row(
        "meeting.write", lambda db, a, i: roster.update_member(
            db, a, i["member"], _version(db, RosterMember, i["member"]),
            proceedings.MemberInput("张大伯", "representative"))),
    "app.services.meetings.roster.list_members": row(
        "meeting.read", lambda db, a, i: roster.list_members(db, a, VILLAGE_A)),
    "app.services.meetings.to_case.item_to_case": row(
        "meeting.write case.register", lambda db, a, i: to_case.item_to_case(
            db, a, i["i_case"], "XK-CW", ["李四"], received_at=datetime(2026, 11, 3, 9))),
    # the mediation network
    "app.services.organisations.network.organisation_detail": row(
        "network.read", lambda db, a, i: network.organisation_detail(db, a, i["org_DC-TW"])),
    "app.services.organisations.network.mediators": row(
        "network.read", lambda db, a, i: network.mediators(db, a)),
    "app.services.organisations.network.find_parties": row(
        "network.admin", lambda db, a, i: network.find_parties(db, a, "张三丰")),
    "app.services.organisations.network.save_region": row(
        "network.admin", lambda db, a, i: network.save_region(
            db, a, "330225103299", "新村", "village", i["town_a"])),
    "app.services.organisations.network.save_organisation": row(
        "network.admin", lambda db, a, i: network.save_organisation(
            db, a, network.OrganisationInput("XS-WY", "象山县物业纠纷调委会", "物",
                                             "professional_committee", None))),
    "app.services.organisations.network.save_mediator": row(
        "network.admin", lambda db, a, i: network.save_mediator(
            db, a, network.MediatorInput("新调解员", (i["org_XS-ZX"],)))),
    "app.services.organisations.network.add_relation": row(
        "network.admin", lambda db, a, i: network.add_relation(
            db, a, i["m_town_a"], i["p_shared"], "同学")),
    "app.services.organisations.network.remove_relations": row(
        "network.admin", lambda db, a, i: network.remove_relations(db, a, [i["relation"]])),
    "app.services.organisations.queries.region_tree": row(
        "network.read", lambda db, a, i: organisation_queries.region_tree(db, a)),
    "app.services.organisations.queries.organisations": row(
        "network.read", lambda db, a, i: organisation_queries.organisations(db, a)),
    "app.services.organisations.queries.mediators": row(
        "network.read", lambda db, a, i: organisation_queries.mediators(db, a)),
    "app.services.organisations.queries.organisation_id_for_code": row(
        "network.read", lambda db, a, i: organisation_queries.organisation_id_for_code(
            db, a, "XS-ZX")),
    "app.services.organisations.queries.organisation_codes": row(
        "network.read", lambda db, a, i: organisation_queries.organisation_codes(
            db, a, [i["org_XS-ZX"]])),
    "app.services.organisations.status.set_region_active": row(
        "network.admin", lambda db, a, i: organisation_status.set_region_active(
            db, a, VILLAGE_A, True)),
    "app.services.organisations.status.set_organisation_active": row(
        "network.admin", lambda db, a, i: organisation_status.set_organisation_active(
            db, a, "XS-ZX", True)),
    "app.services.casebase.setup.needs_setup": row(
        "network.read", lambda db, a, i: office_setup.needs_setup(db, a)),
    "app.services.casebase.setup.admin_has_password": row(
        "user.admin", lambda db, a, i: office_setup.admin_has_password(db, a)),
    "app.services.casebase.setup.set_up_office": row(
        "user.admin network.admin", lambda db, a, i: _set_up_office(db, a)),
    "app.services.organisations.queries.active_mediator_ids": row(
        "network.read", lambda db, a, i: organisation_queries.active_mediator_ids(
            db, a, "郑调解")),
    # parties
    "app.services.parties.queries.count_parties": row(
        "party.read", lambda db, a, i: party_queries.count_parties(db, a)),
    "app.services.parties.queries.party_page": row(
        "party.read", lambda db, a, i: party_queries.party_page(db, a, 0, 20)),
    "app.services.parties.registry.get_party": row(
        "party.read", lambda db, a, i: registry.get_party(db, a, i["p_shared"])),
    "app.services.parties.registry.search_parties": row(
        "party.read", lambda db, a, i: registry.search_parties(db, a, "三丰")),
    "app.services.parties.registry.update_party": row(
        "party.edit", lambda db, a, i: registry.update_party(
            db, a, i["p_edit"], _version(db, Party, i["p_edit"]), {"address": "溪口村2号"})),
    "app.services.parties.registry.merge_parties": row(
        "party.merge", lambda db, a, i: registry.merge_parties(db, a, i["p_keep"], i["p_merge"])),
    "app.services.parties.registry.reveal": row(
        "party.reveal", lambda db, a, i: registry.reveal(db, a, i["p_shared"])),
    # accounts
    "app.services.security.users.add_user": row(
        "user.admin", lambda db, a, i: users.add_user(db, a, "newbie", "clerk")),
    "app.services.security.users.set_password": row(
        "user.admin", lambda db, a, i: users.set_password(db, a, "target", "Passw0rd2026")),
    # audit
    "app.services.security.audit.verify": row(
        "audit.verify", lambda db, a, i: audit.verify(db, a)),
    # backups
    "app.services.backups.writer.write_backup": row(
        "casebase.backup",
        lambda db, a, i: backup_writer.write_backup(db, a, Path(_backup_folder()) / "b.tjbak")),
    "app.services.backups.fingerprint.casebase_fingerprint": row(
        "casebase.backup", lambda db, a, i: backup_fingerprint.casebase_fingerprint(db, a)),
    "app.services.backups.partial.export_partial": row(
        "casebase.export", lambda db, a, i: backup_partial.export_partial(
            db, a, "XZ-TW", Path(_backup_folder()) / "p.tjbak")),
    "app.services.backups.restore.authorise_restore": row(
        "casebase.restore", lambda db, a, i: backup_restore.authorise_restore(db, a)),
    # automatic backups: this PC's folder and record, and a verified copy by hand
    "app.services.backups.schedule.auto_backup_info": row(
        "casebase.backup", lambda db, a, i: backup_schedule.auto_backup_info(db, a)),
    "app.services.backups.schedule.set_auto_backup_folder": row(
        "casebase.backup", lambda db, a, i: backup_schedule.set_auto_backup_folder(
            db, a, _backup_folder())),
    "app.services.backups.schedule.backup_due": row(
        "casebase.backup", lambda db, a, i: backup_schedule.backup_due(
            db, a, backup_schedule.When.EXIT)),
    "app.services.backups.schedule.run_auto_backup": row(
        "casebase.backup", lambda db, a, i: backup_schedule.run_auto_backup(
            db, a, backup_schedule.When.START)),
    "app.services.backups.schedule.backup_to_file": row(
        "casebase.backup", lambda db, a, i: backup_schedule.backup_to_file(
            db, a, Path(_backup_folder()) / "copy.tjbak")),
    # reports (outside app/services, the same check)
    "app.reports.statistics.summary": row(
        "stats.read", lambda db, a, i: statistics.summary(db, a, *PERIOD)),
}
"""Every entry point: what it needs and a valid call on the prepared base."""

NOT_IN_TABLE = {
    "app.services.security.users.has_password":
        "sign-in asks it about the account signing in, before its permissions apply",
    "app.services.casebase.workspace.password_setup_needed":
        "sign-in asks it before anyone may work in the base",
    "app.services.imports":
        "the ledger import and export, written while this table was: give it rows next",
}
"""Entry points (or modules) not in the table yet, and why."""


def _listed(name: str, names: set[str] | dict[str, str]) -> bool:
    return name in names or any(name.startswith(prefix + ".") for prefix in names)

ACCOUNTS = [*(login for login in ROLE_ACCOUNTS if login != "target"), "ghost"]
REFUSED_EVERYTHING = {"as_disabled", "as_locked", "ghost"}


def expected(login: str, needs: frozenset[str]) -> bool:
    """Whether the permission table lets ``login`` make a call that needs ``needs``."""
    if login in REFUSED_EVERYTHING:
        return False
    role, case_role = ROLE_ACCOUNTS[login]
    return all(allowed(role, case_role, action) for action in needs)


def _audit_count(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count(AuditEntry.id))) or 0)


def _outcome(db: Database, actor: UserInfo, ids: Ids, name: str, entry: Row) -> str | None:
    """None when the call went as the table says, else what went wrong."""
    want = expected(actor.login, entry.actions)
    before = _audit_count(db)
    try:
        entry.call(db, actor, ids)
    except PermissionDenied as exc:
        message = str(exc)
        if want:
            return f"{name}: refused ({message})"
        if "\n" in message or not any(ACTIONS[a] in message for a in entry.actions):
            return f"{name}: refusal is not one line naming the action: {message}"
        if _audit_count(db) != before:
            return f"{name}: refused but wrote to the audit trail"
        return None
    except Exception as exc:  # an allowed call must simply work
        return f"{name}: {type(exc).__name__}: {exc}"
    return None if want else f"{name}: allowed, the table refuses it"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def prepared(request: pytest.FixtureRequest, backend: str) -> Iterator[Database]:
    """The test's own copy of the prepared base."""
    database = Database(private_copy(request, PERMISSION_BASE, backend))
    yield database
    database.dispose()


def test_every_entry_point_has_a_row() -> None:
    discovered = {name for name, _fn in _entry_points() if not _listed(name, WITHOUT_ACTOR)}
    table = set(ROWS) - {"app.reports.statistics.summary"}
    assert sorted(n for n in discovered - table if not _listed(n, NOT_IN_TABLE)) == []
    assert sorted(table - discovered) == []
    assert [n for n in NOT_IN_TABLE if not any(_listed(d, {n}) for d in discovered)] == []


def test_every_action_is_checked_somewhere_and_granted_to_someone() -> None:
    used = set().union(*(r.actions for r in ROWS.values()))
    assert used == set(ACTIONS)
    assert set().union(*GRANTS.values()) == set(ACTIONS)


@pytest.mark.parametrize("login", ACCOUNTS)
def test_each_role_is_allowed_exactly_what_the_table_grants(prepared: Database,
                                                            login: str) -> None:
    ids = base_ids(prepared)
    actor = UserInfo(login, login, "admin", None, True, "director")
    problems = [problem for name, entry in ROWS.items()
                if (problem := _outcome(prepared, actor, ids, name, entry)) is not None]
    assert not problems, "\n".join(problems)


def test_the_first_account_of_a_new_base_administers_and_directs(sqlite_db: Database) -> None:
    users.ensure_admin(sqlite_db)
    admin = users.get_user(sqlite_db, "admin")
    assert (admin.role, admin.case_role) == ("admin", "director")
    assert admin.may("user.admin") and admin.may("case.register") and admin.may_see_full_ids
    clerk = users.add_user(sqlite_db, admin, "clerk9", "clerk")
    assert not clerk.may("user.admin") and clerk.may("case.register")
    with pytest.raises(ValidationError, match="办案角色"):
        users.add_user(sqlite_db, admin, "clerk10", "clerk", case_role="director")
    network_admin = users.add_user(sqlite_db, admin, "netadmin", "admin")
    assert not network_admin.may("case.read") and not network_admin.may_see_full_ids
    with pytest.raises(PermissionDenied, match="管理用户账号"):
        users.add_user(sqlite_db, clerk, "evil", "admin")
    users.set_password(sqlite_db, clerk, "clerk9", "Passw0rd2026")
    with pytest.raises(PermissionDenied, match="管理用户账号"):
        users.set_password(sqlite_db, clerk, "admin", "Passw0rd2026")


def test_the_demo_administrator_also_directs_cases(small_demo: Database) -> None:
    admin = users.get_user(small_demo, "admin")
    assert admin.case_role == "director" and admin.may("case.reopen")
    assert queries.count_cases(small_demo, admin) == 60
