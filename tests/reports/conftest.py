"""Report tests act as real accounts, like the service tests (tests/services/conftest.py)."""

from __future__ import annotations

import pytest

from tests.services.fixtures import add_accounts

BASE_FIXTURES = ("db", "sqlite_db", "small_demo")


@pytest.fixture(autouse=True)
def _test_accounts(request: pytest.FixtureRequest) -> None:
    for name in BASE_FIXTURES:
        if name in request.fixturenames:
            add_accounts(request.getfixturevalue(name))
