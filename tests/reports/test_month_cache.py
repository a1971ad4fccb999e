"""The month cache gives the figures counting gives, however the cases change.

Property test on the demo county, both databases: a report of whole months
is computed (filling the cache), random changes are made through the
services (closing running cases in past months, preventions, payments,
extensions, new cases), and the report computed again from the cache equals
the report counted live with no cache at all, and each of its cells equals
its drill-down.  Then by hand: a changed past month is counted again, a
period that is not whole months keeps nothing, a busy database makes the
report skip storing (never fail or wait), and backups neither carry the
cache nor see it in the base's fingerprint.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from app.domain.errors import DomainError
from app.domain.prevention import PREVENTION_KINDS
from app.reports import month_cache
from app.reports.compute import compute_report, drill_down
from app.reports.model import Period, ReportKind, ReportTable, Scope
from app.services.agreements.agreement import record_application
from app.services.backups import casebase_fingerprint, restore_backup, write_backup
from app.services.cases.intake import register_case
from app.services.mediation.deadlines import extend_deadline
from app.services.mediation.performance import record_performance
from app.services.mediation.preventions import record_preventions
from app.services.mediation.sessions import close_without_agreement
from app.services.security.users import SYSTEM
from app.store.database import Database
from app.store.models import Agreement, Case, Obligation
from app.store.models.report_cache import ReportMonthCache
from tests.reports.hand_base import build
from tests.reports.test_drill_property import _check
from tests.services.fixtures import ADMIN, intake

CASE_KINDS = [k for k in ReportKind if k is not ReportKind.MEETINGS]
WHOLE_MONTHS = st.one_of(
    st.builds(Period.year, st.integers(2024, 2026)),
    st.builds(Period.quarter, st.integers(2025, 2026), st.integers(1, 4)),
    st.builds(Period.month, st.just(2026), st.integers(1, 11)),
)
RUNNING = ("received", "assigned", "in_mediation")
CONCLUDED = ("agreed", "performing", "not_agreed", "withdrawn")


def _live(db: Database, kind: ReportKind, period: Period, scope: Scope) -> ReportTable:
    """The report counted without the cache (every side live, nothing read or stored)."""
    saved = month_cache.ADDITIVE_SIDES
    month_cache.ADDITIVE_SIDES = frozenset()
    try:
        return compute_report(db, SYSTEM, kind, period, scope)
    finally:
        month_cache.ADDITIVE_SIDES = saved


def _cached_rows(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(ReportMonthCache)) or 0)


def _pick(db: Database, query: Any, n: int) -> Any:
    with db.session() as s:
        rows = s.execute(query.order_by(*query.selected_columns[:1])).all()
    return rows[n % len(rows)] if rows else None


def _edit(db: Database, op: int, n: int) -> None:
    """One change through the services, on a case picked by ``n`` (refusals ignored)."""
    edits: list[Callable[[], None]] = []

    def close() -> None:
        row = _pick(db, select(Case.id, Case.received_at).where(Case.status.in_(RUNNING)), n)
        if row is not None:
            on = min(row.received_at.date() + timedelta(days=n % 40), date.today())
            close_without_agreement(db, SYSTEM, row.id, ("not_agreed", "withdrawn")[n % 2],
                                    "双方分歧较大", "litigation" if n % 2 == 0 else None,
                                    on=on, preventions={"criminal": 1 + n % 3})

    def prevent() -> None:
        row = _pick(db, select(Case.id).where(Case.status.in_(CONCLUDED)), n)
        if row is not None:
            kinds = list(PREVENTION_KINDS)
            record_preventions(db, SYSTEM, row.id, {kinds[n % 4]: 1 + n % 5,
                                                    kinds[(n + 1) % 4]: 2})

    def pay() -> None:
        row = _pick(db, select(Obligation.id, Obligation.amount).join(Agreement).where(
            Obligation.kind == "money", Obligation.status != "performed"), n)
        if row is not None:
            record_performance(db, SYSTEM, row.id, date.today(), row.amount or Decimal("1.00"))

    def extend() -> None:
        row = _pick(db, select(Case.id, Case.deadline).where(
            Case.status.in_(RUNNING), Case.deadline.is_not(None)), n)
        if row is not None:
            extend_deadline(db, SYSTEM, row.id, row.deadline + timedelta(days=15), "当事人申请",
                            "主任")

    def confirm() -> None:
        row = _pick(db, select(Case.id, Case.closed_on).where(
            Case.outcome == "agreed", Case.agreement_court_applied == 0), n)
        if row is not None:
            record_application(db, SYSTEM, row.id, "象山县人民法院",
                               row.closed_on + timedelta(days=2))

    def new_case() -> None:
        register_case(db, ADMIN, intake())

    edits = [close, prevent, pay, extend, confirm, new_case]
    with contextlib.suppress(DomainError):
        edits[op % len(edits)]()


def _same(cached: ReportTable, live: ReportTable) -> None:
    assert [(r.key, r.cells) for r in cached.rows] == [(r.key, r.cells) for r in live.rows]
    assert [(c.label, c.cells) for c in cached.comparisons] == [
        (c.label, c.cells) for c in live.comparisons]


@settings(max_examples=3, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(period=WHOLE_MONTHS, kind=st.sampled_from(CASE_KINDS),
       edits=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 10_000)),
                      min_size=2, max_size=5))
def test_cached_cells_equal_live_cells_and_their_drill_downs_after_changes(
        small_demo: Database, period: Period, kind: ReportKind,
        edits: list[tuple[int, int]]) -> None:
    everything = Scope.everything()
    first = compute_report(small_demo, SYSTEM, kind, period, everything)
    _same(first, _live(small_demo, kind, period, everything))
    assert _cached_rows(small_demo) > 0
    for op, n in edits:
        _edit(small_demo, op, n)
    again = compute_report(small_demo, SYSTEM, kind, period, everything)
    _same(again, _live(small_demo, kind, period, everything))
    _check(small_demo, again, period, everything, [0, 7])


@pytest.fixture
def base(db: Database) -> tuple[Database, dict[str, int]]:
    return db, build(db)


def _cell(table: ReportTable, column: str) -> Any:
    return table.total.cells[column]


def test_a_changed_past_month_is_counted_again(base: tuple[Database, dict[str, int]]) -> None:
    db, ids = base
    year = Period.year(2026)
    before = compute_report(db, SYSTEM, ReportKind.MEDIATION, year, Scope.everything())
    stored = _cached_rows(db)
    assert stored > 0
    assert compute_report(db, SYSTEM, ReportKind.MEDIATION, year, Scope.everything()) == before
    assert _cached_rows(db) == stored
    record_preventions(db, SYSTEM, ids["c6"], {"suicide": 2})  # c6 withdrawn on 2026-10-12
    after = compute_report(db, SYSTEM, ReportKind.MEDIATION, year, Scope.everything())
    assert _cell(after, "prevent_suicide") == _cell(before, "prevent_suicide") + 1
    assert _cell(after, "prevent_suicide_people") == _cell(before, "prevent_suicide_people") + 2
    assert _cell(after, "amount") == Decimal("3500.00")  # c1 1000 + 500, c4 2000 (c8 in 2025)
    _same(after, _live(db, ReportKind.MEDIATION, year, Scope.everything()))
    ids_listed = drill_down(db, SYSTEM, ReportKind.MEDIATION, year, Scope.everything(),
                            "total", "prevent_suicide").ids
    assert ids["c6"] in ids_listed and len(ids_listed) == _cell(after, "prevent_suicide")


def test_a_period_of_part_months_is_counted_live_and_keeps_nothing(
        base: tuple[Database, dict[str, int]]) -> None:
    db, _ids = base
    days = Period(date(2026, 10, 1), date(2026, 10, 15))
    table = compute_report(db, SYSTEM, ReportKind.MEDIATION, days, Scope.everything())
    assert _cell(table, "received") == 5  # c1 c2 c3 c6 c7 (c5 refused)
    with db.session() as s:
        months = set(s.scalars(select(ReportMonthCache.month)))
    assert not months  # nor are its 环比 (the 15 days before) and 同比 whole months


def test_a_busy_database_gets_its_report_without_the_cache_being_stored(
        sqlite_db: Database) -> None:
    """SQLite only: its single write lock is what keeps the cache from being stored."""
    db = sqlite_db
    build(db)
    october = Period.month(2026, 10)
    other = Database(db.url)
    try:
        with other.session(write=True) as holder:  # holds the write lock (BEGIN IMMEDIATE)
            started = time.monotonic()
            table = compute_report(db, SYSTEM, ReportKind.MEDIATION, october, Scope.everything())
            assert time.monotonic() - started < 5  # not the 30 s a writer would wait
            holder.rollback()
    finally:
        other.dispose()
    assert _cell(table, "received") == 6 and _cached_rows(db) == 0
    assert compute_report(db, SYSTEM, ReportKind.MEDIATION, october,
                          Scope.everything()) == table
    assert _cached_rows(db) > 0


def test_backups_leave_the_cache_out(base: tuple[Database, dict[str, int]],
                                     tmp_path: Path) -> None:
    db, _ids = base
    before = casebase_fingerprint(db, ADMIN)
    table = compute_report(db, SYSTEM, ReportKind.MEDIATION, Period.year(2026),
                           Scope.everything())
    assert _cached_rows(db) > 0 and casebase_fingerprint(db, ADMIN) == before
    report = write_backup(db, ADMIN, tmp_path / "base.tjbak")
    assert {"report_month_cache", "report_month_versions"}.isdisjoint(
        t.name for t in report.manifest.tables)
    target_url = f"sqlite:///{tmp_path / 'restored.db'}"
    restore_backup(report.path, target_url, None)
    target = Database(target_url)
    try:
        with target.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM report_month_cache")).scalar() == 0
            assert conn.execute(text("SELECT count(*) FROM report_month_versions")).scalar() == 0
        restored = compute_report(target, SYSTEM, ReportKind.MEDIATION, Period.year(2026),
                                  Scope.everything())
        _same(restored, table)
    finally:
        target.dispose()
