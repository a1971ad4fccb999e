"""Stored documents: versions and SHA-256, signed scans, the case file, meeting minutes."""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import select

from app.documents import generation as gen
from app.domain.errors import ValidationError
from app.services.agreements.scans import signed_scans
from app.services.documents import records as svc
from app.services.errors import NotFoundError, PermissionDenied
from app.services.meetings.proceedings import meeting_detail
from app.services.security.users import add_user
from app.store.database import Database
from app.store.models import (
    Agreement,
    AuditEntry,
    Case,
    Document,
    JudicialConfirmation,
    Meeting,
)
from tests.documents.conftest import by_committee
from tests.services.fixtures import ADMIN, acting


@pytest.fixture
def demo(small_demo: Database) -> Database:
    """The test's own copy of the 60-case demo county, on each backend."""
    return small_demo


def _written_case(db: Database, *, unarchived: bool = False) -> int:
    """A written agreement's case: confirmed by a court, or (``unarchived``) still open.

    Signed copies are attached before the file is archived; an archived case refuses them.
    """
    query = by_committee(select(Agreement.case_id).join(Case, Case.id == Agreement.case_id)
                         .where(Agreement.form == "written").order_by(Agreement.id))
    if unarchived:
        query = query.where(Case.status != "archived")
    else:
        query = query.join(JudicialConfirmation,
                           JudicialConfirmation.agreement_id == Agreement.id)
    with db.session() as s:
        case_id = s.execute(query).scalars().first()
    assert case_id is not None
    return case_id


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "x.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                         text=True).stdout
    return re.sub(r"\s+", "", out)


def test_regenerating_adds_a_version_with_its_sha256(demo: Database) -> None:
    case_id = _written_case(demo)
    first = gen.generate(demo, ADMIN, case_id, "agreement", "pdf")
    second = gen.generate(demo, ADMIN, case_id, "agreement", "pdf")
    docx = gen.generate(demo, ADMIN, case_id, "agreement", "docx")
    assert (first.info.doc_version, second.info.doc_version, docx.info.doc_version) == (1, 2, 1)
    assert second.info.sha256 == hashlib.sha256(second.content).hexdigest()
    listed = svc.list_documents(demo, ADMIN, case_id)
    assert [(d.kind, d.format, d.doc_version) for d in listed] == [
        ("agreement", "docx", 1), ("agreement", "pdf", 2), ("agreement", "pdf", 1)]
    fetched = svc.document_content(demo, ADMIN, first.info.id)
    assert fetched.content == first.content and fetched.info.author == "系统管理员"
    with demo.session() as s:
        entries = s.execute(select(AuditEntry.after).where(AuditEntry.entity == "documents")
                            ).scalars().all()
    assert len(entries) == 3 and all(first.info.sha256 in e or "sha256" in e for e in entries)


def test_a_tampered_document_is_not_served(demo: Database) -> None:
    case_id = _written_case(demo)
    doc = gen.generate(demo, ADMIN, case_id, "application", "pdf")
    with demo.engine.begin() as conn:
        conn.execute(Document.__table__.update().values(content=b"%PDF-forged")
                     .where(Document.__table__.c.id == doc.info.id))
    with pytest.raises(NotFoundError, match="校验值不符"):
        svc.document_content(demo, ADMIN, doc.info.id)


def test_roles_that_may_not_see_full_ids_cannot_generate(demo: Database) -> None:
    add_user(demo, ADMIN, "guest1", "viewer", "访客", "secret-password-1")
    with pytest.raises(PermissionDenied):
        gen.generate(demo, acting("guest1"), _written_case(demo), "agreement", "pdf")


def test_the_case_file_orders_papers_and_numbers_pages_continuously(
        demo: Database, tmp_path: Path) -> None:
    case_id = _written_case(demo)
    result = gen.generate_casefile(demo, ADMIN, case_id)
    reader = PdfReader(io.BytesIO(result.content))
    text = _text(result.content, tmp_path)
    titles = ("人民调解卷宗", "卷内目录", "人民调解申请书", "人民调解受理登记表", "人民调解协议书",
              "司法确认申请书", "卷内备考表")
    order = [text.index(t) for t in titles]
    assert order == sorted(order)
    numbered = len(reader.pages) - 3
    assert f"第1页共{numbered}页" in text and f"第{numbered}页共{numbered}页" in text
    assert f"本卷共有文书材料{numbered}页" in text
    assert result.info.kind == "casefile"


def test_a_signed_scan_replaces_the_unsigned_agreement(demo: Database, tmp_path: Path) -> None:
    case_id = _written_case(demo, unarchived=True)
    unsigned = gen.generate_casefile(demo, ADMIN, case_id).content
    before = len(PdfReader(io.BytesIO(unsigned)).pages)
    assert "均为原件" not in _text(unsigned, tmp_path)
    assert "未附当事人签署件的扫描件" in _text(unsigned, tmp_path)
    image = io.BytesIO()
    Image.new("RGB", (1240, 1754), "white").save(image, format="PNG")
    info = gen.attach_signed_scan(demo, ADMIN, case_id, "签署件.png", image.getvalue())
    assert info.sha256 == hashlib.sha256(image.getvalue()).hexdigest()
    assert info.material_type == "signed_agreement" and info.mime_type == "image/png"
    assert [a.id for a in signed_scans(demo, ADMIN, case_id)] == [info.id]
    after = gen.generate_casefile(demo, ADMIN, case_id)
    pages = len(PdfReader(io.BytesIO(after.content)).pages)
    assert pages < before
    assert "签署件" in _text(after.content, tmp_path)
    assert "均为原件（签署件以扫描件附入）" in _text(after.content, tmp_path)
    with pytest.raises(ValidationError, match="PDF、JPG 或 PNG"):
        gen.attach_signed_scan(demo, ADMIN, case_id, "x.txt", b"hello")


def test_meeting_minutes_and_notice_are_stored_with_the_meeting(
        demo: Database, tmp_path: Path) -> None:
    with demo.session() as s:
        meeting_id = s.execute(select(Meeting.id).order_by(Meeting.id)).scalars().first()
    assert meeting_id is not None
    minutes = gen.generate_meeting_document(demo, ADMIN, meeting_id, "pdf")
    notice = gen.generate_meeting_document(demo, ADMIN, meeting_id, "docx", "meeting-notice")
    assert "村民说事会议记录" in _text(minutes.content, tmp_path)
    assert notice.info.kind == "meeting-notice" and notice.info.format == "docx"
    with demo.session() as s:
        kinds = s.execute(select(Document.kind).where(Document.meeting_id == meeting_id)
                          ).scalars().all()
    assert sorted(kinds) == ["meeting-minutes", "meeting-notice"]
    sheet = gen.generate_meeting_document(demo, ADMIN, meeting_id, "pdf", "meeting-signin")
    text = _text(sheet.content, tmp_path)
    assert "村民说事签到表" in text and "签名" in text
    detail = meeting_detail(demo, ADMIN, meeting_id)
    assert detail.attendees and all(a.name in text for a in detail.attendees)


def test_a_batch_stops_when_cancelled(demo: Database) -> None:
    case_id = _written_case(demo)
    jobs = [(case_id, "agreement"), (case_id, "application"), (case_id, "intake-form")]
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return done < 2

    done = gen.generate_batch(demo, ADMIN, jobs, progress)
    assert [d.info.kind for d in done] == ["agreement", "application"]
    assert seen == [(0, 3), (1, 3), (2, 3)]
