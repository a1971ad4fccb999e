"""SQLite imports write without per-row triggers (and a big one without indexes), to the same end.

app/services/imports/bulk.py drops the report triggers of the tables an
import fills, and for a big import their secondary indexes, inside the
import's transaction, redoes the triggers' work set-based and creates all of
it again from sqlite_master's own text.  These tests hold that the result is
what the triggers give, row for row (agreement figures, their copies on the
cases, the report months bumped), that the schema afterwards is exactly the
schema before (after an import, a refused one and a cancelled one, with
and without rebuilding indexes), that no trigger on those tables is
dropped without its work being redone, and that the indexes dropped for a
big import are never ones the import itself reads by.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, event, select

from app.services.imports import bulk, engine
from app.services.imports.batches import undo_batch
from app.services.imports.run import import_ledger
from app.services.imports.types import ImportCancelled, ImportRejected, ImportRequest
from app.store import search
from app.store.database import Database
from app.store.models import Agreement, Case
from tests.services.fixtures import ADMIN, acting, seed_organisations
from tests.services.import_fixtures import BAD_CHEN, csv_ledger, messy_ledger

CLERK = acting("clerk")


@pytest.fixture
def base(sqlite_db: Database) -> Database:
    seed_organisations(sqlite_db)
    return sqlite_db


@pytest.fixture(params=[True, False], ids=["rebuilt-indexes", "kept-indexes"])
def rebuild(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[bool]:
    wanted = bool(request.param)
    monkeypatch.setattr(bulk, "rebuild_indexes", lambda _rows, _there: wanted)
    yield wanted


def _request(path: Path, **options: Any) -> ImportRequest:
    return ImportRequest(str(path), organisation="DC-TW", **options)


def _schema(db: Database) -> list[tuple[Any, ...]]:
    """sqlite_master, and the search index's own settings (FTS5 config rows)."""
    with db.engine.connect() as conn:
        rows = [tuple(r) for r in conn.exec_driver_sql(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")]
        for table in search.fts_automerge(conn):
            rows += [(table, *r) for r in conn.exec_driver_sql(
                f"SELECT k, v FROM {table}_config ORDER BY k")]
        return rows


def _months(conn: Connection) -> dict[int, int]:
    return {int(m): int(v) for m, v in conn.exec_driver_sql(
        "SELECT month, version FROM report_month_versions")}


def _facts(db: Database) -> dict[str, tuple[Any, ...]]:
    """Per case number: the agreement's figures and the case's copy of them."""
    with db.session() as s:
        rows = s.execute(select(
            Case.number, Agreement.money_total, Agreement.court_applied,
            Agreement.court_confirmed, Agreement.court_rejected, Case.agreement_form,
            Case.agreement_performance, Case.agreement_money, Case.agreement_court_applied,
            Case.agreement_court_confirmed, Case.agreement_court_rejected)
            .outerjoin(Agreement, Agreement.case_id == Case.id)).all()
    return {str(r[0]): tuple(r[1:]) for r in rows}


def _import_watching_months(db: Database, path: Path) -> tuple[int, set[int]]:
    """Import ``path``; the batch and the report months whose version moved."""
    with db.engine.connect() as conn:
        before = _months(conn)
    batch = import_ledger(db, CLERK, _request(path, same_file_confirmed=True)).batch_id
    with db.engine.connect() as conn:
        after = _months(conn)
    return batch, {m for m, v in after.items() if before.get(m) != v}


def test_quiet_writing_ends_where_the_triggers_end(
        base: Database, tmp_path: Path, rebuild: bool,
        monkeypatch: pytest.MonkeyPatch) -> None:
    path = messy_ledger(tmp_path / "台账.xlsx")
    with monkeypatch.context() as loud:
        loud.setattr(engine, "quiet_write", lambda *_args: None)
        batch, loud_months = _import_watching_months(base, path)
    by_triggers = _facts(base)
    undo_batch(base, ADMIN, batch)
    schema = _schema(base)
    _batch, quiet_months = _import_watching_months(base, path)
    assert _facts(base) == by_triggers
    assert sum(1 for f in by_triggers.values() if f[0] is not None) == 2
    assert sorted({f[6] for f in by_triggers.values() if f[0] is not None}) == [12000]
    assert quiet_months == loud_months and 202305 in quiet_months and 202306 in quiet_months
    assert _schema(base) == schema


def test_the_schema_comes_back_after_a_refused_or_cancelled_import(
        base: Database, tmp_path: Path, rebuild: bool) -> None:
    schema = _schema(base)
    with pytest.raises(ImportRejected):
        import_ledger(base, CLERK, _request(messy_ledger(tmp_path / "坏.xlsx",
                                                         chen_id=BAD_CHEN)))
    assert _schema(base) == schema
    good = messy_ledger(tmp_path / "台账.xlsx")
    with pytest.raises(ImportCancelled):
        import_ledger(base, CLERK, _request(good), progress=lambda done, total: False)
    assert _schema(base) == schema
    assert import_ledger(base, CLERK, _request(good)).counts.cases == 6
    assert _schema(base) == schema


def test_every_trigger_on_the_imported_tables_is_redone_or_keeps_firing(base: Database) -> None:
    with base.engine.connect() as conn:
        triggers = {str(name) for name, table in conn.exec_driver_sql(
            "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'")
            if table in bulk.FILLED}
    assert triggers == set(bulk.REDONE) | bulk.FIRING, (
        "a new trigger on a table the import fills: list the set-based work that replaces it "
        "in app/services/imports/bulk.py REDONE, or leave it firing (FIRING)")


def test_indexes_are_rebuilt_only_when_the_import_is_a_quarter_of_the_base_or_more() -> None:
    assert bulk.rebuild_indexes(100_000, 0)
    assert bulk.rebuild_indexes(100_000, 100_000)
    assert bulk.rebuild_indexes(25_000, 100_000)
    assert not bulk.rebuild_indexes(10_000, 100_000)


def test_owed_due_set_at_once_is_what_0014_s_triggers_give(base: Database,
                                                          tmp_path: Path) -> None:
    import_ledger(base, CLERK, _request(messy_ledger(tmp_path / "台账.xlsx")))
    copy = ("INSERT INTO obligations (id, agreement_id, ordinal, debtor_party_id, "
            "creditor_party_id, kind, amount, description, status, due_date, version, "
            "created_at, global_id) SELECT ?, agreement_id, ?, debtor_party_id, "
            "creditor_party_id, kind, amount, description, ?, '2024-01-31', 1, created_at, ? "
            "FROM obligations WHERE id = ?")
    with base.engine.connect() as conn, conn.begin():
        model = int(conn.exec_driver_sql("SELECT min(id) FROM obligations").scalar_one())

        def top(table: str) -> int:
            return int(conn.exec_driver_sql(f"SELECT max(id) FROM {table}").scalar_one()) + 1

        def add(statuses: tuple[str, ...]) -> list[Any]:
            first = top("obligations")
            for n, status in enumerate(statuses):
                conn.exec_driver_sql(copy, (first + n, 10 + first + n, status,
                                            f"owed-{first + n}", model))
            return list(conn.exec_driver_sql(
                "SELECT owed_due FROM obligations WHERE id >= ? ORDER BY id", (first,)).scalars())

        statuses = ("pending", "performed", "partial")
        by_triggers = add(statuses)
        quiet = bulk.QuietWrite(conn, False, {"obligations": top("obligations"),
                                              "agreements": top("agreements"),
                                              "cases": top("cases")})
        quiet.start()
        at_once = add(statuses)
        assert at_once == [None, None, None]
        quiet.finish()
        last = top("obligations") - len(statuses)
        at_once = list(conn.exec_driver_sql(
            "SELECT owed_due FROM obligations WHERE id >= ? ORDER BY id", (last,)).scalars())
        assert by_triggers == at_once == ["2024-01-31", None, "2024-01-31"]
        conn.rollback()


def _quiet_start(db: Database, indexes: bool) -> tuple[set[str], dict[str, int | None]]:
    """The indexes a quiet write drops and the FTS5 automerge it loads with (rolled back)."""
    with db.engine.connect() as conn, conn.begin():
        quiet = bulk.QuietWrite(conn, indexes, {"obligations": 1, "agreements": 1, "cases": 1})
        quiet.start()
        dropped = {name for name, _sql in quiet.dropped_indexes}
        automerge = search.fts_automerge(conn)
        conn.rollback()
    return dropped, automerge


def test_an_import_into_an_empty_registry_drops_the_indexes_nothing_reads_meanwhile(
        base: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dropped, _automerge = _quiet_start(base, True)
    assert {"ix_parties_id_number", "ix_parties_phone", "ix_parties_name",
            "ix_case_parties_case_id", "ix_case_parties_party_id", "ix_agreements_report",
            "ix_obligations_agreement_id", "ix_cases_report_closed"} <= dropped
    assert not any(name.endswith("_global_id") for name in dropped)
    import_ledger(base, CLERK, _request(messy_ledger(tmp_path / "台账.xlsx")))
    dropped, _automerge = _quiet_start(base, True)
    assert "ix_parties_name" in dropped
    assert not {"ix_parties_id_number", "ix_parties_phone", "ix_parties_credit_code"} & dropped
    with monkeypatch.context() as firing:
        firing.setattr(bulk, "REDONE", {k: v for k, v in bulk.REDONE.items()
                                        if k != "tr_cases_owed_insert"})
        dropped, _automerge = _quiet_start(base, True)
    assert not {"ix_case_parties_case_id", "ix_case_parties_party_id",
                "ix_agreements_report", "ix_obligations_agreement_id"} & dropped


def test_the_registry_is_never_scanned_while_an_import_writes_without_indexes(
        base: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import_ledger(base, CLERK, _request(messy_ledger(tmp_path / "台账.xlsx")))
    monkeypatch.setattr(bulk, "rebuild_indexes", lambda _rows, _there: True)
    plans: list[str] = []

    def explain(_conn: Any, cursor: Any, statement: str, parameters: Any, _context: Any,
                many: bool) -> None:
        if not many and "FROM parties" in statement and " IN (" in statement:  # look-ups
            plans.extend(str(row[-1]) for row in cursor.connection.execute(
                "EXPLAIN QUERY PLAN " + statement, parameters))

    event.listen(base.engine, "before_cursor_execute", explain)
    try:
        with pytest.raises(ImportRejected):  # the same cases again: their numbers are taken
            import_ledger(base, CLERK, _request(csv_ledger(tmp_path / "台账.csv", "utf-8"),
                                                same_file_confirmed=True))
    finally:
        event.remove(base.engine, "before_cursor_execute", explain)
    assert any("ix_parties_id_number" in plan for plan in plans)
    assert any("ix_parties_phone" in plan for plan in plans)
    assert not [plan for plan in plans if plan.startswith("SCAN parties")]


def test_the_search_index_loads_with_fewer_merges_whatever_the_import_s_size(
        base: Database) -> None:
    before = _schema(base)
    _dropped, automerge = _quiet_start(base, False)
    assert set(automerge.values()) == {bulk.BULK_AUTOMERGE}
    with base.engine.connect() as conn, conn.begin():
        quiet = bulk.QuietWrite(conn, False, {"obligations": 1, "agreements": 1, "cases": 1})
        quiet.start()
        quiet.finish()
    assert _schema(base) == before
