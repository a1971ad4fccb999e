"""Every cell of every report on the hand-built base equals a count written out by hand.

The base is tests/reports/hand_base.py; the period is October 2026.  Each
expected figure names the cases it counts (c1…c10) in a comment.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.reports.compute import compute_report, drill_down
from app.reports.model import Cell, Period, ReportKind, ReportTable, Scope
from app.services.security.users import SYSTEM, UserInfo
from app.store.database import Database
from tests.reports.hand_base import TOWN_A, build

OCTOBER = Period.month(2026, 10)
CLERK_A = UserInfo("clerk_town_a", "", "clerk", None, True)
ZERO_PREVENTION = {f"prevent_{k}{p}": 0 for k in ("group_fight", "suicide")
                   for p in ("", "_people")}


@pytest.fixture
def base(db: Database) -> tuple[Database, dict[str, int]]:
    return db, build(db)


def _row(table: ReportTable, key: str) -> dict[str, Cell]:
    return next(r.cells for r in table.rows if r.key == key)


def _expect(table: ReportTable, key: str, expected: dict[str, Cell]) -> None:
    """The row has ``expected`` and zero / no figure in every other column."""
    cells = _row(table, key)
    for column in table.columns:
        want = expected.get(column.key)
        if want is None and column.kind in ("count", "people"):
            want = 0
        if want is None and column.kind == "money":
            want = Decimal("0.00")
        assert cells[column.key] == want, (key, column.key)


def test_the_mediation_table_by_category(base: tuple[Database, dict[str, int]]) -> None:
    db, ids = base
    table = compute_report(db, SYSTEM, ReportKind.MEDIATION, OCTOBER, Scope.everything())
    assert table.scope_label == "象山县" and table.period_label == "2026年10月"
    _expect(table, "total", {
        "received": 6,  # c1 c2 c3 c6 c7 c9 (c5 refused, c4 received in September)
        "received_proactive": 3,  # c2 proactive, c6 grid report, c9 村民说事
        "received_application": 2,  # c1 c7 walk-in
        "received_referral": 1,  # c3 court pre-filing
        "succeeded": 2,  # c1 c4 (c3 concluded in November)
        "success_rate": Decimal("0.6667"),  # 2 / (2 + 1)
        "not_agreed": 1, "withdrawn": 1, "referred_out": 1,  # c2, c6, c7
        "written": 1, "oral": 1,  # c1, c4
        "amount": Decimal("3500.00"),  # c1 1000 + 500, c4 2000
        "performed": 1, "partial": 1,  # c1, c4
        "confirmation_applied": 2, "confirmation_valid": 1, "confirmation_rejected": 1,
        "prevent_criminal": 1, "prevent_criminal_people": 3,  # c1
        "prevent_group_petition": 1, "prevent_group_petition_people": 12,  # c2
    })
    _expect(table, "neighbour", {
        "received": 4, "received_proactive": 3, "received_application": 1,  # c1 c2 c6 c9
        "succeeded": 1, "success_rate": Decimal("0.5000"), "not_agreed": 1, "withdrawn": 1,
        "written": 1, "amount": Decimal("1500.00"), "performed": 1,
        "confirmation_applied": 1, "confirmation_valid": 1,
        "prevent_criminal": 1, "prevent_criminal_people": 3,
        "prevent_group_petition": 1, "prevent_group_petition_people": 12,
    })
    _expect(table, "marriage_family", {"received": 1, "received_referral": 1})  # c3
    _expect(table, "contract", {  # c4
        "succeeded": 1, "success_rate": Decimal("1.0000"), "oral": 1,
        "amount": Decimal("2000.00"), "partial": 1, "confirmation_applied": 1,
        "confirmation_rejected": 1})
    _expect(table, "other", {"received": 1, "received_application": 1,
                             "referred_out": 1})  # c7, category not in the list
    _expect(table, "damages", {})  # c5 was refused at intake
    previous, last_year = table.comparisons
    assert previous.period == Period.month(2026, 9) and last_year.period == Period.month(2025, 10)
    assert previous.cells["received"] == 1 and previous.cells["received_referral"] == 1  # c4
    assert last_year.cells["received"] == last_year.cells["succeeded"] == 1  # c8
    assert last_year.cells["amount"] == Decimal("800.00")
    assert not table.empty
    drilled = drill_down(db, SYSTEM, ReportKind.MEDIATION, OCTOBER, Scope.everything(),
                         "neighbour", "succeeded")
    assert drilled.case_ids == (ids["c1"],)
    assert drill_down(db, SYSTEM, ReportKind.MEDIATION, OCTOBER, Scope.everything(), "total",
                      "received_proactive").case_ids == (ids["c2"], ids["c6"], ids["c9"])


def test_the_table_by_organisation_and_settlement_level(
        base: tuple[Database, dict[str, int]]) -> None:
    db, ids = base
    table = compute_report(db, SYSTEM, ReportKind.BY_ORGANISATION, OCTOBER, Scope.everything())
    assert [r.key for r in table.rows] == [
        "total", "level:county", "org:XS-ZX", "level:town", "org:DC-TW", "org:XZ-TW",
        "level:village", "org:V-A1", "level:professional", "org:PRO-1"]
    level = {k: _row(table, k) for k in ("level:county", "level:town", "level:village",
                                         "level:professional")}
    assert [c["received"] for c in level.values()] == [1, 3, 2, 0]  # c3 | c2 c7 c6 | c1 c9
    assert [c["succeeded"] for c in level.values()] == [0, 0, 1, 1]  # c1 village, c4 prof.
    assert [c["settled_share"] for c in level.values()] == [
        Decimal(0), Decimal(0), Decimal("0.5000"), Decimal("0.5000")]
    assert _row(table, "org:DC-TW")["received"] == 2 and _row(table, "org:DC-TW")[
        "not_agreed"] == 1  # c2 c7
    assert any("100.0%" in note for note in table.footnotes)  # both settled below the county
    assert drill_down(db, SYSTEM, ReportKind.BY_ORGANISATION, OCTOBER, Scope.everything(),
                      "level:town", "received").case_ids == (ids["c2"], ids["c6"], ids["c7"])


def test_the_multi_source_table_with_timeliness_and_channels(
        base: tuple[Database, dict[str, int]]) -> None:
    db, ids = base
    table = compute_report(db, SYSTEM, ReportKind.MULTI_SOURCE, OCTOBER, Scope.everything())
    _expect(table, "total", {
        "received": 6, "concluded": 5,  # c1 c2 c4 c6 c7
        "succeeded": 2, "success_rate": Decimal("0.6667"), "not_agreed": 1, "withdrawn": 1,
        "referred_out": 1, "median_days": Decimal("5.0"),  # days 3 3 5 13 14
        "p90_days": Decimal(14), "overdue": 1, "extended": 1})  # c2
    _expect(table, "people", {  # c1 c2 c6 c7 c9 (no type: people's mediation)
        "received": 5, "concluded": 4, "succeeded": 1, "success_rate": Decimal("0.5000"),
        "not_agreed": 1, "withdrawn": 1, "referred_out": 1, "median_days": Decimal("4.0"),
        "p90_days": Decimal(14), "overdue": 1, "extended": 1})
    _expect(table, "judicial", {"received": 1})  # c3
    _expect(table, "professional", {"concluded": 1, "succeeded": 1,  # c4, 13 days
                                    "success_rate": Decimal("1.0000"),
                                    "median_days": Decimal("13.0"), "p90_days": Decimal(13)})
    (channels,) = table.parts
    rows = {r.key: r.cells for r in channels.rows}
    assert rows["channel:total"] == {"in": 2, "in_accepted": 1, "in_refused": 1, "out": 1,
                                     "returned": 1}
    assert rows["channel:court"] == {"in": 1, "in_accepted": 1, "in_refused": 0, "out": 1,
                                     "returned": 0}  # c3 in, c7 out
    assert rows["channel:hotline"]["in_refused"] == 1  # c5
    assert rows["channel:police"]["returned"] == 1  # c10 sent in August, back in October
    assert drill_down(db, SYSTEM, ReportKind.MULTI_SOURCE, OCTOBER, Scope.everything(),
                      "channel:police", "returned").case_ids == (ids["c10"],)


def test_the_mediators_table(base: tuple[Database, dict[str, int]]) -> None:
    db, _ids = base
    table = compute_report(db, SYSTEM, ReportKind.MEDIATORS, OCTOBER, Scope.everything())
    by_label = {r.label: r.cells for r in table.rows}
    assert by_label["甲调解员"] == {  # c1 c2
        "received": 2, "concluded": 2, "succeeded": 1, "not_agreed": 1,
        "success_rate": Decimal("0.5000"), "median_days": Decimal("9.5"), "followed_up": 1,
        "satisfaction_fairness": Decimal("5.0"), "satisfaction_attitude": Decimal("4.0"),
        "satisfaction_result": Decimal("3.0")}
    assert by_label["乙调解员"]["concluded"] == 1 and by_label["乙调解员"]["received"] == 0
    assert by_label["未指定调解员"]["received"] == 4  # c3 c6 c7 c9
    assert by_label["未指定调解员"]["success_rate"] is None  # nothing succeeded or failed
    assert _row(table, "total")["received"] == 6


def test_the_meetings_table(base: tuple[Database, dict[str, int]]) -> None:
    db, _ids = base
    table = compute_report(db, SYSTEM, ReportKind.MEETINGS, OCTOBER, Scope.everything())
    expected = {"meetings": 1, "raised": 6, "discussed": 5, "done": 3, "evaluated": 1,
                "satisfied": 1, "carried_over": 4, "overdue": 1, "to_case": 1}
    assert _row(table, "total") == expected
    assert _row(table, f"town:{TOWN_A}") == expected
    assert _row(table, "village:330225103201") == expected
    drilled = drill_down(db, SYSTEM, ReportKind.MEETINGS, OCTOBER, Scope.everything(),
                         "total", "carried_over")
    assert drilled.entity == "matter" and len(drilled.ids) == 4


def test_a_town_clerk_reports_only_the_towns_cases(
        base: tuple[Database, dict[str, int]]) -> None:
    db, ids = base
    town = {ids[n] for n in ("c1", "c2", "c7", "c9")}
    for scope in (Scope.everything(), Scope.region(TOWN_A)):
        table = compute_report(db, CLERK_A, ReportKind.MEDIATION, OCTOBER, scope)
        assert table.scope_label == "墙头镇"
        assert _row(table, "total")["received"] == 4
        listed: set[int] = set()
        for column in table.columns:
            if column.counts_cases:
                listed |= set(drill_down(db, CLERK_A, ReportKind.MEDIATION, OCTOBER, scope,
                                         "total", column.key).case_ids)
        assert listed <= town and listed
    assert compute_report(db, SYSTEM, ReportKind.MEDIATION, OCTOBER, Scope.region(TOWN_A)
                          ).total.cells == _row(compute_report(
                              db, CLERK_A, ReportKind.MEDIATION, OCTOBER, Scope.everything()),
                              "total")


def test_a_period_without_cases_is_a_zero_report(base: tuple[Database, dict[str, int]]) -> None:
    db, _ids = base
    table = compute_report(db, SYSTEM, ReportKind.MEDIATION, Period.month(2024, 2),
                           Scope.everything())
    assert table.empty and len(table.rows) == 20
    assert all(v in (0, Decimal("0.00"), None) for r in table.rows for v in r.cells.values())
