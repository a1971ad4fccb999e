"""The few building blocks every form is made of, independent of the file format.

A form is written once as a list of blocks (title, paragraphs, a field grid,
signature lines, the seal); :mod:`app.documents.pdf` and
:mod:`app.documents.docx` each turn that list into their format.  This keeps
the wording of a form in one place, so the DOCX a clerk edits and the PDF
that gets printed can never say different things.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.domain.document_model import OrgHeader
from app.domain.text import _


@dataclass(frozen=True)
class Title:
    """The centred 2号 title, with the organisation's name above it."""

    text: str
    issuer: str | None = None


@dataclass(frozen=True)
class RefLine:
    """A right-aligned line under the title, e.g. the agreement number."""

    text: str


@dataclass(frozen=True)
class Heading:
    """A 黑体 heading inside the body (一、当事人基本情况)."""

    text: str


@dataclass(frozen=True)
class Para:
    """Body text; ``indent`` = first line indented two characters."""

    text: str
    indent: bool = True
    bold_lead: str | None = None
    """Text printed in the heading face before ``text`` (a label such as 申请人：)."""


@dataclass(frozen=True)
class Grid:
    """A ruled form table; a row shorter than ``widths`` lets its last cell span the rest.

    ``widths`` are fractions of the text width; ``label_cells`` are the
    (row, column) positions printed as labels; ``header`` makes row 0 a header.
    ``heights`` gives minimum row heights in lines for cells to be written in.
    """

    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    label_cells: frozenset[tuple[int, int]] = frozenset()
    header: bool = False
    heights: dict[int, int] = field(default_factory=dict)
    small: bool = False
    """Set in 5号 instead of 小4号, for wide registers (ID numbers must not break)."""


@dataclass(frozen=True)
class Signatures:
    """Places for handwritten signatures, two to a row: (role, printed name, what to do)."""

    lines: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class Seal:
    """The organisation's seal place and the date under it, right-aligned."""

    org: OrgHeader
    on: date | None


@dataclass(frozen=True)
class Note:
    """Small print at the end (address and phone of the organisation, remarks)."""

    text: str


@dataclass(frozen=True)
class Spacer:
    """Blank body lines."""

    lines: int = 1


@dataclass(frozen=True)
class PageBreak:
    """Start a new page."""


Block = Title | RefLine | Heading | Para | Grid | Signatures | Seal | Note | Spacer | PageBreak


@dataclass(frozen=True)
class Form:
    """A finished form: its blocks and the title the file and the case file list use."""

    kind: str
    title: str
    blocks: tuple[Block, ...]
    org: OrgHeader


def contact_note(org: OrgHeader) -> Note | None:
    """The organisation's address and phone as the last line, when it has them."""
    parts = []
    if org.address:
        parts.append(_("地址：{address}").format(address=org.address))
    if org.phone:
        parts.append(_("电话：{phone}").format(phone=org.phone))
    return Note(f"{org.name}　" + "　".join(parts)) if parts else None
