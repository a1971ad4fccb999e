"""An office's first import: with no cases or parties yet, nothing is looked up, same result.

On SQLite an import into a case base without cases (or without parties)
skips asking the base for its ledger's numbers and people, since only the
file itself can hold them.  These tests hold that shortcut to the full path:
the same messy ledger, looked up or not, gives the same preview and stores
the same parties, cases and links.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.services.imports import engine
from app.services.imports.run import import_ledger, preview_ledger
from app.services.imports.types import ImportRequest
from app.store.database import Database
from app.store.models import Case, CaseParty, Party
from tests.services.fixtures import acting, seed_organisations
from tests.services.import_fixtures import messy_ledger

CLERK = acting("clerk")


@pytest.fixture
def base(sqlite_db: Database) -> Database:
    seed_organisations(sqlite_db)
    return sqlite_db


def _request(path: Path) -> ImportRequest:
    return ImportRequest(str(path), organisation="DC-TW")


def _stored(db: Database) -> tuple[list[Any], list[Any], list[Any]]:
    with db.session() as s:
        parties = [(p.id, p.name, p.id_number, p.phone, p.name_initials)
                   for p in s.execute(select(Party).order_by(Party.id)).scalars()]
        cases = [(c.id, c.number, c.status, c.amount)
                 for c in s.execute(select(Case).order_by(Case.id)).scalars()]
        links = [(link.case_id, link.party_id, link.role, link.ordinal)
                 for link in s.execute(select(CaseParty).order_by(CaseParty.id)).scalars()]
    return parties, cases, links


def test_looked_up_or_not_the_first_import_is_the_same(
        base: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = messy_ledger(tmp_path / "台账.xlsx")
    with base.session() as s:
        assert engine._empty_tables(s) == (True, True)
    shortcut = preview_ledger(base, CLERK, _request(path))
    shortcut_rows = (import_ledger(base, CLERK, _request(path)), _stored(base))
    with base.engine.begin() as conn:
        for table in ("search_case_text", "search_case_terms", "search_party_text",
                      "search_party_terms", "case_parties", "obligations", "agreements",
                      "cases", "parties", "import_batches", "case_number_counters"):
            conn.exec_driver_sql(f"DELETE FROM {table}")
    monkeypatch.setattr(engine, "_empty_tables", lambda session: (False, False))
    looked_up = preview_ledger(base, CLERK, _request(path))
    assert looked_up == shortcut
    result = import_ledger(base, CLERK, _request(path))
    assert result.counts == shortcut_rows[0].counts
    parties, cases, links = _stored(base)
    first_parties, first_cases, first_links = shortcut_rows[1]
    offset = parties[0][0] - first_parties[0][0]
    assert [(name, *rest) for _id, name, *rest in parties] == \
        [(name, *rest) for _id, name, *rest in first_parties]
    assert [(number, *rest) for _id, number, *rest in cases] == \
        [(number, *rest) for _id, number, *rest in first_cases]
    case_offset = cases[0][0] - first_cases[0][0]
    assert links == [(case_id + case_offset, party_id + offset, role, ordinal)
                     for case_id, party_id, role, ordinal in first_links]


def test_a_base_with_parties_is_asked(base: Database, tmp_path: Path) -> None:
    path = messy_ledger(tmp_path / "台账.xlsx")
    import_ledger(base, CLERK, _request(path))
    with base.session() as s:
        assert engine._empty_tables(s) == (False, False)
