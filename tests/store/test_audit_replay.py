"""``verify --deep``: every row accounted for by the trail, or named with its fields."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select, text

from app.services.uow import UnitOfWork
from app.store.audit_replay import Replay, RowFinding, replay
from app.store.database import Database
from app.store.models import Case, Mediator, Organisation, Region
from app.store.numbering import next_case_seq
from tests.services.fixtures import acting
from tests.store.test_audit_chain import entries, tamper

SEEDED_RULES = 18
"""Deadline and routing rules migration 0003 writes into every case base (no after-image)."""


def _deep(db: Database) -> Replay:
    with db.engine.connect() as conn:
        return replay(conn)


def _county(db: Database) -> tuple[int, int, int]:
    """A region, two organisations, a mediator of the first, a case: ids of org, mediator, case."""
    with UnitOfWork(db, acting("alice")) as uow:
        s = uow.session
        region = Region(code="330225", name="象山县", level="county")
        s.add(region)
        s.flush()
        first = Organisation(code="XS-ZX", name="象山县调处中心", short_name="象",
                             kind="county_centre", region_id=region.id)
        second = Organisation(code="DC-TW", name="墙头镇调委会", short_name="墙",
                              kind="town_committee", region_id=region.id)
        s.add_all([first, second])
        s.flush()
        mediator = Mediator(name="王调解", organisations=[first])
        seq = next_case_seq(s.connection(), first.id, 2026)
        case = Case(number=f"（2026）象调字第{seq:04d}号", year=2026, seq=seq, source="walk_in",
                    category="neighbour", facts="排水沟纠纷", amount=Decimal("12000.00"),
                    received_at=datetime(2026, 11, 23, 9, 30, 15, 250000),
                    deadline=date(2026, 12, 23), organisation_id=first.id)
        s.add_all([mediator, case])
        uow.commit()
        return first.id, mediator.id, case.id


def test_rows_written_by_the_program_replay_clean(db: Database) -> None:
    _county(db)
    result = _deep(db)
    assert result.findings == ()
    assert result.rows == 7 and result.unchecked == {"baseline": SEEDED_RULES}


def test_direct_sql_update_of_a_case_is_named(db: Database) -> None:
    _org, _mediator, case_id = _county(db)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE cases SET status = 'closed', amount = 1 WHERE id = :id"),
                     {"id": case_id})
    assert _deep(db).findings == (
        RowFinding("cases", str(case_id), "changed", ("amount", "status")),)


def test_audited_update_then_direct_sql_update(db: Database) -> None:
    _org, _mediator, case_id = _county(db)
    with UnitOfWork(db, acting("bob")) as uow:
        case = uow.session.get(Case, case_id)
        assert case is not None
        case.status = "assigned"
        uow.commit()
    assert _deep(db).findings == ()
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE cases SET status = 'received' WHERE id = :id"), {"id": case_id})
    assert _deep(db).findings == (RowFinding("cases", str(case_id), "changed", ("status",)),)


def test_rows_inserted_or_deleted_behind_the_program_are_named(db: Database) -> None:
    _org, _mediator, case_id = _county(db)
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO regions (code, name, level, version) "
                          "VALUES ('999', '伪村', 'village', 1)"))
        new_id = conn.execute(text("SELECT id FROM regions WHERE code = '999'")).scalar()
        conn.execute(text("DELETE FROM cases WHERE id = :id"), {"id": case_id})
    assert set(_deep(db).findings) == {
        RowFinding("regions", str(new_id), "unaudited"),
        RowFinding("cases", str(case_id), "missing"),
    }


def test_link_rows_are_audited_and_replayed(db: Database) -> None:
    first, mediator_id, _case = _county(db)
    with UnitOfWork(db, acting("bob")) as uow:
        second = uow.session.execute(
            select(Organisation).where(Organisation.code == "DC-TW")).scalar_one()
        mediator = uow.session.get(Mediator, mediator_id)
        assert mediator is not None
        mediator.organisations = [second]
        uow.commit()
    links = [(e.action, e.entity_id) for e in entries(db) if e.entity == "mediator_organisations"]
    assert links == [("insert", mediator_id), ("insert", mediator_id), ("delete", mediator_id)]
    assert _deep(db).findings == ()
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO mediator_organisations VALUES (:m, :o)"),
                     {"m": mediator_id, "o": first})
        conn.execute(text("DELETE FROM mediator_organisations WHERE organisation_id = :o"),
                     {"o": second.id})
    assert set(_deep(db).findings) == {
        RowFinding("mediator_organisations", f"mediator_id={mediator_id}, organisation_id={first}",
                   "unaudited"),
        RowFinding("mediator_organisations",
                   f"mediator_id={mediator_id}, organisation_id={second.id}", "missing"),
    }


def test_deleting_a_linked_mediator_audits_its_links(db: Database) -> None:
    _first, mediator_id, _case = _county(db)
    with UnitOfWork(db, acting("bob")) as uow:
        mediator = uow.session.get(Mediator, mediator_id)
        uow.session.delete(mediator)
        uow.commit()
    assert [e.action for e in entries(db) if e.entity == "mediator_organisations"] == [
        "insert", "delete"]
    assert _deep(db).findings == ()


def test_case_number_counter_is_audited(db: Database) -> None:
    org_id, _mediator, _case = _county(db)
    with UnitOfWork(db, acting("bob")) as uow:
        assert next_case_seq(uow.session.connection(), org_id, 2026) == 2
        uow.commit()
    counters = [(e.action, e.after) for e in entries(db) if e.entity == "case_number_counters"]
    assert [a for a, _after in counters] == ["insert", "update"]
    assert '"last_seq": 2' in counters[1][1]
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE case_number_counters SET last_seq = 1"))
    (finding,) = _deep(db).findings
    assert (finding.table, finding.kind, finding.fields) == (
        "case_number_counters", "changed", ("last_seq",))


def test_demo_rows_count_as_generated_and_their_deletion_is_found(small_demo: Database) -> None:
    result = _deep(small_demo)
    assert result.findings == ()
    assert result.unchecked["demo"] > 1000 and result.rows == 0
    with small_demo.engine.begin() as conn:
        conn.execute(text("DELETE FROM followups WHERE id = 3"))
    assert _deep(small_demo).findings == (RowFinding("followups", "3", "missing"),)


def test_audit_tables_themselves_are_not_replayed(db: Database) -> None:
    _county(db)
    tamper(db, lambda conn: conn.execute(text("DELETE FROM audit_heads WHERE chain <> 'base'")))
    assert _deep(db).findings == ()
