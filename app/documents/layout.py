"""The few building blocks every form is made of, independent of the file format.

A form is written once as a list of blocks (title, paragraphs, a field grid,
signature places, the seal position); :mod:`app.documents.pdf` and
:mod:`app.documents.docx` each turn that list into their format.  This keeps
the wording of a form in one place, so the DOCX a clerk edits and the PDF
that gets printed can never say different things.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.domain.dates import format_date_cn
from app.domain.document_model import OrgHeader
from app.domain.text import _

BLANK_DATE = "　　年　　月　　日"
"""A date to be written in by hand."""


def seal_date(on: date | None) -> str:
    """The 成文日期 in Arabic numerals, months and days unpadded (GB/T 9704-2012 7.3.5.1),
    or blanks to write it in."""
    return format_date_cn(on) if on else BLANK_DATE


@dataclass(frozen=True)
class Title:
    """The centred 2号 title, with the issuing body's name above it."""

    text: str
    issuer: str | None = None


@dataclass(frozen=True)
class RefLine:
    """A right-aligned line under the title, e.g. the agreement number."""

    text: str


@dataclass(frozen=True)
class Heading:
    """A first-level 黑体 heading (一、当事人基本情况), indented two characters."""

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
class Signer:
    """One place to sign: who (``heading``), what to write by hand (``lines``), then the date."""

    heading: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Signatures:
    """Places for handwritten signatures, two to a row, each with room for the date."""

    signers: tuple[Signer, ...]


@dataclass(frozen=True)
class Seal:
    """The issuing body's name with the place for its stamp, and the date under it."""

    issuer: str
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


@dataclass(frozen=True)
class Together:
    """Blocks kept on one page: the last lines of a text with its signatures and seal.

    A seal, a date or signatures never stand alone on a page: when they do
    not fit under the text they sign, the last lines of that text move to
    the next page with them.
    """

    blocks: tuple[Block, ...]


Block = (Title | RefLine | Heading | Para | Grid | Signatures | Seal | Note | Spacer
         | PageBreak | Together)


@dataclass(frozen=True)
class Form:
    """A finished form: its blocks, and the title and reference the file's metadata carry."""

    kind: str
    title: str
    blocks: tuple[Block, ...]
    org: OrgHeader
    reference: str = ""
    """The case number (or the meeting) the paper belongs to, for the file's title."""

    @property
    def document_title(self) -> str:
        """The title of the file: the paper and its case number."""
        return f"{self.title} {self.reference}".strip()


def contact_lines(org: OrgHeader) -> tuple[Note, ...]:
    """The organisation's address and phone as the paper's last line, when it has them.

    Callers put it inside the closing :class:`Together`, so it never stands
    alone on a page after the seal.
    """
    parts = []
    if org.address:
        parts.append(_("地址：{address}").format(address=org.address))
    if org.phone:
        parts.append(_("电话：{phone}").format(phone=org.phone))
    return (Note(f"{org.name}　" + "　".join(parts)),) if parts else ()
