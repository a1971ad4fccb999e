"""Names are found by every reading a clerk may type, on both databases (and phone
numbers in the shapes people write them).

The term index is worked out from the names themselves, so an existing base
is brought up to date by rewriting its terms (``search.rebuild_terms``), which
touches no audited row.
"""

from __future__ import annotations

import pytest
from sqlalchemy import Connection, select, text

from app.services.cases.intake import register_case
from app.store import search
from app.store.database import Database
from app.store.models import Party
from tests.services.fixtures import acting, intake, seed_organisations

CLERK = acting("clerk")
COMPANY = "象山县海鲜股份有限公司"


@pytest.fixture
def base(db: Database) -> Database:
    """One case: 单长乐 and 王𠮷 against a company limited by shares."""
    seed_organisations(db)
    register_case(db, CLERK, intake(parties=[
        {"role": "applicant", "kind": "person", "name": "单长乐", "phone": "13800000001"},
        {"role": "applicant", "kind": "person", "name": "王𠮷", "phone": "13800000002"},
        {"role": "respondent", "kind": "organisation", "name": COMPANY,
         "phone": "0574-65123456"},
    ]))
    return db


def _names(conn: Connection, query: str) -> set[str]:
    ids = search.find(conn, "party", query)
    return set(conn.execute(select(Party.name).where(Party.id.in_(ids))).scalars())


QUERIES = [("scl", "单长乐"), ("dcl", "单长乐"), ("szl", "单长乐"), ("wj", "王𠮷"),
           ("𠮷", "王𠮷"), ("王𠮷", "王𠮷"), ("xsxhxgfyxgs", COMPANY),
           ("gf", COMPANY), ("0574 6512 3456", COMPANY), ("+86 574 6512 3456", COMPANY)]


@pytest.mark.parametrize(("query", "name"), QUERIES)
def test_every_reading_finds_the_party_and_its_case(base: Database, query: str,
                                                    name: str) -> None:
    with base.engine.connect() as conn:
        assert name in _names(conn, query)
        assert len(search.find(conn, "case", query)) == 1


def test_rebuilding_the_terms_brings_an_old_index_up_to_date(base: Database) -> None:
    with base.engine.begin() as conn:
        # An index written by an older release: no terms at all for anyone.
        if conn.dialect.name == "sqlite":
            for kind in search.KINDS:
                conn.execute(text(f"DELETE FROM search_{kind}_terms"))
                conn.execute(text(f"INSERT INTO search_{kind}_terms(rowid, terms) "
                                  f"SELECT rowid, '' FROM search_{kind}_text"))
        else:
            for kind in search.KINDS:
                conn.execute(text(f"UPDATE search_{kind} SET terms = '{{}}'"))
        assert _names(conn, "scl") == set()
        bodies = conn.execute(text("SELECT count(*) FROM search_case_text" if
                                   conn.dialect.name == "sqlite" else
                                   "SELECT count(*) FROM search_case")).scalar()
        search.rebuild_terms(conn)
    with base.engine.connect() as conn:
        for query, name in QUERIES:
            assert name in _names(conn, query), query
            assert len(search.find(conn, "case", query)) == 1, query
        # The substring index was left as it was.
        assert _names(conn, "长乐") == {"单长乐"}
        assert bodies == 1
