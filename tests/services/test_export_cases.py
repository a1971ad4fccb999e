"""Exporting lists: the filtered case list and the registry, print-ready, masked, re-importable."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.domain.ledger_mapping import LedgerMapping
from app.reports.exports import export_cases, export_parties
from app.services.cases.queries import CaseFilter
from app.services.imports.batches import undo_batch
from app.services.imports.run import import_ledger
from app.services.imports.types import ImportRequest
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import Mediator, Organisation
from tests.services.fixtures import ADMIN, acting, seed_organisations
from tests.services.import_fixtures import ZHANG, messy_ledger

CLERK = acting("clerk")


@pytest.fixture
def base(db: Database, tmp_path: Path) -> tuple[Database, int]:
    seed_organisations(db)
    with UnitOfWork(db, ADMIN) as uow:
        town = uow.session.query(Organisation).filter_by(code="DC-TW").one()
        uow.session.add(Mediator(name="王调解", organisations=[town]))
        uow.commit()
    result = import_ledger(db, CLERK, ImportRequest(str(messy_ledger(tmp_path / "台账.xlsx")),
                                                    organisation="DC-TW"))
    return db, result.batch_id


def _sheet_rows(path: Path) -> list[tuple[object, ...]]:
    book = load_workbook(path)
    return [tuple(row) for row in book.active.iter_rows(min_row=2, values_only=True)]


def test_export_re_import_keeps_every_exported_field(base: tuple[Database, int],
                                                      tmp_path: Path) -> None:
    db, batch = base
    first = tmp_path / "第一次.xlsx"
    assert export_cases(db, CLERK, None, first, "xlsx") == 6
    undo_batch(db, ADMIN, batch)
    again = import_ledger(db, CLERK, ImportRequest(str(first), organisation="DC-TW",
                                                   mapping=LedgerMapping()))
    assert again.counts.cases == 6 and not again.warnings
    second = tmp_path / "第二次.xlsx"
    export_cases(db, CLERK, None, second, "xlsx")
    before, after = _sheet_rows(first), _sheet_rows(second)
    assert before == after
    header = before[0]
    assert "王调解" in [row[header.index("调解员")] for row in before[1:]]


def test_csv_export_round_trips_too(base: tuple[Database, int], tmp_path: Path) -> None:
    db, batch = base
    first = tmp_path / "cases.csv"
    export_cases(db, CLERK, None, first, "csv")
    assert first.read_bytes().startswith(b"\xef\xbb\xbf")
    undo_batch(db, ADMIN, batch)
    import_ledger(db, CLERK, ImportRequest(str(first), organisation="DC-TW"))
    second = tmp_path / "again.csv"
    export_cases(db, CLERK, None, second, "csv")
    assert first.read_text(encoding="utf-8-sig") == second.read_text(encoding="utf-8-sig")


def test_xlsx_is_formatted_to_print(base: tuple[Database, int], tmp_path: Path) -> None:
    db, _batch = base
    path = tmp_path / "list.xlsx"
    export_cases(db, CLERK, CaseFilter(status="agreed"), path, "xlsx")
    sheet = load_workbook(path).active
    assert sheet.freeze_panes == "A3"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$2:$2"
    assert sheet.column_dimensions["A"].width > 20
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 2
    header = [c.value for c in sheet[2]]
    received = rows[0][header.index("受理日期")]
    amount = rows[0][header.index("涉及金额")]
    assert isinstance(received, datetime) and isinstance(amount, (int, float))
    assert sheet.cell(3, header.index("涉及金额") + 1).number_format == "#,##0.00"


def test_masked_roles_get_masked_numbers(base: tuple[Database, int], tmp_path: Path) -> None:
    db, _batch = base
    path = tmp_path / "viewer.csv"
    export_cases(db, acting("look"), None, path, "csv")
    text = path.read_text(encoding="utf-8-sig")
    assert ZHANG not in text and ZHANG[:6] + "********" + ZHANG[-4:] in text
    assert "13800000000" not in text and "138****0000" in text
    full = tmp_path / "clerk.csv"
    export_cases(db, CLERK, None, full, "csv")
    assert ZHANG in full.read_text(encoding="utf-8-sig")


def test_party_registry_export(base: tuple[Database, int], tmp_path: Path) -> None:
    db, _batch = base
    path = tmp_path / "parties.xlsx"
    assert export_parties(db, CLERK, path, "xlsx") == 12
    names = [row[0] for row in _sheet_rows(path)[1:]]
    assert "张三丰" in names and "某某建材有限公司" in names


def test_cancelled_export_leaves_no_file(base: tuple[Database, int], tmp_path: Path) -> None:
    db, _batch = base
    path = tmp_path / "cancelled.xlsx"
    export_cases(db, CLERK, None, path, "xlsx", progress=lambda done, total: False)
    assert not path.exists()
