"""The house style of every form: GB/T 9704-2012 page, type sizes and faces.

Both back ends (reportlab for PDF, python-docx for DOCX) read their geometry
and type from here, so a printed PDF and an edited DOCX of the same form look
alike, and a change to the house style is made once.  GB/T 9704-2012 gives the
figures: A4, top margin 37 mm, binding margin 28 mm, a 156 × 225 mm text
block, body 3号 (16 pt) in 22 lines of 28 characters — the characters are
set on a 156/28 mm pitch, a little under their 16 pt body, so that 28 of
them fill the line — and the title in 2号 (22 pt).

The faces are chosen once per machine by :mod:`app.documents.faces` (仿宋,
小标宋/宋体 and 黑体 where installed, the bundled faces otherwise); the PDF
registers and embeds exactly those, and the DOCX names the same families —
for Latin letters and digits too, since the PDF sets them in the same face.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.documents.faces import Face, document_faces
from app.domain.numerals import chinese_number

PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0
TOP_MM = 37.0
LEFT_MM = 28.0
TEXT_WIDTH_MM = 156.0
TEXT_HEIGHT_MM = 225.0
RIGHT_MM = PAGE_WIDTH_MM - LEFT_MM - TEXT_WIDTH_MM
BOTTOM_MM = PAGE_HEIGHT_MM - TOP_MM - TEXT_HEIGHT_MM
PAGE_NUMBER_GAP_MM = 7.0
"""GB/T 9704 puts the page number about 7 mm below the text block."""

SIZE_TITLE = 22.0  # 2号
SIZE_BODY = 16.0  # 3号
SIZE_PAGE_NUMBER = 14.0  # 4号
SIZE_TABLE = 12.0  # 小4号: forms with many fields in cells
SIZE_NOTE = 10.5  # 5号
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
BODY_LEADING = TEXT_HEIGHT_MM * mm / LINES_PER_PAGE
"""22 lines fill the 225 mm block: about 28.9 pt from baseline to baseline."""
BODY_PITCH = TEXT_WIDTH_MM * mm / CHARS_PER_LINE
"""28 characters fill the 156 mm line: a 15.79 pt pitch for 16 pt characters."""
TABLE_LEADING = 18.0
LABEL_MIN_SIZE = 9.0
"""A table label is shrunk to fit its cell on one line, but not below 小5号."""

CREATOR = "Tiaojie 调解台"
"""The program named as the creator of every file it writes."""

PDF_BODY = "TiaojieBody"
PDF_TITLE = "TiaojieTitle"
PDF_HEADING = "TiaojieHeading"

_lock = threading.Lock()


@dataclass(frozen=True)
class PdfFaces:
    """The registered reportlab names of the three roles (shared when the file is the same)."""

    body: str
    title: str
    heading: str
    title_synthetic_bold: bool
    """Draw the title with a thin outline: the face is a regular 宋, the style asks for bold."""


def _register(name: str, face: Face) -> None:
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(face.path), subfontIndex=face.index))


def register_pdf_fonts() -> PdfFaces:
    """Register the faces with reportlab once per process (thread-safe).

    A role whose face is the same file as the body's reuses the body's font,
    so a paper (and the whole case file) embeds one font per face.
    """
    faces = document_faces()
    names = {faces.body.key: PDF_BODY}
    with _lock:
        _register(PDF_BODY, faces.body)
        for name, face in ((PDF_TITLE, faces.title), (PDF_HEADING, faces.heading)):
            if face.key not in names:
                names[face.key] = name
                _register(name, face)
    return PdfFaces(names[faces.body.key], names[faces.title.key], names[faces.heading.key],
                    not faces.title.heavy)


def docx_faces() -> tuple[str, str, str]:
    """The East Asian family names the DOCX gives body, title and headings."""
    faces = document_faces()
    return faces.body.docx_name, faces.title.docx_name, faces.heading.docx_name


def title_is_heavy() -> bool:
    """Whether the title face is bold by design (小标宋); otherwise the title is set bold."""
    return document_faces().title.heavy


def em_width(text: str) -> float:
    """Width of ``text`` in ems: full-width (CJK) characters 1, the rest one half."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


def fitting_size(text: str, width: float, size: float) -> float:
    """The size at which ``text`` fits ``width`` points on one line (≥ LABEL_MIN_SIZE).

    Table labels (纠纷简要情况, 办理人及期限) must not leave one character on a
    line of its own; a label too long even at the minimum keeps the minimum
    and wraps in balanced lines.
    """
    ems = em_width(text)
    if ems == 0 or ems * size <= width:
        return size
    return max(LABEL_MIN_SIZE, int(width / ems * 2) / 2)


def heading_label(level: int, n: int) -> str:
    """The GB/T 9704 heading numbers: 一、 → （一） → 1. for levels 1, 2, 3."""
    numerals = chinese_number(n)
    if level == 1:
        return f"{numerals}、"
    if level == 2:
        return f"（{numerals}）"
    return f"{n}."
