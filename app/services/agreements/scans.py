"""Signed copies: the scan or photo of the agreement as the parties signed it.

The unsigned printout proves nothing once signed copies exist; the case file
must hold what was actually signed.  A scan is stored as an Attachment with
its SHA-256 and replaces the generated agreement in the case file.  Only
PDF, JPEG and PNG are accepted, recognised by their content, not their name.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.domain.errors import ValidationError
from app.domain.text import _
from app.services.cases.guard import case_for_change, find_case
from app.services.security.access import require
from app.services.security.users import UserInfo
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import Agreement, Attachment

SIGNED_AGREEMENT = "signed_agreement"
MAX_BYTES = 50 * 1024 * 1024
_SIGNATURES = ((b"%PDF-", "application/pdf"), (b"\x89PNG\r\n\x1a\n", "image/png"),
               (b"\xff\xd8\xff", "image/jpeg"))


@dataclass(frozen=True)
class AttachmentInfo:
    """A stored attachment without its bytes."""

    id: int
    material_type: str
    filename: str
    mime_type: str | None
    added_by: str | None
    created_at: datetime
    sha256: str


def sniff(content: bytes) -> str:
    """The MIME type of a PDF/PNG/JPEG by its first bytes, or a ValidationError."""
    for magic, mime in _SIGNATURES:
        if content.startswith(magic):
            return mime
    raise ValidationError(_("签署件只能是 PDF、JPG 或 PNG 文件"), "file")


def attach_signed_scan(db: Database, actor: UserInfo, case_id: int, filename: str,
                       content: bytes) -> AttachmentInfo:
    """Store the signed agreement's scan; it replaces the unsigned one in the case file."""
    if not content or len(content) > MAX_BYTES:
        raise ValidationError(_("签署件为空或超过50MB"), "file")
    mime = sniff(content)
    with UnitOfWork(db, actor) as uow:
        case_for_change(uow.session, require(uow.session, actor, "case.agreement"), case_id)
        if uow.session.execute(select(Agreement.id).where(Agreement.case_id == case_id)
                               ).scalar_one_or_none() is None:
            raise ValidationError(_("案件还没有调解协议，不能附签署件"), "file")
        row = Attachment(case_id=case_id, material_type=SIGNED_AGREEMENT,
                         filename=filename[-260:], mime_type=mime, added_by=actor.login,
                         sha256=hashlib.sha256(content).hexdigest(), content=content)
        uow.session.add(row)
        uow.session.flush()
        info = AttachmentInfo(row.id, row.material_type, row.filename, row.mime_type,
                              row.added_by, row.created_at, row.sha256)
        uow.commit()
    return info


def signed_scans(db: Database, actor: UserInfo, case_id: int) -> list[AttachmentInfo]:
    """The signed copies attached to the case, newest first."""
    with db.session() as s:
        find_case(s, require(s, actor, "case.read"), case_id)
        rows = s.execute(select(Attachment).where(
            Attachment.case_id == case_id, Attachment.material_type == SIGNED_AGREEMENT)
            .order_by(Attachment.id.desc())).scalars().all()
        return [AttachmentInfo(a.id, a.material_type, a.filename, a.mime_type, a.added_by,
                               a.created_at, a.sha256) for a in rows]


def latest_signed_scan(db: Database, actor: UserInfo, case_id: int) -> tuple[bytes, str] | None:
    """The newest signed copy's bytes and MIME type, or None (it shows full ID numbers)."""
    with db.session() as s:
        find_case(s, require(s, actor, "document.print"), case_id)
        row = s.execute(select(Attachment).where(
            Attachment.case_id == case_id, Attachment.material_type == SIGNED_AGREEMENT)
            .order_by(Attachment.id.desc()).limit(1)).scalar_one_or_none()
        if row is None:
            return None
        return bytes(row.content), row.mime_type or "application/pdf"
