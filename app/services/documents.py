"""Producing, storing and archiving a case's documents.

Every generated file is stored with the case (kind, version, format, author,
SHA-256 of the bytes) in the same transaction that writes its audit entry,
so a printed copy can be proven later to be what the system produced.
Regenerating adds a version; old ones stay.  Forms carry full ID numbers
(the court needs them), so only roles that may see full IDs produce them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.documents import forms_meeting
from app.documents.casefile import Paper, build_casefile, index_entries
from app.documents.forms_file import file_index
from app.documents.kinds import (
    CASE_FORMS,
    KINDS,
    MEETING_KINDS,
    applicable_kinds,
    check_format,
    check_kind,
)
from app.documents.kinds import render as render_form
from app.documents.model import CaseData
from app.documents.pdf import render_pdf
from app.domain.text import _
from app.services.document_data import case_data, meeting_data
from app.services.errors import NotFoundError, PermissionDenied
from app.services.meetings import meeting_detail
from app.services.scans import signed_scan_pdf
from app.services.uow import UnitOfWork
from app.services.users import get_user
from app.store.database import Database
from app.store.models import Case, Document

Progress = Callable[[int, int], bool]
CASEFILE = "casefile"
MIME = {"pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@dataclass(frozen=True)
class DocumentInfo:
    """A stored document without its bytes, for lists."""

    id: int
    kind: str
    title: str
    doc_version: int
    format: str
    author: str | None
    created_at: datetime
    sha256: str
    size: int


@dataclass(frozen=True)
class GeneratedDocument:
    """A stored document and its bytes."""

    info: DocumentInfo
    content: bytes


def title_of(kind: str) -> str:
    """The translated name of a document kind (the case file included)."""
    if kind == CASEFILE:
        return _("人民调解卷宗")
    if kind in KINDS:
        return _(KINDS[kind])
    return _(MEETING_KINDS.get(kind, kind))


def find_case(s: Session, key: str | int) -> Case:
    """A case by id or number, or NotFoundError."""
    case = s.get(Case, key) if isinstance(key, int) else s.execute(
        select(Case).where(Case.number == key)).scalar_one_or_none()
    if case is None:
        raise NotFoundError(_("没有案号为“{number}”的案件").format(number=key))
    return case


def _require_full_ids(db: Database, user: str) -> None:
    if not get_user(db, user).may_see_full_ids:
        raise PermissionDenied(_("您的角色不能生成含完整身份证号码的文书"))


def _papers(s: Session, case: Case, data: CaseData) -> list[Paper]:
    papers = []
    for kind in applicable_kinds(data):
        if kind in ("agreement", "oral-agreement"):
            scan = signed_scan_pdf(s, case.id)
            if scan is not None:
                papers.append(Paper(title_of(kind), scan, _("签署件")))
                continue
        papers.append(Paper(title_of(kind), render_pdf(CASE_FORMS[kind](data), numbered=False)))
    return papers


def _render(s: Session, case: Case, kind: str, fmt: str) -> bytes:
    data = case_data(s, case)
    if kind == "file-index":
        entries = index_entries(_papers(s, case, data))
        return render_form(file_index(data, entries), fmt)
    return render_form(CASE_FORMS[kind](data), fmt)


def _info(d: Document) -> DocumentInfo:
    return DocumentInfo(d.id, d.kind, title_of(d.kind), d.doc_version, d.format, d.author,
                        d.created_at, d.sha256, len(d.content))


def store(db: Database, user: str, content: bytes, kind: str, fmt: str,
          case_id: int | None = None, meeting_id: int | None = None) -> GeneratedDocument:
    """Save ``content`` as the next version of ``kind`` for the case or meeting."""
    with UnitOfWork(db, user) as uow:
        owner = (Document.case_id == case_id) if case_id is not None else (
            Document.meeting_id == meeting_id)
        last = uow.session.scalar(select(func.max(Document.doc_version)).where(
            owner, Document.kind == kind, Document.format == fmt))
        doc = Document(case_id=case_id, meeting_id=meeting_id, kind=kind,
                       doc_version=(last or 0) + 1, format=fmt, author=user,
                       sha256=hashlib.sha256(content).hexdigest(), content=content)
        uow.session.add(doc)
        uow.session.flush()
        info = _info(doc)
        uow.commit()
    return GeneratedDocument(info, content)


def generate(db: Database, user: str, case_key: str | int, kind: str,
             fmt: str) -> GeneratedDocument:
    """Render ``kind`` of the case in ``fmt`` and store it as a new version."""
    check_kind(kind)
    check_format(fmt)
    _require_full_ids(db, user)
    with db.session() as s:
        case = find_case(s, case_key)
        case_id = case.id
        content = _render(s, case, kind, fmt)
    return store(db, user, content, kind, fmt, case_id=case_id)


def generate_casefile(db: Database, user: str, case_key: str | int) -> GeneratedDocument:
    """The 卷宗 as one PDF (signed scans in place of unsigned agreements), stored."""
    _require_full_ids(db, user)
    with db.session() as s:
        case = find_case(s, case_key)
        case_id = case.id
        data = case_data(s, case)
        content = build_casefile(data, _papers(s, case, data))
    return store(db, user, content, CASEFILE, "pdf", case_id=case_id)


def list_documents(db: Database, case_id: int) -> list[DocumentInfo]:
    """The case's documents, in file order, newest version first within a kind."""
    order = {kind: n for n, kind in enumerate([*KINDS, CASEFILE])}
    with db.session() as s:
        rows = s.execute(select(Document).where(Document.case_id == case_id)).scalars().all()
        infos = [_info(d) for d in rows]
    return sorted(infos, key=lambda d: (order.get(d.kind, 99), d.format, -d.doc_version))


def document_content(db: Database, document_id: int) -> GeneratedDocument:
    """A stored document with its bytes, checked against its recorded SHA-256."""
    with db.session() as s:
        d = s.get(Document, document_id)
        if d is None:
            raise NotFoundError(_("文书不存在"))
        if hashlib.sha256(d.content).hexdigest() != d.sha256:
            raise NotFoundError(_("文书内容与登记的校验值不符，可能已被改动"))
        return GeneratedDocument(_info(d), bytes(d.content))


def applicable(db: Database, case_id: int) -> list[str]:
    """The kinds this case has the data for, in file order."""
    with db.session() as s:
        return applicable_kinds(case_data(s, find_case(s, case_id)))



def generate_batch(db: Database, user: str, jobs: list[tuple[int, str]],
                   progress: Progress | None = None) -> list[GeneratedDocument]:
    """PDFs for many (case id, kind) pairs, one stored version each; stops on Cancel.

    Each document is its own transaction, so a cancelled batch keeps what was
    done; ``progress(done, total)`` returning False is the cancel.
    """
    done: list[GeneratedDocument] = []
    for n, (case_id, kind) in enumerate(jobs):
        if progress is not None and not progress(n, len(jobs)):
            return done
        done.append(generate(db, user, case_id, kind, "pdf"))
    if progress is not None:
        progress(len(jobs), len(jobs))
    return done


def generate_meeting_document(db: Database, user: str, meeting_id: int, fmt: str,
                              notice: bool = False) -> GeneratedDocument:
    """The minutes (or, with ``notice``, the public notice) of a 村民说事 meeting, stored."""
    check_format(fmt)
    detail = meeting_detail(db, meeting_id)
    with db.session() as s:
        data = meeting_data(s, detail)
    form = forms_meeting.notice(data) if notice else forms_meeting.minutes(data)
    return store(db, user, render_form(form, fmt), form.kind, fmt, meeting_id=meeting_id)
