"""The case list narrowed to an explicit set of ids: a report cell's drill-down.

The set is bound as one parameter (a JSON array on SQLite, an integer array
on PostgreSQL), so a drill-down of 100,000 cases is one small statement; it
combines with the other filters and never widens the user's scope.
"""

from __future__ import annotations

import pytest

from app.services.cases.queries import CaseFilter, case_page, count_cases
from app.services.security.users import get_user
from app.store.database import Database


def _all_ids(db: Database, login: str = "admin") -> list[int]:
    user = get_user(db, login)
    total = count_cases(db, user)
    return sorted(row.id for row in case_page(db, user, None, 0, total + 1))


def _listed(db: Database, login: str, f: CaseFilter) -> list[int]:
    user = get_user(db, login)
    total = count_cases(db, user, f)
    ids = [row.id for row in case_page(db, user, f, 0, total + 10, total=total)]
    assert len(ids) == total
    return sorted(ids)


def test_exactly_the_listed_cases(small_demo: Database) -> None:
    every = _all_ids(small_demo)
    chosen = tuple(every[::3])
    assert _listed(small_demo, "admin", CaseFilter(case_ids=chosen)) == sorted(chosen)


def test_an_empty_set_lists_nothing(small_demo: Database) -> None:
    assert _listed(small_demo, "admin", CaseFilter(case_ids=())) == []


def test_a_large_set_is_one_parameter(small_demo: Database) -> None:
    every = _all_ids(small_demo)
    huge = tuple(range(1, 100_001)) + tuple(every)
    assert max(every) < 100_001
    assert _listed(small_demo, "admin", CaseFilter(case_ids=huge)) == every


def test_ids_combine_with_the_other_filters(small_demo: Database) -> None:
    admin = get_user(small_demo, "admin")
    every = case_page(small_demo, admin, None, 0, 1000)
    category = every[0].category
    wanted = sorted(r.id for r in every if r.category == category)
    both = CaseFilter(case_ids=tuple(r.id for r in every), category=category)
    assert _listed(small_demo, "admin", both) == wanted
    descending = case_page(small_demo, admin, both, 0, 1000, sort="number", descending=True)
    assert [r.number for r in descending] == sorted((r.number for r in descending), reverse=True)


def test_ids_never_widen_the_scope(small_demo: Database) -> None:
    mine = _all_ids(small_demo, "clerk02")
    every = _all_ids(small_demo)
    assert 0 < len(mine) < len(every)
    assert _listed(small_demo, "clerk02", CaseFilter(case_ids=tuple(every))) == mine


@pytest.mark.parametrize("size", [1, 20_001])
def test_both_plans_agree(small_demo: Database, size: int) -> None:
    """Small sets drive the query by id, large ones by the list order: same rows either way."""
    every = _all_ids(small_demo)
    padding = tuple(range(10_000_000, 10_000_000 + size))
    ids = padding + tuple(every[:5])
    assert _listed(small_demo, "admin", CaseFilter(case_ids=ids)) == every[:5]
