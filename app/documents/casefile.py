"""The case file (卷宗) as one PDF: cover, index, every paper in order, back cover.

Archival practice numbers the papers of a volume continuously, leaving the
cover, the index and the back cover unnumbered; the index then cites those
numbers, so the papers are laid out first (without their own page numbers),
counted, and stamped once merged.  Signed scans go in as they are (a PDF's
pages, or a photo fitted to an A4 page), stamped like the rest.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from app.documents import typography as T
from app.documents.forms_file import IndexEntry, back_cover, file_cover, file_index
from app.documents.pdf import PAGE, draw_page_number, render_pdf
from app.domain.document_model import CaseData
from app.domain.errors import ValidationError
from app.domain.text import _


@dataclass(frozen=True)
class Paper:
    """One paper of the volume as PDF bytes, with its index title and remark."""

    title: str
    pdf: bytes
    remark: str = ""


def image_page(data: bytes) -> bytes:
    """A scan or photo (JPG/PNG) fitted inside the text block of one A4 page."""
    try:
        image = ImageReader(io.BytesIO(data))
        width, height = image.getSize()
    except Exception as exc:
        raise ValidationError(_("无法读取图片：{reason}").format(reason=exc)) from exc
    box_w, box_h = T.TEXT_WIDTH_MM * mm, T.TEXT_HEIGHT_MM * mm
    scale = min(box_w / width, box_h / height)
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=PAGE)
    w, h = width * scale, height * scale
    c.drawImage(image, T.LEFT_MM * mm + (box_w - w) / 2,
                T.BOTTOM_MM * mm + (box_h - h), w, h)
    c.showPage()
    c.save()
    return out.getvalue()


def page_count(pdf: bytes) -> int:
    """How many pages ``pdf`` has (a damaged file is a ValidationError)."""
    try:
        return len(PdfReader(io.BytesIO(pdf)).pages)
    except Exception as exc:
        raise ValidationError(_("PDF 文件无法读取：{reason}").format(reason=exc)) from exc


def index_entries(papers: list[Paper]) -> tuple[IndexEntry, ...]:
    """The 卷内目录 lines: each paper's first and last page in the volume's numbering."""
    entries, page = [], 1
    for paper in papers:
        pages = page_count(paper.pdf)
        entries.append(IndexEntry(paper.title, page, page + pages - 1, paper.remark))
        page += pages
    return tuple(entries)


def _stamp(page: object, number: int, total: int) -> None:
    box = page.mediabox  # type: ignore[attr-defined]
    width, height = float(box.width), float(box.height)
    overlay = io.BytesIO()
    c = canvas.Canvas(overlay, pagesize=(width, height), initialFontName=T.PDF_BODY)
    c.translate((width - PAGE[0]) / 2, 0)
    draw_page_number(c, number, total)
    c.showPage()
    c.save()
    page.merge_page(PdfReader(overlay).pages[0])  # type: ignore[attr-defined]


def build_casefile(case: CaseData, papers: list[Paper]) -> bytes:
    """The whole volume as one PDF; the papers' pages numbered 1…N continuously."""
    if not papers:
        raise ValidationError(_("案件“{number}”没有可归档的文书").format(number=case.number))
    T.register_pdf_fonts()
    entries = index_entries(papers)
    total = entries[-1].last_page
    writer = PdfWriter()
    for part in (render_pdf(file_cover(case), numbered=False),
                 render_pdf(file_index(case, entries), numbered=False)):
        writer.append(PdfReader(io.BytesIO(part)))
    number = 0
    for paper in papers:
        for page in PdfReader(io.BytesIO(paper.pdf)).pages:
            number += 1
            _stamp(writer.add_page(page), number, total)
    writer.append(PdfReader(io.BytesIO(render_pdf(back_cover(case, total), numbered=False))))
    writer.add_metadata({"/Title": _("人民调解卷宗 {number}").format(number=case.number),
                         "/Author": case.org.name})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
