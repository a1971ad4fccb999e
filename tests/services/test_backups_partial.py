"""``export --format archive --org``: one organisation's cases and only what they reference.

The archive is the backup format (kind ``partial``): it verifies the same
way, carries documents as metadata without their content, never carries
accounts, and cannot be restored as a whole case base.  Every row keeps its
global id, and the export is recorded in the source's audit trail.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import or_, select

from app.services.backups import RestoreRefused, export_partial, restore_backup, verify_backup
from app.services.errors import NotFoundError
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import AuditEntry, Case, CaseParty, Document, Organisation
from tests.services.backup_support import archive_rows
from tests.services.fixtures import ADMIN

CODE = "XS-ZX"


def _org_cases(db: Database, code: str) -> tuple[set[int], int]:
    with db.session() as s:
        org = s.scalars(select(Organisation.id).where(Organisation.code == code)).one()
        ids = set(s.scalars(select(Case.id).where(or_(Case.organisation_id == org,
                                                       Case.current_organisation_id == org))))
        total = len(s.scalars(select(Case.id)).all())
    return ids, total


def _add_document(db: Database, case_id: int) -> None:
    with UnitOfWork(db, ADMIN) as uow:
        uow.session.add(Document(case_id=case_id, kind="application", format="pdf",
                                 sha256="ab" * 32, content=b"%PDF-1.4 secret body"))
        uow.commit()


def test_one_organisations_cases_and_what_they_reference(small_demo: Database,
                                                         tmp_path: Path) -> None:
    expected, total = _org_cases(small_demo, CODE)
    assert 0 < len(expected) < total
    _add_document(small_demo, min(expected))
    report = export_partial(small_demo, ADMIN, CODE, tmp_path / "xs-zx.tjbak")
    manifest = verify_backup(report.path)
    assert manifest.kind == "partial" and manifest.scope["organisation"] == CODE

    cases = {r["id"] for r in archive_rows(report.path, "cases")}
    assert cases == expected
    with small_demo.session() as s:
        their_parties = set(s.scalars(select(CaseParty.party_id)
                                      .where(CaseParty.case_id.in_(expected))))
    links = archive_rows(report.path, "case_parties")
    assert {r["case_id"] for r in links} == cases
    parties = {r["id"] for r in archive_rows(report.path, "parties")}
    referenced = their_parties | {r["represents_id"] for r in links if r["represents_id"]}
    for obligation in archive_rows(report.path, "obligations"):
        referenced |= {obligation["debtor_party_id"], obligation["creditor_party_id"]} - {None}
    assert their_parties <= parties <= referenced

    documents = archive_rows(report.path, "documents")
    assert [d["case_id"] for d in documents] == [min(expected)]
    assert "content" not in documents[0] and documents[0]["sha256"] == "ab" * 32
    assert b"secret body" not in report.path.read_bytes()
    assert archive_rows(report.path, "users") == []
    assert all(len(r["global_id"]) == 36 for r in archive_rows(report.path, "cases"))

    exported = {(t, r["id"]) for t in ("cases", "case_parties", "parties", "documents")
                for r in archive_rows(report.path, t)}
    entries = archive_rows(report.path, "audit_entries")
    assert entries and all((e["entity"], e["entity_id"]) in exported for e in entries)
    with small_demo.session() as s:
        event = s.scalars(select(AuditEntry.after).where(AuditEntry.action == "export")).one()
    assert CODE in event and report.fingerprint.digest in event

    with pytest.raises(RestoreRefused, match="部分导出"):
        restore_backup(report.path, f"sqlite:///{tmp_path / 'x.db'}", None)
    assert not (tmp_path / "x.db").exists()


def test_the_dates_narrow_the_cases_and_an_unknown_code_is_refused(small_demo: Database,
                                                                   tmp_path: Path) -> None:
    expected, _total = _org_cases(small_demo, CODE)
    with small_demo.session() as s:
        days = sorted(s.scalars(select(Case.received_at).where(Case.id.in_(expected))))
    middle = days[len(days) // 2].date()
    report = export_partial(small_demo, ADMIN, CODE, tmp_path / "late.tjbak",
                            received_from=middle, received_to=date(2100, 1, 1))
    late = archive_rows(report.path, "cases")
    assert 0 < len(late) < len(expected)
    assert all(r["received_at"].date() >= middle for r in late)
    with pytest.raises(NotFoundError, match="NOPE"):
        export_partial(small_demo, ADMIN, "NOPE", tmp_path / "nope.tjbak")
    assert not (tmp_path / "nope.tjbak").exists()
