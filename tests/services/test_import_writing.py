"""How an import writes its rows: global ids given in order, the page cache given back.

The writer names each row's ``global_id`` itself (a random version-4 UUID per
import whose last 32 bits count up, so the unique indexes grow at one end),
and on SQLite widens the connection's page cache only while it writes.  The
rows must still carry ids no other import or case base has, and the pooled
connection must come back as it was, after an import and after a refused one.
"""

from __future__ import annotations

import re
from contextlib import ExitStack
from pathlib import Path

import pytest
from sqlalchemy import Connection, select, text

from app.domain.search_terms import stored_initials
from app.services.imports.run import import_ledger
from app.services.imports.types import ImportRejected, ImportRequest
from app.services.imports.writer import SQLITE_CACHE_KB, TABLES, Writer
from app.store.database import Database
from app.store.models import Party
from tests.services.fixtures import acting, seed_organisations
from tests.services.import_fixtures import BAD_CHEN, messy_ledger

CLERK = acting("clerk")
UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


@pytest.fixture
def base(db: Database) -> Database:
    seed_organisations(db)
    return db


def _global_ids(db: Database, table: str) -> list[str]:
    with db.engine.connect() as conn:
        return [str(v) for v in conn.execute(text(
            f"SELECT global_id FROM {table} ORDER BY id")).scalars()]


def _short_ledger(path: Path) -> Path:
    """Two cases without ledger numbers, so the same file can come in twice."""
    path.write_text("登记日期,申请人,被申请人,纠纷类别,纠纷简要情况\n"
                    "2023-05-06,张三,李四,邻里纠纷,楼上漏水。\n"
                    "2023-05-07,王五,赵六,土地纠纷,地界争执。\n", encoding="utf-8")
    return path


def test_rows_get_version4_global_ids_in_order_and_never_twice(
        base: Database, tmp_path: Path) -> None:
    import_ledger(base, CLERK, ImportRequest(str(messy_ledger(tmp_path / "台账.xlsx")),
                                             organisation="DC-TW"))
    first = {table: _global_ids(base, table) for table in TABLES}
    assert all(first[table] for table in TABLES)
    for table, ids in first.items():
        assert all(UUID4.match(value) for value in ids), table
        assert ids == sorted(ids) and len(set(ids)) == len(ids), table
    with base.session() as s:
        parties = s.execute(select(Party.name, Party.name_initials)).all()
    assert parties and all(initials == stored_initials(name) for name, initials in parties)
    short = _short_ledger(tmp_path / "短.csv")
    for _time in range(2):
        import_ledger(base, CLERK, ImportRequest(str(short), organisation="DC-TW",
                                                 same_file_confirmed=True))
    every = [value for table in ("cases", "parties", "case_parties")
             for value in _global_ids(base, table)]
    assert len(every) == len(set(every)) == sum(len(first[t]) for t in (
        "cases", "parties", "case_parties")) + 2 * (2 + 4 + 4)


def _pooled_cache_sizes(db: Database) -> list[int]:
    """PRAGMA cache_size of every connection the pool holds (all checked out at once)."""
    with ExitStack() as stack:
        conns: list[Connection] = [stack.enter_context(db.engine.connect())
                                   for _ in range(max(db.engine.pool.checkedin(), 1))]
        return [int(c.exec_driver_sql("PRAGMA cache_size").scalar_one()) for c in conns]


def test_the_sqlite_page_cache_is_wider_only_while_writing(sqlite_db: Database,
                                                           tmp_path: Path) -> None:
    seed_organisations(sqlite_db)
    before = _pooled_cache_sizes(sqlite_db)
    with sqlite_db.engine.connect() as conn:
        writer = Writer(conn)
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar_one() == -SQLITE_CACHE_KB
        writer.close()
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar_one() == before[0]
    bad = messy_ledger(tmp_path / "坏.xlsx", chen_id=BAD_CHEN)
    with pytest.raises(ImportRejected):
        import_ledger(sqlite_db, CLERK, ImportRequest(str(bad), organisation="DC-TW"))
    assert set(_pooled_cache_sizes(sqlite_db)) == {before[0]}
    good = messy_ledger(tmp_path / "台账.xlsx")
    import_ledger(sqlite_db, CLERK, ImportRequest(str(good), organisation="DC-TW"))
    assert set(_pooled_cache_sizes(sqlite_db)) == {before[0]}


def test_search_terms_worked_out_while_checking_are_the_index_s_own(
        sqlite_db: Database, tmp_path: Path) -> None:
    from app.store import search

    seed_organisations(sqlite_db)
    import_ledger(sqlite_db, CLERK, ImportRequest(str(messy_ledger(tmp_path / "台账.xlsx")),
                                                  organisation="DC-TW"))
    with sqlite_db.engine.connect() as conn:
        for kind in search.KINDS:
            stored = {int(i): set(str(t).split()) for i, t in conn.exec_driver_sql(
                f"SELECT rowid, terms FROM search_{kind}_terms")}
            docs = search.case_docs(conn, list(stored)) if kind == "case" else \
                search.party_docs(conn, list(stored))
            assert stored and stored == {d.ref_id: set(d.terms) for d in docs}, kind
