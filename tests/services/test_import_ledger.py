"""Importing the ledgers offices keep: a messy one in every file format, all or nothing, batches.

The ledger (tests/services/import_fixtures.py) has title rows, a two-row
merged header, synonyms, every date and amount form, a blank row, a merged
cell and a totals row; it must come in as the cases, parties, statuses and
amounts the office meant, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.domain.ledger_mapping import LedgerMapping
from app.services.imports.batches import import_batches, undo_batch
from app.services.imports.run import import_ledger, preview_ledger
from app.services.imports.saved import save_mapping, saved_mapping
from app.services.imports.types import (
    ImportCancelled,
    ImportRejected,
    SameFileImported,
)
from app.store import search
from app.store.database import Database
from app.store.models import (
    Agreement,
    AuditEntry,
    Case,
    CaseNumberCounter,
    CaseParty,
    ImportBatch,
    Obligation,
    Party,
)
from tests.services.fixtures import ADMIN, acting, seed_organisations
from tests.services.import_fixtures import (
    BAD_CHEN,
    CHEN,
    COMPANY,
    LEDGERS,
    ZHANG,
    count_rows,
    csv_ledger,
    ledger_request,
    messy_ledger,
)

CLERK = acting("clerk")


@pytest.fixture
def base(db: Database) -> Database:
    seed_organisations(db)
    return db


def _cases(db: Database) -> dict[str, Case]:
    with db.session() as s:
        return {c.number: c for c in s.execute(select(Case)).scalars()}


def test_a_messy_ledger_comes_in_as_the_office_meant(base: Database, tmp_path: Path) -> None:
    result = import_ledger(base, CLERK, ledger_request(messy_ledger(tmp_path / "台账.xlsx")))
    assert result.counts.cases == 6
    assert [s.row for s in result.skipped] == [12]
    cases = _cases(base)
    assert sorted(cases) == sorted([
        "（2023）墙人调字第3号", "（2023）墙人调字第4号", "（2023）墙人调字第5号",
        "（2023）墙人调字第6号", "（2023）墙人调字第7号", "XS-2023-015"])
    first = cases["（2023）墙人调字第4号"]
    assert (first.status, first.outcome, first.category) == ("agreed", "agreed", "forest_land")
    assert first.received_at.date().isoformat() == "2023-05-06"
    assert first.closed_on is not None and first.closed_on.isoformat() == "2023-06-01"
    assert first.amount == Decimal("12000.00") and first.number_on_import
    own = cases["（2023）墙人调字第3号"]
    assert (own.status, own.category, own.amount, own.number_on_import) == (
        "agreed", "marriage_family", Decimal("12000.00"), False)
    failed = cases["（2023）墙人调字第5号"]
    assert (failed.status, failed.amount, failed.category) == (
        "not_agreed", Decimal("12000.00"), "contract")
    open_case = cases["XS-2023-015"]
    assert open_case.status == "in_mediation" and open_case.seq < 0
    assert open_case.received_at.date().isoformat() == "2023-05-10"
    assert cases["（2023）墙人调字第6号"].status == "not_agreed"
    assert cases["（2023）墙人调字第7号"].status == "withdrawn"
    assert {c.import_batch_id for c in cases.values()} == {result.batch_id}
    with base.session() as s:
        agreements = {a.case_id: a for a in s.execute(select(Agreement)).scalars()}
        assert set(agreements) == {first.id, own.id}
        paid = s.execute(select(Obligation.amount, Obligation.kind)).all()
        assert sorted(paid) == [(Decimal("12000.00"), "money")] * 2
        assert s.scalar(select(func.count()).select_from(Party)) == 12
        assert s.scalar(select(func.count()).select_from(Party)
                        .where(Party.id_number == ZHANG)) == 1
        company = s.execute(select(Party).where(Party.credit_code == COMPANY)).scalar_one()
        assert company.kind == "organisation"
        roles = s.execute(select(CaseParty.role, Party.name).join(Party)
                          .where(CaseParty.case_id == open_case.id)
                          .order_by(CaseParty.ordinal)).all()
        assert roles == [("applicant", "周八"), ("applicant", "吴九"), ("respondent", "郑十")]
        counter = s.execute(select(CaseNumberCounter.last_seq)).scalar_one()
        assert counter == 7
        conn = s.connection()
        assert set(search.find(conn, "case", "张三丰")) == {
            first.id, cases["（2023）墙人调字第7号"].id}
        assert search.find(conn, "party", "zsf")


def test_preview_shows_rows_as_stored_and_writes_nothing(base: Database, tmp_path: Path) -> None:
    preview = preview_ledger(base, CLERK, ledger_request(messy_ledger(tmp_path / "台账.xlsx")))
    assert preview.ok and preview.counts.cases == 6 and preview.counts.numbers_assigned == 4
    assert preview.counts.parties_new == 12
    first = preview.rows[0]
    assert (first.row, first.number, first.status, first.agreement_amount) == (
        5, "（2023）墙人调字第4号", "agreed", Decimal("12000.00"))
    assert any("王调解" in str(w) for w in preview.warnings)
    assert [count_rows(base, m) for m in (Case, Party, ImportBatch)] == [0, 0, 0]


def test_one_bad_id_number_writes_nothing_and_names_row_and_column(
        base: Database, tmp_path: Path) -> None:
    bad = messy_ledger(tmp_path / "台账.xlsx", chen_id=BAD_CHEN)
    audit_before = count_rows(base, AuditEntry)
    with pytest.raises(ImportRejected) as rejected:
        import_ledger(base, CLERK, ledger_request(bad))
    assert rejected.value.count == 1
    problem = rejected.value.problems[0]
    assert (problem.row, problem.column) == (7, "申请人身份证号码")
    assert str(problem).startswith("第7行 申请人身份证号码：")
    assert f"校验码应为 {CHEN[17]}" in str(problem)
    for model in (Case, Party, ImportBatch, CaseNumberCounter):
        assert count_rows(base, model) == 0
    assert count_rows(base, AuditEntry) == audit_before
    fixed = messy_ledger(tmp_path / "台账.xlsx")
    assert import_ledger(base, CLERK, ledger_request(fixed)).counts.cases == 6


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig"])
def test_csv_ledgers_in_gb18030_and_utf8_with_bom(base: Database, tmp_path: Path,
                                                   encoding: str) -> None:
    path = csv_ledger(tmp_path / "台账.csv", encoding)
    result = import_ledger(base, CLERK, ledger_request(path))
    assert result.counts.cases == 6
    cases = _cases(base)
    assert cases["（2023）墙人调字第3号"].category == "marriage_family"
    assert cases["XS-2023-015"].received_at.date().isoformat() == "2023-05-10"


@pytest.mark.parametrize("name", ["messy.xls", "messy.ods"])
def test_xls_and_ods_ledgers(base: Database, name: str) -> None:
    result = import_ledger(base, CLERK, ledger_request(LEDGERS / name))
    assert result.counts.cases == 6
    cases = _cases(base)
    assert cases["（2023）墙人调字第4号"].status == "agreed"
    assert cases["（2023）墙人调字第5号"].amount == Decimal("12000.00")


def test_the_same_file_twice_is_refused_unless_confirmed(base: Database, tmp_path: Path) -> None:
    path = messy_ledger(tmp_path / "台账.xlsx")
    first = import_ledger(base, CLERK, ledger_request(path))
    with pytest.raises(SameFileImported) as refused:
        import_ledger(base, CLERK, ledger_request(path))
    assert refused.value.earlier.batch_id == first.batch_id
    assert preview_ledger(base, CLERK, ledger_request(path)).earlier is not None
    with pytest.raises(ImportRejected, match="已存在"):
        import_ledger(base, CLERK, ledger_request(path, same_file_confirmed=True))
    assert count_rows(base, Case) == 6


def test_undo_takes_the_batch_out_and_numbers_back(base: Database, tmp_path: Path) -> None:
    path = messy_ledger(tmp_path / "台账.xlsx")
    batch = import_ledger(base, CLERK, ledger_request(path)).batch_id
    assert [b.id for b in import_batches(base, CLERK)] == [batch]
    undone = undo_batch(base, ADMIN, batch)
    assert (undone.cases, undone.parties) == (6, 12)
    for model in (Case, Party, CaseParty, Agreement, Obligation):
        assert count_rows(base, model) == 0
    with base.session() as s:
        assert s.execute(select(CaseNumberCounter.last_seq)).scalar_one() == 0
        assert search.find(s.connection(), "case", "张三丰") == []
        deleted = s.scalar(select(func.count()).select_from(AuditEntry)
                           .where(AuditEntry.action == "delete", AuditEntry.entity == "cases"))
        assert deleted == 6
    assert import_batches(base, CLERK)[0].undone_at is not None
    again = import_ledger(base, CLERK, ledger_request(path))
    assert again.counts.cases == 6


def test_undo_is_refused_once_a_case_has_changed(base: Database, tmp_path: Path) -> None:
    from app.services.uow import UnitOfWork

    ledger = messy_ledger(tmp_path / "台账.xlsx")
    batch = import_ledger(base, CLERK, ledger_request(ledger)).batch_id
    with UnitOfWork(base, ADMIN) as uow:
        case = uow.session.execute(select(Case).where(
            Case.number == "XS-2023-015")).scalar_one()
        case.risk = "yellow"
        uow.commit()
    with pytest.raises(Exception, match="XS-2023-015"):
        undo_batch(base, ADMIN, batch)
    assert count_rows(base, Case) == 6


def test_undo_needs_an_administrator(base: Database, tmp_path: Path) -> None:
    from app.services.errors import PermissionDenied

    ledger = messy_ledger(tmp_path / "台账.xlsx")
    batch = import_ledger(base, CLERK, ledger_request(ledger)).batch_id
    with pytest.raises(PermissionDenied):
        undo_batch(base, acting("m"), batch)


def test_registry_party_with_another_name_under_the_id_number_is_an_error(
        base: Database, tmp_path: Path) -> None:
    from app.services.cases.intake import register_case
    from tests.services.fixtures import intake

    register_case(base, CLERK, intake(parties=[
        {"role": "applicant", "kind": "person", "name": "张山", "id_number": ZHANG},
        {"role": "respondent", "kind": "person", "name": "某人"}]))
    with pytest.raises(ImportRejected) as rejected:
        import_ledger(base, CLERK, ledger_request(messy_ledger(tmp_path / "台账.xlsx")))
    rows = sorted({p.row for p in rejected.value.problems})
    assert rows == [5, 11]
    assert "张山" in str(rejected.value.problems[0])


def test_name_and_phone_matches_are_offered_not_forced(base: Database, tmp_path: Path) -> None:
    from app.services.cases.intake import register_case
    from tests.services.fixtures import intake

    register_case(base, CLERK, intake(parties=[
        {"role": "applicant", "kind": "person", "name": "王五", "phone": "13800000011"},
        {"role": "respondent", "kind": "person", "name": "某人"}]))
    path = messy_ledger(tmp_path / "台账.xlsx")
    offered = preview_ledger(base, CLERK, ledger_request(path))
    assert offered.counts.name_phone_offers == 1 and offered.counts.name_phone_merged == 0
    merged = import_ledger(base, CLERK, ledger_request(path, match_name_phone=True))
    assert merged.counts.name_phone_merged == 1
    with base.session() as s:
        assert s.scalar(select(func.count()).select_from(Party)
                        .where(Party.name == "王五")) == 1


def test_cancel_leaves_nothing_behind(base: Database, tmp_path: Path) -> None:
    path = messy_ledger(tmp_path / "台账.xlsx")
    with pytest.raises(ImportCancelled):
        import_ledger(base, CLERK, ledger_request(path), progress=lambda done, total: False)
    for model in (Case, Party, ImportBatch):
        assert count_rows(base, model) == 0


def test_unknown_values_are_listed_and_a_mapping_decides_them(
        base: Database, tmp_path: Path) -> None:
    from app.services.imports.plan import survey_ledger

    path = csv_ledger(tmp_path / "台账.csv", "utf-8-sig")
    text = path.read_text(encoding="utf-8-sig").replace("合同纠纷", "买卖货款")
    path.write_text(text, encoding="utf-8-sig")
    survey = survey_ledger(str(path))
    assert [(v.written, v.count) for v in survey.unknown] == [("买卖货款", 1)]
    with pytest.raises(ImportRejected, match="买卖货款"):
        import_ledger(base, CLERK, ledger_request(path))
    mapping = LedgerMapping(values={"category": {"买卖货款": "contract"}})
    save_mapping(base, CLERK, "DC-TW", mapping)
    saved = saved_mapping(base, CLERK, "DC-TW")
    assert saved.values["category"] == {"买卖货款": "contract"}
    assert import_ledger(base, CLERK, ledger_request(path, mapping=saved)).counts.cases == 6
    with base.session() as s:
        stored = s.scalar(select(ImportBatch.mapping))
    assert json.loads(stored or "{}")["values"] == {"category": {"买卖货款": "contract"}}


def test_a_clerk_outside_the_organisation_cannot_import(base: Database, tmp_path: Path) -> None:
    from app.services.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_ledger(base, acting("look"), ledger_request(messy_ledger(tmp_path / "台账.xlsx")))
