"""Migration 0013's triggers bump the version of every month a change can move a count in.

On both databases, through plain SQL (as any writer would): a case inserted,
deleted, or changed in a column the statistics read bumps its received and
closed months, old and new; a change the statistics do not read bumps
nothing; preventions and extensions bump the month their case was closed
in; a new obligation reaches the case through 0011's and 0012's triggers and
bumps it too.  ``forget_report_months`` bumps and clears what a bulk writer
names.  And the guard: every column and table a cached side query reads is
one the triggers watch.
"""

from __future__ import annotations

import importlib.util
from decimal import Decimal
from types import ModuleType
from typing import Any

import pytest
from sqlalchemy import Column, Connection, Table, func, insert, select, text
from sqlalchemy.sql import visitors

from app.reports import case_tables, facts
from app.reports.engine import _side_queries
from app.reports.month_cache import ADDITIVE_SIDES
from app.reports.scope import Network, Resolved
from app.store import schema
from app.store.database import Database
from app.store.models import Agreement, Obligation
from app.store.models.report_cache import ReportMonthCache, ReportMonthVersion
from app.store.report_months import forget_report_months
from tests.reports.hand_base import build


def _migration() -> ModuleType:
    path = schema.MIGRATIONS / "versions" / "0013_report_month_cache.py"
    spec = importlib.util.spec_from_file_location("migration_0013", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _versions(conn: Connection) -> dict[int, int]:
    table = ReportMonthVersion.__table__
    return {int(m): int(v) for m, v in conn.execute(select(table.c.month, table.c.version))}


def _bumped(db: Database, statement: str, **params: Any) -> set[int]:
    """The months whose version ``statement`` raised, once committed (PostgreSQL bumps at
    commit)."""
    with db.engine.begin() as conn:
        before = _versions(conn)
        conn.execute(text(statement), params)
    with db.engine.connect() as conn:
        after = _versions(conn)
    assert all(after.get(m, 0) >= v for m, v in before.items())
    return {m for m, v in after.items() if v > before.get(m, 0)}


@pytest.fixture
def base(db: Database) -> tuple[Database, dict[str, int]]:
    return db, build(db)


def test_case_changes_bump_their_received_and_closed_months(
        base: tuple[Database, dict[str, int]]) -> None:
    db, ids = base
    c4 = ids["c4"]  # received 2026-09-20, closed 2026-10-03
    assert _bumped(db, "UPDATE cases SET category = 'labour' WHERE id = :i", i=c4) == {
        202609, 202610}
    assert _bumped(db, "UPDATE cases SET closed_on = :d WHERE id = :i", d="2026-12-01",
                   i=c4) == {202609, 202610, 202612}
    assert _bumped(db, "UPDATE cases SET current_organisation_id = organisation_id, "
                       "lead_mediator_id = NULL WHERE id = :i", i=c4) == {202609, 202612}
    assert _bumped(db, "UPDATE cases SET facts = 'x', status = 'archived' WHERE id = :i",
                   i=c4) == set()
    assert _bumped(db, "UPDATE cases SET category = category WHERE id = :i", i=c4) == set()
    c9 = ids["c9"]  # received 2026-10-20, running
    assert _bumped(db, "UPDATE cases SET outcome = 'agreed', closed_on = :d WHERE id = :i",
                   d="2027-01-05", i=c9) == {202610, 202701}
    assert _bumped(db, "DELETE FROM cases WHERE id = :i", i=ids["c10"]) == {202608}


def test_preventions_extensions_and_agreements_bump_the_closed_month(
        base: tuple[Database, dict[str, int]]) -> None:
    db, ids = base
    c2 = ids["c2"]  # closed 2026-10-20
    assert _bumped(db, "UPDATE case_preventions SET people = 13 WHERE case_id = :i",
                   i=c2) == {202610}
    assert _bumped(db, "DELETE FROM case_preventions WHERE case_id = :i", i=c2) == {202610}
    assert _bumped(db, "UPDATE deadline_extensions SET reason = 'x' WHERE case_id = :i",
                   i=c2) == set()
    assert _bumped(db, "DELETE FROM deadline_extensions WHERE case_id = :i", i=c2) == {202610}
    assert _bumped(db, "UPDATE case_preventions SET kind = kind WHERE case_id = :i",
                   i=ids["c9"]) == set()
    with db.engine.begin() as conn:
        before = _versions(conn)
        agreement = conn.execute(select(Agreement.id).where(
            Agreement.case_id == ids["c8"])).scalar_one()  # c8 closed 2025-10-20
        conn.execute(insert(Obligation).values(
            agreement_id=agreement, ordinal=9, kind="money", amount=Decimal("5.00"),
            description="赔偿", status="pending", version=1))
        assert conn.execute(text("SELECT agreement_money FROM cases WHERE id = :i"),
                            {"i": ids["c8"]}).scalar() == Decimal("805.00")
    with db.engine.connect() as conn:
        after = _versions(conn)
    assert {m for m, v in after.items() if v > before.get(m, 0)} == {202510}


def test_forgetting_months_bumps_them_and_clears_their_cache(db: Database) -> None:
    cache = ReportMonthCache.__table__
    with db.engine.begin() as conn:
        conn.execute(insert(cache), [
            {"side": "received", "month": m, "query_key": "k", "version": 0, "payload": "[]"}
            for m in (202601, 202602)])
        forget_report_months(conn, [202601])
        assert _versions(conn) == {202601: 1}
        assert conn.execute(select(cache.c.month)).scalars().all() == [202602]
        forget_report_months(conn)
        forget_report_months(conn, [])
        assert _versions(conn) == {0: 1, 202601: 1}
        assert conn.execute(select(func.count()).select_from(cache)).scalar() == 0


def _read(statement: Any) -> set[tuple[str, str]]:
    """Every (table, column) a statement reads, subqueries included."""
    out = set()
    for element in visitors.iterate(statement, {"column_collections": False}):
        if isinstance(element, Column) and isinstance(element.table, Table):
            out.add((element.table.name, element.name))
    return out


def test_every_cached_side_reads_only_what_the_triggers_watch(
        base: tuple[Database, dict[str, int]]) -> None:
    db, _ids = base
    migration = _migration()
    watched = {("cases", c) for c in migration.WATCHED} | {("cases", "id")} | {
        (t, c) for t, cs in migration.CHILDREN.items() for c in cs}
    with db.session() as s:
        network = Network.read(s)
        scope = Resolved("x", frozenset(network.organisations), None)
        layouts = [case_tables.mediation(scope), case_tables.by_organisation(scope, network, None),
                   case_tables.multi_source(scope), case_tables.mediators(s, scope, None)]
    sides = set()
    for layout in layouts:
        for by_key in (True, False):
            for _mine, side, query in _side_queries(layout.table, by_key):
                if side in ADDITIVE_SIDES:
                    sides.add(side)
                    read = _read(query)
                    assert read and read <= watched, (side, sorted(read - watched))
    assert sides == ADDITIVE_SIDES == set(facts.SIDES) - {"visited"}
