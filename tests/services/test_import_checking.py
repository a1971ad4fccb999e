"""Checking ledger rows in a worker process gives exactly what checking them inline gives.

A long ledger's rows are checked by a second process (app/services/imports/checking.py);
these tests force that path on the small messy ledger, in batches of two rows so
several are in flight, and compare it with the inline path: the same preview rows,
problems, warnings and skipped rows in the same order, in the user's language, the
same import, and Cancel still leaves nothing and no process behind.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import i18n
from app.domain.ledger_mapping import LedgerMapping
from app.services.imports import checking, engine
from app.services.imports.checking import ReaderSpec, check_rows
from app.services.imports.plan import plan_for
from app.services.imports.run import import_ledger, preview_ledger
from app.services.imports.sheets import open_sheet
from app.services.imports.types import ImportCancelled, ImportPreview, ImportRequest
from app.store.database import Database
from app.store.models import Case, ImportBatch, Party
from tests.services.fixtures import acting, seed_organisations
from tests.services.import_fixtures import BAD_CHEN, csv_ledger, messy_ledger

CLERK = acting("clerk")


@pytest.fixture
def base(sqlite_db: Database) -> Database:
    seed_organisations(sqlite_db)
    return sqlite_db


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checking, "BATCH", 2)


@pytest.fixture
def english() -> Iterator[None]:
    before = i18n.current_locale()
    i18n.activate("en")
    yield
    i18n.activate(before)


def _request(path: Path) -> ImportRequest:
    return ImportRequest(str(path), organisation="DC-TW")


def _preview(db: Database, path: Path, parallel: bool,
             monkeypatch: pytest.MonkeyPatch) -> ImportPreview:
    monkeypatch.setattr(engine, "PARALLEL_FROM", 1 if parallel else 10**9)
    return preview_ledger(db, CLERK, _request(path))


def _count(db: Database, model: type) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


@pytest.mark.usefixtures("small_batches")
def test_the_worker_checks_rows_exactly_as_inline(tmp_path: Path) -> None:
    path = csv_ledger(tmp_path / "台账.csv", "utf-8-sig", chen_id=BAD_CHEN)
    sheet = open_sheet(path)
    plan = plan_for(sheet, LedgerMapping())
    spec = ReaderSpec(tuple(plan.layout.labels), dict(plan.columns), plan.mapping,
                      datetime(2024, 1, 5, 9, 0))
    first = plan.layout.first_data_row
    inline = list(check_rows(sheet.rows(first), spec, parallel=False))
    apart = list(check_rows(sheet.rows(first), spec, parallel=True))
    assert apart == inline
    assert [number for number, _outcome in inline] == list(range(first, sheet.total_rows + 1))
    assert any(isinstance(outcome, list) for _number, outcome in inline)


@pytest.mark.usefixtures("small_batches", "english")
def test_a_ledger_with_errors_previews_the_same_either_way(
        base: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = messy_ledger(tmp_path / "台账.xlsx", chen_id=BAD_CHEN)
    inline = _preview(base, path, False, monkeypatch)
    apart = _preview(base, path, True, monkeypatch)
    assert not inline.ok and inline.problems
    assert "check digit" in str(inline.problems[0]).lower()
    assert apart == inline


@pytest.mark.usefixtures("small_batches")
def test_an_import_checked_apart_stores_the_same_cases(
        base: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = messy_ledger(tmp_path / "台账.xlsx")
    preview = _preview(base, path, False, monkeypatch)
    monkeypatch.setattr(engine, "PARALLEL_FROM", 1)
    result = import_ledger(base, CLERK, _request(path))
    assert result.counts == preview.counts and result.warnings == preview.warnings
    with base.session() as s:
        numbers = list(s.scalars(select(Case.number).order_by(Case.id)))
    assert numbers == [row.number for row in preview.rows]


@pytest.mark.usefixtures("small_batches")
def test_cancel_while_the_worker_checks_leaves_nothing(
        base: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = messy_ledger(tmp_path / "台账.xlsx")
    monkeypatch.setattr(engine, "PARALLEL_FROM", 1)
    monkeypatch.setattr(engine, "CHUNK", 2)
    with pytest.raises(ImportCancelled):
        import_ledger(base, CLERK, _request(path), progress=lambda done, total: False)
    for model in (Case, Party, ImportBatch):
        assert _count(base, model) == 0
    assert multiprocessing.active_children() == []


def test_batches_left_by_a_stopped_worker_are_checked_here(tmp_path: Path) -> None:
    path = csv_ledger(tmp_path / "台账.csv", "utf-8-sig", chen_id=BAD_CHEN)
    sheet = open_sheet(path)
    plan = plan_for(sheet, LedgerMapping())
    spec = ReaderSpec(tuple(plan.layout.labels), dict(plan.columns), plan.mapping,
                      datetime(2024, 1, 5, 9, 0))
    rows = list(sheet.rows(plan.layout.first_data_row))
    worker = checking._Worker(spec, checking.CheckingProcess())
    worker.send(rows[:3])
    worker.stop()
    worker.send(rows[3:])
    received = [*worker.receive(), *worker.receive()]
    assert received == list(check_rows(iter(rows), spec, parallel=False))


@pytest.mark.usefixtures("small_batches")
@pytest.mark.parametrize("parallel", [True, False])
def test_a_worker_started_while_the_file_opens_checks_it_or_goes(
        base: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool) -> None:
    path = messy_ledger(tmp_path / "台账.xlsx")
    expected = _preview(base, path, False, monkeypatch)
    monkeypatch.setattr(checking, "WARM_FROM_BYTES", 0)
    started: list[checking.CheckingProcess] = []
    real = checking.CheckingProcess.__init__

    def spy(process: checking.CheckingProcess) -> None:
        real(process)
        started.append(process)

    monkeypatch.setattr(checking.CheckingProcess, "__init__", spy)
    assert _preview(base, path, parallel, monkeypatch) == expected
    assert len(started) == 1 and started[0].pool is None
    assert multiprocessing.active_children() == []
