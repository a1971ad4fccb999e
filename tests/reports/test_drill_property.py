"""On the demo county: every cell equals the number of records its drill-down lists.

For random periods (a month, a quarter, a year, any from–to) and random
scopes the user may pick, on both databases: each count cell of the 合计
and subtotal lines equals the length of its drill-down, detail lines add up
to 合计 (counts, people, money), and in every count column the detail lines'
records are disjoint and together are exactly the 合计's — a case is counted
once per table.  Detail lines are sampled (the by-organisation table has
hundreds of them); zero lines are checked to list nothing.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.reports.compute import compute_report, drill_down, scopes_for
from app.reports.model import Period, ReportKind, ReportTable, Scope
from app.services.security.users import SYSTEM
from app.store.database import Database

PERIODS = st.one_of(
    st.builds(Period.month, st.integers(2024, 2026), st.integers(1, 12)),
    st.builds(Period.quarter, st.integers(2024, 2026), st.integers(1, 4)),
    st.builds(Period.year, st.integers(2024, 2026)),
    st.builds(lambda start, days: Period(start, start + timedelta(days=days)),
              st.dates(date(2024, 1, 1), date(2026, 11, 30)), st.integers(0, 200)),
)


def _check(db: Database, table: ReportTable, period: Period, scope: Scope,
           sample: list[int], cap: int = 5) -> None:
    details = [r for r in table.rows if r.level == 2]
    for column in table.columns:
        if column.kind not in ("count", "people", "money"):
            continue
        if table.rows[0].level == 0 and details and all(
                r.level in (0, 2) for r in table.rows):
            added = sum(Decimal(r.cells[column.key] or 0) for r in details)
            assert added == Decimal(table.total.cells[column.key] or 0), (table.kind, column.key)
        if not column.counts_cases:
            continue
        listed: dict[str, tuple[int, ...]] = {}
        picked = [r for r in table.rows if r.level < 2] + [
            details[i % len(details)] for i in sample if details]
        picked += [r for r in details if r.cells[column.key]][:cap]
        for row in {r.key: r for r in picked}.values():
            ids = drill_down(db, SYSTEM, table.kind, period, scope, row.key, column.key).ids
            assert len(ids) == row.cells[column.key], (table.kind, row.key, column.key)
            assert len(set(ids)) == len(ids)
            listed[row.key] = ids
        nonzero = [r for r in details if r.cells[column.key]]
        if all(r.key in listed for r in nonzero):
            union = [i for r in nonzero for i in listed[r.key]]
            assert sorted(union) == sorted(listed[table.total.key]), (table.kind, column.key)


@settings(max_examples=3, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(period=PERIODS, pick=st.integers(0, 10_000), kind=st.sampled_from(list(ReportKind)),
       sample=st.lists(st.integers(0, 10_000), min_size=2, max_size=4))
def test_every_cell_is_its_drill_down(small_demo: Database, period: Period, pick: int,
                                      kind: ReportKind, sample: list[int]) -> None:
    choices = scopes_for(small_demo, SYSTEM)
    scope = choices[pick % len(choices)].scope if pick % 3 else Scope.everything()
    table = compute_report(small_demo, SYSTEM, kind, period, scope)
    assert table.rows and table.columns, (kind, period)
    _check(small_demo, table, period, scope, sample)
    for part in table.parts:
        _check(small_demo, part, period, scope, sample)


def test_the_demo_quarter_is_not_empty_and_each_kind_drills(small_demo: Database) -> None:
    quarter = Period.quarter(2026, 3)
    for kind in ReportKind:
        table = compute_report(small_demo, SYSTEM, kind, quarter, Scope.everything())
        assert not table.empty, kind
        _check(small_demo, table, quarter, Scope.everything(), [], cap=2)
