"""Producing a case's or meeting's documents: read the data, render, store.

This is the one place the GUI and the CLI ask for a document, so both get
the same papers: the data comes from :mod:`app.services.documents.records` (which
also stores every result as a new version with its SHA-256), the layout
from the renderers of this package.  Rendering runs with no database
session open, so a long batch never holds a transaction.

The renderers (reportlab, python-docx, pypdf) are imported by the functions
that make a paper, not by this module: the GUI imports this module while it
opens, and a clerk who only looks up a case should not wait for them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from app.domain.agreement_rules import confirmation_deadline, deadline_warning
from app.domain.document_kinds import (
    CASEFILE,
    applicable_kinds,
    check_format,
    check_kind,
)
from app.domain.document_model import CaseData
from app.domain.text import _
from app.services.agreements import scans
from app.services.documents.records import (
    GeneratedDocument,
    case_document_data,
    meeting_document_data,
    store,
)
from app.services.security.users import UserInfo
from app.store.database import Database

if TYPE_CHECKING:
    from app.documents.casefile import Paper

Progress = Callable[[int, int], bool]


def _signed_scan_pdf(db: Database, actor: UserInfo, case_id: int) -> bytes | None:
    """The newest signed copy as PDF bytes (a photo becomes one A4 page), or None."""
    from app.documents.casefile import image_page

    scan = scans.latest_signed_scan(db, actor, case_id)
    if scan is None:
        return None
    content, mime = scan
    return content if mime == "application/pdf" else image_page(content)


def _case_id(data: CaseData) -> int:
    assert data.case_id is not None, "case data read from the case base carries its id"
    return data.case_id


def _papers(db: Database, actor: UserInfo, data: CaseData) -> list[Paper]:
    from app.documents.casefile import Paper
    from app.documents.kinds import CASE_FORMS

    papers = []
    for kind in applicable_kinds(data):
        form = CASE_FORMS[kind](data)
        if kind in ("agreement", "oral-agreement"):
            scan = _signed_scan_pdf(db, actor, _case_id(data))
            if scan is not None:
                papers.append(Paper(form.title, scan=scan, remark=_("签署件")))
                continue
        papers.append(Paper(form.title, form=form))
    return papers


def warnings_for(data: CaseData, kind: str) -> tuple[str, ...]:
    """What the clerk should hear about a paper just made: the last week of the
    judicial-confirmation window (民事诉讼法 art 205)."""
    agreement = data.agreement
    if kind != "judicial-confirmation" or agreement is None or agreement.effective_on is None:
        return ()
    if data.confirmation is not None and data.confirmation.applied_on is not None:
        return ()
    deadline = confirmation_deadline(agreement.effective_on, data.today)
    return (deadline_warning(deadline),) if deadline.state == "near" else ()


def generate_with_warnings(db: Database, actor: UserInfo, case_key: str | int, kind: str,
                           fmt: str) -> tuple[GeneratedDocument, tuple[str, ...]]:
    """Render ``kind`` of the case in ``fmt``, store it, and say what the clerk must know."""
    from app.documents.casefile import index_entries
    from app.documents.forms_file import file_index
    from app.documents.kinds import CASE_FORMS, render

    check_kind(kind)
    check_format(fmt)
    data = case_document_data(db, actor, case_key)
    if kind == "file-index":
        content = render(file_index(data, index_entries(data, _papers(db, actor, data))), fmt)
    else:
        content = render(CASE_FORMS[kind](data), fmt)
    stored = store(db, actor, content, kind, fmt, case_id=_case_id(data))
    return stored, warnings_for(data, kind)


def generate(db: Database, actor: UserInfo, case_key: str | int, kind: str,
             fmt: str) -> GeneratedDocument:
    """Render ``kind`` of the case in ``fmt`` and store it as a new version."""
    return generate_with_warnings(db, actor, case_key, kind, fmt)[0]


def generate_casefile(db: Database, actor: UserInfo, case_key: str | int) -> GeneratedDocument:
    """The 卷宗 as one PDF (signed scans in place of unsigned agreements), stored."""
    from app.documents.casefile import build_casefile

    data = case_document_data(db, actor, case_key)
    content = build_casefile(data, _papers(db, actor, data))
    return store(db, actor, content, CASEFILE, "pdf", case_id=_case_id(data))


def generate_batch(db: Database, actor: UserInfo, jobs: list[tuple[int, str]],
                   progress: Progress | None = None) -> list[GeneratedDocument]:
    """PDFs for many (case id, kind) pairs, one stored version each; stops on Cancel.

    Each document is its own transaction, so a cancelled batch keeps what was
    done; ``progress(done, total)`` returning False is the cancel.
    """
    done: list[GeneratedDocument] = []
    for n, (case_id, kind) in enumerate(jobs):
        if progress is not None and not progress(n, len(jobs)):
            return done
        done.append(generate(db, actor, case_id, kind, "pdf"))
    if progress is not None:
        progress(len(jobs), len(jobs))
    return done


def generate_meeting_document(db: Database, actor: UserInfo, meeting_id: int, fmt: str,
                              kind: str = "meeting-minutes") -> GeneratedDocument:
    """The minutes, public notice or sign-in sheet of a 村民说事 meeting, stored."""
    from app.documents import forms_meeting
    from app.documents.kinds import render

    check_format(fmt)
    data = meeting_document_data(db, actor, meeting_id)
    form = forms_meeting.MEETING_FORMS[kind](data)
    return store(db, actor, render(form, fmt), form.kind, fmt, meeting_id=meeting_id)


def attach_signed_scan(db: Database, actor: UserInfo, case_id: int, filename: str,
                       content: bytes) -> scans.AttachmentInfo:
    """Store a signed copy after checking it can be read into the case file."""
    from app.documents.casefile import image_page, page_count

    if scans.sniff(content) == "application/pdf":
        page_count(content)
    else:
        image_page(content)
    return scans.attach_signed_scan(db, actor, case_id, filename, content)
