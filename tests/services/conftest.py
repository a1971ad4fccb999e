"""Service tests act as real accounts: each test's case base gets the test accounts first.

Every service reads the acting account again from the case base (it must
exist, be active and be allowed the action), so the logins the tests act
under (tests/services/fixtures.py ``ACCOUNTS``) are created in whichever case
base the test uses.  A module whose subject is the accounts table itself (the
demo generator) sets ``WITH_TEST_ACCOUNTS = False``.
"""

from __future__ import annotations

import pytest

from tests.services.fixtures import add_accounts

BASE_FIXTURES = ("db", "sqlite_db", "small_demo")


@pytest.fixture(autouse=True)
def _test_accounts(request: pytest.FixtureRequest) -> None:
    if not getattr(request.module, "WITH_TEST_ACCOUNTS", True):
        return
    for name in BASE_FIXTURES:
        if name in request.fixturenames:
            add_accounts(request.getfixturevalue(name))
