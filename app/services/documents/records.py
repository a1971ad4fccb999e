"""Storing a case's documents and reading what they are filled from.

Every generated file is stored with the case (kind, version, format, author,
SHA-256 of the bytes) in the same transaction that writes its audit entry,
so a printed copy can be proven later to be what the system produced.
Regenerating adds a version; old ones stay.  Forms carry full ID numbers
(the court needs them), so only roles that may see full IDs get the data
(the ``document.print`` permission), and only for cases in their scope.
Rendering itself belongs to :mod:`app.documents`, the layer above.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.document_kinds import CASEFILE, KINDS, applicable_kinds, title_of
from app.domain.document_model import CaseData, MeetingData
from app.domain.text import _
from app.services.cases.guard import find_case
from app.services.documents.data import case_data, meeting_data
from app.services.errors import NotFoundError
from app.services.meetings.proceedings import meeting_detail
from app.services.meetings.records import find_meeting
from app.services.security.access import require
from app.services.security.names import display_names
from app.services.security.users import UserInfo
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import Document

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


def case_document_data(db: Database, actor: UserInfo, case_key: str | int) -> CaseData:
    """Everything a form of the case prints, for a user allowed to print it."""
    with db.session() as s:
        return case_data(s, find_case(s, require(s, actor, "document.print"), case_key))


def meeting_document_data(db: Database, actor: UserInfo, meeting_id: int) -> MeetingData:
    """Everything the minutes and the public notice of a meeting print."""
    detail = meeting_detail(db, actor, meeting_id)
    with db.session() as s:
        return meeting_data(s, detail)


def _info(d: Document, names: dict[str, str]) -> DocumentInfo:
    """The document as listed, its author by name (``names``: login → display name)."""
    return DocumentInfo(d.id, d.kind, title_of(d.kind), d.doc_version, d.format,
                        names.get(d.author or "", d.author), d.created_at, d.sha256,
                        len(d.content))


def _infos(session: Session, docs: Sequence[Document]) -> list[DocumentInfo]:
    names = display_names(session, (d.author for d in docs))
    return [_info(d, names) for d in docs]


def store(db: Database, actor: UserInfo, content: bytes, kind: str, fmt: str,
          case_id: int | None = None, meeting_id: int | None = None) -> GeneratedDocument:
    """Save ``content`` as the next version of ``kind`` for the case or meeting."""
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        if case_id is not None:
            find_case(s, require(s, actor, "document.print"), case_id)
        else:
            find_meeting(s, require(s, actor, "meeting.write"), meeting_id or 0)
        owner = (Document.case_id == case_id) if case_id is not None else (
            Document.meeting_id == meeting_id)
        last = uow.session.scalar(select(func.max(Document.doc_version)).where(
            owner, Document.kind == kind, Document.format == fmt))
        doc = Document(case_id=case_id, meeting_id=meeting_id, kind=kind,
                       doc_version=(last or 0) + 1, format=fmt, author=actor.login,
                       sha256=hashlib.sha256(content).hexdigest(), content=content)
        uow.session.add(doc)
        uow.session.flush()
        info = _info(doc, {actor.login: actor.display_name})
        uow.commit()
    return GeneratedDocument(info, content)


def list_documents(db: Database, actor: UserInfo, case_id: int) -> list[DocumentInfo]:
    """The case's documents, in file order, newest version first within a kind."""
    order = {kind: n for n, kind in enumerate([*KINDS, CASEFILE])}
    with db.session() as s:
        find_case(s, require(s, actor, "case.read"), case_id)
        rows = s.execute(select(Document).where(Document.case_id == case_id)).scalars().all()
        infos = _infos(s, rows)
    return sorted(infos, key=lambda d: (order.get(d.kind, 99), d.format, -d.doc_version))


def list_meeting_documents(db: Database, actor: UserInfo, meeting_id: int) -> list[DocumentInfo]:
    """The papers printed for a 村民说事 meeting, oldest first."""
    with db.session() as s:
        find_meeting(s, require(s, actor, "meeting.read"), meeting_id)
        rows = s.execute(select(Document).where(Document.meeting_id == meeting_id)
                         .order_by(Document.id)).scalars().all()
        return _infos(s, rows)


def document_content(db: Database, actor: UserInfo, document_id: int) -> GeneratedDocument:
    """A stored document with its bytes, checked against its recorded SHA-256.

    Case papers print full ID numbers, so they are read as they are printed:
    by roles allowed to print, for cases in their scope; minutes by anyone
    who may read the meeting.
    """
    with db.session() as s:
        owner = s.execute(select(Document.case_id, Document.meeting_id)
                          .where(Document.id == document_id)).one_or_none()
        try:
            if owner is None or owner.case_id is not None:
                who = require(s, actor, "document.print")
                if owner is None:
                    raise NotFoundError(_("文书不存在"))
                find_case(s, who, owner.case_id)
            else:
                find_meeting(s, require(s, actor, "meeting.read"), owner.meeting_id or 0)
        except NotFoundError:
            raise NotFoundError(_("文书不存在")) from None
        d = s.get(Document, document_id)
        assert d is not None
        if hashlib.sha256(d.content).hexdigest() != d.sha256:
            raise NotFoundError(_("文书内容与登记的校验值不符，可能已被改动"))
        return GeneratedDocument(_infos(s, [d])[0], bytes(d.content))


def applicable(db: Database, actor: UserInfo, case_id: int) -> list[str]:
    """The kinds this case has the data for, in file order."""
    with db.session() as s:
        return applicable_kinds(case_data(s, find_case(s, require(s, actor, "case.read"),
                                                      case_id)))
