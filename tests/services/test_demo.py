"""The demo generator writes a valid, complete, reproducible county, or nothing at all."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import bindparam, func, select, text

from app.demo import words
from app.demo.generator import DemoCancelled, DemoSummary, generate_demo
from app.domain.case_number import DEFAULT_PATTERN, format_case_number
from app.domain.codes import CATEGORIES, ORG_KINDS, SOURCES
from app.domain.creditcode import parse_credit_code
from app.domain.errors import ValidationError
from app.domain.idnumber import parse_id_number
from app.domain.phone import parse_phone
from app.domain.workflow import CaseStatus
from app.services.cases.intake import initials_of
from app.services.security.users import ensure_admin
from app.services.uow import UnitOfWork
from app.store import models as m
from app.store import search
from app.store.audit_log import verify_chain
from app.store.database import Database
from tests.services.fixtures import acting
from tests.support.templates import MIGRATED, SqliteTemplates, private_copy

TODAY = date(2026, 11, 23)
CASES = 300
WITH_TEST_ACCOUNTS = False
"""The demo fills the accounts table itself (tests/services/conftest.py)."""


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def demo(request: pytest.FixtureRequest) -> Iterator[tuple[Database, DemoSummary]]:
    """One generated case base per backend, shared by the read-only checks of this module."""
    database = Database(private_copy(request, MIGRATED, str(request.param)))
    summary = generate_demo(database, CASES, seed=7, today=TODAY)
    yield database, summary
    database.dispose()


def _rows(database: Database, *columns: Any) -> list[Any]:
    with database.engine.connect() as conn:
        return list(conn.execute(select(*columns)).all())


def test_counts_returned_match_the_database(demo: tuple[Database, DemoSummary]) -> None:
    database, summary = demo
    with database.engine.connect() as conn:
        for table, written in summary.as_dict().items():
            stored = conn.execute(
                select(func.count()).select_from(m.Base.metadata.tables[table])
            ).scalar()
            assert stored == written, table
    assert summary.cases == CASES
    assert 1.8 * CASES < summary.parties < 2.6 * CASES


def test_every_code_occurs(demo: tuple[Database, DemoSummary]) -> None:
    database, _summary = demo
    cases = _rows(database, m.Case.category, m.Case.source, m.Case.status)
    assert {c.category for c in cases} == set(CATEGORIES)
    assert {c.source for c in cases} == set(SOURCES)
    assert {c.status for c in cases} == {s.value for s in CaseStatus}
    assert {o.kind for o in _rows(database, m.Organisation.kind)} == set(ORG_KINDS)
    levels = Counter(r.level for r in _rows(database, m.Region.level))
    assert levels["city"] == 1 and levels["county"] == 1 and levels["town"] == len(words.TOWNS)
    assert levels["grid"] >= 2 * levels["village"] >= 2 * 15 * levels["town"]


def test_region_codes_nest(demo: tuple[Database, DemoSummary]) -> None:
    database, _summary = demo
    regions = {r.id: r for r in _rows(database, m.Region.id, m.Region.code, m.Region.level,
                                      m.Region.parent_id)}
    lengths = {"city": 6, "county": 6, "town": 12, "village": 12, "grid": 15}
    for region in regions.values():
        assert len(region.code) == lengths[region.level] and region.code.isdigit()
        if region.level in ("village", "grid"):
            parent = regions[region.parent_id]
            assert region.code.startswith(parent.code[:9 if region.level == "village" else 12])
    assert any(r.code == "330225103201" and r.level == "village" for r in regions.values())


def test_identity_numbers_credit_codes_and_phones_validate(
    demo: tuple[Database, DemoSummary],
) -> None:
    database, _summary = demo
    parties = _rows(database, m.Party)
    persons = [p for p in parties if p.kind == "person"]
    organisations = [p for p in parties if p.kind == "organisation"]
    assert 0.04 < len(organisations) / len(parties) < 0.16
    for party in persons:
        parsed = parse_id_number(party.id_number, today=TODAY)
        assert parsed.region_code == "330225"
        assert (parsed.gender, parsed.birth_date) == (party.gender, party.birth_date)
        assert 18 <= parsed.age_on(TODAY) <= 92
    assert len({p.id_number for p in persons}) == len(persons)
    for party in organisations:
        assert parse_credit_code(party.credit_code) == party.credit_code
        assert party.legal_representative
    assert len({p.credit_code for p in organisations}) == len(organisations)
    for mediator in _rows(database, m.Mediator):
        parsed = parse_id_number(mediator.id_number, today=TODAY)
        assert parsed.gender == mediator.gender
    phones = [p.phone for p in parties]
    phones += [r.phone for r in _rows(database, m.Mediator.phone)]
    phones += [r.phone for r in _rows(database, m.Organisation.phone)]
    phones += [r.phone for r in _rows(database, m.RosterMember.phone)]
    for phone in phones:
        assert parse_phone(phone) == phone
    mobiles = [p for p in phones if not p.startswith("0")]
    assert len(set(mobiles)) == len(mobiles)


def test_name_initials_are_stored_as_the_intake_stores_them(
    demo: tuple[Database, DemoSummary],
) -> None:
    database, _summary = demo
    for party in _rows(database, m.Party.name, m.Party.name_initials):
        assert party.name_initials == initials_of(party.name), party.name


def _stored_docs(database: Database, kind: search.Kind, ids: list[int]) -> dict[int, Any]:
    with database.engine.connect() as conn:
        if database.backend == "sqlite":
            rows = conn.execute(text(
                f"SELECT t.rowid, t.body, s.terms FROM search_{kind}_text t "
                f"JOIN search_{kind}_terms s ON s.rowid = t.rowid WHERE t.rowid IN :ids"
            ).bindparams(bindparam("ids", expanding=True)), {"ids": ids}).all()
            return {r[0]: (set(r[1].split(search.SEPARATOR)), set(r[2].split())) for r in rows}
        rows = conn.execute(text(
            f"SELECT ref_id, body, terms FROM search_{kind} WHERE ref_id IN :ids"
        ).bindparams(bindparam("ids", expanding=True)), {"ids": ids}).all()
        return {r[0]: (set(r[1].split(search.SEPARATOR)), set(r[2])) for r in rows}


def test_search_index_holds_every_case_and_party(demo: tuple[Database, DemoSummary]) -> None:
    database, summary = demo
    with database.engine.connect() as conn:
        case_ids = list(range(1, summary.cases + 1, 7))
        party_ids = list(range(1, summary.parties + 1, 7))
        expected = {d.ref_id: (set(d.body.split(search.SEPARATOR)), set(d.terms))
                    for d in search.case_docs(conn, case_ids)}
        assert _stored_docs(database, "case", case_ids) == expected
        expected = {d.ref_id: (set(d.body.split(search.SEPARATOR)), set(d.terms))
                    for d in search.party_docs(conn, party_ids)}
        assert _stored_docs(database, "party", party_ids) == expected
        case = conn.execute(select(m.Case.id, m.Case.number).limit(1)).one()
        assert case.id in search.find(conn, "case", case.number)
        party = conn.execute(select(m.Party.id, m.Party.name, m.Party.name_initials)
                             .where(m.Party.kind == "person").limit(1)).one()
        assert party.id in search.find(conn, "party", party.name)
        assert party.id in search.find(conn, "party", party.name_initials.split()[0], 1000)


def test_case_numbers_run_without_gaps_and_match_the_counters(
    demo: tuple[Database, DemoSummary],
) -> None:
    database, _summary = demo
    orgs = {o.id: o for o in _rows(database, m.Organisation)}
    cases = _rows(database, m.Case.number, m.Case.organisation_id, m.Case.year, m.Case.seq,
                  m.Case.received_at)
    assert len({c.number for c in cases}) == len(cases)
    seqs: dict[tuple[int, int], list[int]] = defaultdict(list)
    for case in cases:
        org = orgs[case.organisation_id]
        assert case.year == case.received_at.year
        assert case.number == format_case_number(
            org.case_number_pattern or DEFAULT_PATTERN, case.year, org.short_name, case.seq
        )
        seqs[case.organisation_id, case.year].append(case.seq)
    counters = {(c.organisation_id, c.year): c.last_seq
                for c in _rows(database, m.CaseNumberCounter)}
    assert counters.keys() == seqs.keys()
    for key, numbers in seqs.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1))
        assert counters[key] == len(numbers)
    centre = next(o for o in orgs.values() if o.kind == "county_centre")
    assert (centre.code, centre.short_name) == ("XS-ZX", "象调")
    assert [o.case_number_pattern for o in orgs.values() if o.case_number_pattern] == [
        centre.case_number_pattern
    ]


def test_history_matches_each_status(demo: tuple[Database, DemoSummary]) -> None:
    database, _summary = demo
    cases = {c.id: c for c in _rows(database, m.Case)}
    agreements = {a.case_id: a for a in _rows(database, m.Agreement)}
    obligations = Counter(o.agreement_id for o in _rows(database, m.Obligation.agreement_id))
    followed = {f.case_id for f in _rows(database, m.FollowUp.case_id)}
    members = {(r.mediator_id, r.organisation_id)
               for r in _rows(database, m.mediator_organisations.c.mediator_id,
                              m.mediator_organisations.c.organisation_id)}
    extended = {x.case_id: x for x in _rows(database, m.DeadlineExtension)}
    for case in cases.values():
        received = case.received_at.date()
        assert received <= TODAY
        first = received + timedelta(days=15 if case.source == "court_entrusted" else 30)
        if case.id in extended:
            extension = extended[case.id]
            assert extension.old_deadline == first < extension.new_deadline == case.deadline
            assert extension.reason and extension.approved_by
        else:
            assert case.deadline == first
        status = CaseStatus(case.status)
        if status in (CaseStatus.RECEIVED, CaseStatus.ASSIGNED, CaseStatus.IN_MEDIATION):
            assert case.closed_on is None and case.outcome is None
        else:
            assert received <= case.closed_on <= TODAY
        if status in (CaseStatus.RECEIVED, CaseStatus.REFUSED):
            assert case.lead_mediator_id is None
        elif status not in (CaseStatus.REFERRED_OUT, CaseStatus.ARCHIVED):
            assert case.lead_mediator_id is not None
        if case.lead_mediator_id is not None:
            assert (case.lead_mediator_id, case.current_organisation_id) in members
        settled = status in (CaseStatus.AGREED, CaseStatus.PERFORMING, CaseStatus.FOLLOWED_UP) or (
            status == CaseStatus.ARCHIVED and case.outcome == "agreed")
        assert (case.id in agreements) == settled
        if settled:
            agreement = agreements[case.id]
            assert 1 <= obligations[agreement.id] <= 3
            assert agreement.number == case.number
            assert agreement.effective_on == case.closed_on
        if status in (CaseStatus.FOLLOWED_UP, CaseStatus.ARCHIVED) and settled:
            assert case.id in followed
        assert (case.archive_number is not None) == (status == CaseStatus.ARCHIVED)
        assert (case.refusal_reason is not None) == (case.outcome == "refused")
    money = [o for o in _rows(database, m.Obligation) if o.kind == "money"]
    assert money and all(o.amount > 0 and o.debtor_party_id for o in money)
    forms = Counter(a.form for a in agreements.values())
    assert forms["written"] > forms["oral"] > 0
    rulings = [j.ruling_number for j in _rows(database, m.JudicialConfirmation)
               if j.ruling_number]
    assert rulings and all("浙0225民特" in r for r in rulings)
    assert len(set(rulings)) == len(rulings)


def test_case_parties_link_agents_to_whom_they_represent(
    demo: tuple[Database, DemoSummary],
) -> None:
    database, _summary = demo
    rows = {r.id: r for r in _rows(database, m.CaseParty)}
    roles = Counter(r.role for r in rows.values())
    assert roles["applicant"] >= CASES and roles["respondent"] >= CASES
    assert roles["third_party"] > 0 and roles["agent"] > 0
    for row in rows.values():
        if row.role == "agent":
            represented = rows[row.represents_id]
            assert represented.case_id == row.case_id and represented.role != "agent"
            assert row.relation
    appearances = Counter((r.party_id, r.case_id) for r in rows.values())
    cases_per_party = Counter(party for party, _case in appearances)
    assert any(count >= 2 for count in cases_per_party.values())


def test_meetings_cover_every_stage(demo: tuple[Database, DemoSummary]) -> None:
    database, _summary = demo
    items = _rows(database, m.MeetingItem.stage, m.MeetingItem.case_id)
    assert {i.stage for i in items} == {"raised", "discussed", "in_progress", "done",
                                        "evaluated"}
    assert any(i.case_id for i in items)
    villages = {r.village_id for r in _rows(database, m.Meeting.village_id)}
    assert 8 <= len(villages) <= 12


def test_users_include_the_administrator(demo: tuple[Database, DemoSummary]) -> None:
    database, _summary = demo
    users = {u.login: u for u in _rows(database, m.User)}
    assert users["admin"].role == "admin" and users["admin"].display_name == "系统管理员"
    assert {u.role for u in users.values()} >= {"clerk", "mediator", "village_official"}


def test_audit_chain_holds_one_entry_for_the_run(demo: tuple[Database, DemoSummary]) -> None:
    database, summary = demo
    with database.engine.connect() as conn:
        checked, broken = verify_chain(conn)
    assert broken is None and checked == 1
    (entry,) = _rows(database, m.AuditEntry)
    assert (entry.action, entry.entity, entry.entity_id) == ("demo", "database", None)
    assert f'"cases": {summary.cases}' in entry.after


def test_a_second_run_is_refused(demo: tuple[Database, DemoSummary]) -> None:
    database, summary = demo
    with pytest.raises(ValidationError):
        generate_demo(database, 10)
    assert len(_rows(database, m.Case.id)) == summary.cases


def test_cancelling_rolls_everything_back(db: Database) -> None:
    calls: list[tuple[int, int]] = []

    def stop(done: int, total: int) -> bool:
        calls.append((done, total))
        return False

    with pytest.raises(DemoCancelled):
        generate_demo(db, 80, progress=stop)
    assert calls == [(80, 80)]
    for table in (m.Case, m.Region, m.Organisation, m.Party, m.User, m.AuditEntry):
        assert _rows(db, table.id) == [], table.__tablename__


def test_later_inserts_get_fresh_ids(db: Database) -> None:
    generate_demo(db, 60)
    last_region = max(r.id for r in _rows(db, m.Region.id))
    last_party = max(r.id for r in _rows(db, m.Party.id))
    with UnitOfWork(db, acting("tester")) as uow:
        region = m.Region(code="330225999999", name="测试村", level="village")
        party = m.Party(kind="person", name="张三", name_initials="zs")
        uow.session.add_all([region, party])
        uow.commit()
    assert (region.id, party.id) == (last_region + 1, last_party + 1)


def test_fills_a_database_opened_for_first_start(sqlite_db: Database) -> None:
    ensure_admin(sqlite_db)
    generate_demo(sqlite_db, 120)
    assert [u.login for u in _rows(sqlite_db, m.User.login)].count("admin") == 1
    with sqlite_db.engine.connect() as conn:
        assert verify_chain(conn) == (2, None)
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def _snapshot(url: str, seed: int) -> list[tuple[Any, ...]]:
    database = Database(url)
    generate_demo(database, 100, seed=seed, today=TODAY)
    rows = [tuple(r) for r in _rows(database, m.Case.number, m.Case.facts, m.Case.status)]
    rows += [tuple(r) for r in _rows(database, m.Party.name, m.Party.id_number)]
    rows += [tuple(r) for r in _rows(database, m.Agreement.terms, m.Agreement.signed_on)]
    database.dispose()
    return rows


def test_a_seed_names_one_data_set(sqlite_templates: SqliteTemplates, tmp_path: Path) -> None:
    first = _snapshot(sqlite_templates.copy(MIGRATED, tmp_path / "a.db"), seed=3)
    assert _snapshot(sqlite_templates.copy(MIGRATED, tmp_path / "b.db"), seed=3) == first
    assert _snapshot(sqlite_templates.copy(MIGRATED, tmp_path / "c.db"), seed=4) != first


def test_every_category_has_usable_templates() -> None:
    assert set(words.CATEGORY_TEXTS) == set(CATEGORIES)
    slots = {"a": "甲", "b": "乙", "place": "村", "town": "镇", "when": "2025年3月",
             "amount": "1万元", "x": "事", "n": 9, "years": 5, "small": 30, "brand": "牌"}
    for category, texts in words.CATEGORY_TEXTS.items():
        assert len(texts.templates) >= 3, category
        assert any("{amount}" not in t.text for t in texts.templates), category
        for template in texts.templates:
            who = template.respondent
            assert who in ("person", "any") or who in words.ORG_PARTY_PATTERNS
            assert 2 <= template.text.format_map(slots).count("。") <= 4, template.text
            assert template.topics and template.claims and template.terms
            if "{amount}" not in template.text:
                assert any("{amount}" not in c for c in template.claims), template.text
            for line in (*template.claims, *template.terms):
                line.format_map(slots)


def test_meeting_item_categories_are_known(sqlite_db: Database) -> None:
    """Demo matters use only categories the meeting services accept."""
    from app.domain.meeting_codes import ITEM_CATEGORIES
    from app.store.models import MeetingItem

    generate_demo(sqlite_db, cases=120, seed=5)
    with sqlite_db.session() as s:
        used = set(s.execute(select(MeetingItem.category).distinct()).scalars())
    assert used and used <= set(ITEM_CATEGORIES)
