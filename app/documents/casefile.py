"""The case file (卷宗) as one PDF: cover, index, every paper in order, back cover.

Archival practice numbers the papers of a volume continuously, leaving the
cover, the index and the back cover unnumbered; the index then cites those
numbers.  The whole volume is laid out as one reportlab document, so each
face is embedded once for the volume rather than once per paper: the papers
first (each on new pages, where they start recorded as they are drawn), then
the back cover, the cover and the index — which by then know the page
numbers — and pypdf puts the pages in archival order.  A signed scan goes in
as it is (a PDF's pages, or a photo fitted to an A4 page) on a page of the
layout that carries only its number, so it is numbered like the rest.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader, PdfWriter, Transformation
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas
from reportlab.platypus import Flowable
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Spacer as RLSpacer

from app.documents import layout as L
from app.documents import typography as T
from app.documents.forms_file import IndexEntry, back_cover, file_cover, file_index
from app.documents.pdf import PAGE, document, draw_page_number, flowables
from app.domain.document_model import CaseData
from app.domain.errors import ValidationError
from app.domain.text import _

COVER, INDEX, BACK = "cover", "index", "back"


@dataclass(frozen=True)
class Paper:
    """One paper of the volume: a form laid out here, or a signed scan (PDF bytes)."""

    title: str
    form: L.Form | None = None
    scan: bytes | None = None
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


class _Mark(Flowable):  # type: ignore[misc]
    """Zero-size: tells the canvas which part of the volume the following pages belong to."""

    def __init__(self, part: str | int) -> None:
        super().__init__()
        self.part = part

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        self.canv.volume_part = self.part


class _Deferred(Flowable):  # type: ignore[misc]
    """Flowables made only when reached, i.e. after the papers before them are laid out.

    It claims more height than there is, so the frame asks it to split, and
    the split is the flowables made then.
    """

    def __init__(self, make: Callable[[], list[Flowable]]) -> None:
        super().__init__()
        self.make = make

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return avail_width, avail_height + 1.0

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return self.make()

    def draw(self) -> None:
        """Never drawn: split replaces it first."""


class _VolumeCanvas(canvas.Canvas):  # type: ignore[misc]
    """Records which part each page belongs to; numbers the papers' pages on save."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.volume_part: str | int = COVER
        self.page_parts: list[str | int] = []
        self.number_font = T.PDF_BODY
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self.page_parts.append(self.volume_part)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        numbered = [isinstance(part, int) for part in self.page_parts]
        total, number = sum(numbered), 0
        for state, is_paper in zip(self._pages, numbered, strict=True):
            self.__dict__.update(state)
            if is_paper:
                number += 1
                draw_page_number(self, number, total, self.number_font)
            canvas.Canvas.showPage(self)
        canvas.Canvas.save(self)


class _Volume:
    """Lays out one case's volume and remembers where each paper starts."""

    def __init__(self, case: CaseData, papers: list[Paper]) -> None:
        self.case, self.papers = case, papers
        self.faces = T.register_pdf_fonts()
        self.canvas: _VolumeCanvas | None = None

    def _canvas(self, *args: Any, **kwargs: Any) -> _VolumeCanvas:
        made = _VolumeCanvas(*args, **kwargs)
        made.number_font = self.faces.body
        self.canvas = made
        return made

    def entries(self) -> tuple[IndexEntry, ...]:
        """The index lines from the pages laid out so far (papers come first)."""
        assert self.canvas is not None
        parts = self.canvas.page_parts
        entries, page = [], 1
        for n, paper in enumerate(self.papers):
            pages = parts.count(n)
            entries.append(IndexEntry(paper.title, page, page + pages - 1, paper.remark))
            page += pages
        return tuple(entries)

    def _paper(self, n: int, paper: Paper) -> list[Flowable]:
        out: list[Flowable] = [_Mark(n)]
        if paper.form is not None:
            return out + flowables(paper.form, self.faces)
        assert paper.scan is not None
        for k in range(page_count(paper.scan)):
            out += [RLSpacer(1, 1)] + ([RLPageBreak()] if k < page_count(paper.scan) - 1 else [])
        return out

    def _part(self, part: str, make: Callable[[], L.Form]) -> list[Flowable]:
        return [RLPageBreak(), _Mark(part),
                _Deferred(lambda: flowables(make(), self.faces))]

    def story(self, with_covers: bool) -> list[Flowable]:
        story: list[Flowable] = []
        for n, paper in enumerate(self.papers):
            story += ([RLPageBreak()] if n else []) + self._paper(n, paper)
        if with_covers:
            scanned = any(p.scan is not None for p in self.papers)
            story += self._part(BACK, lambda: back_cover(self.case, self._total(), scanned))
            story += self._part(COVER, lambda: file_cover(self.case))
            story += self._part(INDEX, lambda: file_index(self.case, self.entries()))
        return story

    def _total(self) -> int:
        entries = self.entries()
        return entries[-1].last_page if entries else 0

    def render(self, with_covers: bool = True) -> bytes:
        out = io.BytesIO()
        title = _("人民调解卷宗 {number}").format(number=self.case.number)
        doc = document(out, title, self.case.org.name, "casefile", self.faces)
        doc.build(self.story(with_covers), canvasmaker=self._canvas)
        return out.getvalue()


def index_entries(case: CaseData, papers: list[Paper]) -> tuple[IndexEntry, ...]:
    """The 卷内目录 lines: each paper's first and last page in the volume's numbering."""
    if not papers:
        return ()
    volume = _Volume(case, papers)
    volume.render(with_covers=False)
    return volume.entries()


def _place_scan(writer: PdfWriter, numbered_page: Any, scan_page: Any) -> None:
    """The scan under its page number: scaled into A4 if larger, centred."""
    page = writer.add_page(numbered_page)
    box = scan_page.mediabox
    width, height = float(box.width), float(box.height)
    scale = min(1.0, PAGE[0] / width, PAGE[1] / height)
    move = Transformation().scale(scale).translate((PAGE[0] - width * scale) / 2,
                                                   (PAGE[1] - height * scale) / 2)
    page.merge_transformed_page(scan_page, move, over=False)


def build_casefile(case: CaseData, papers: list[Paper]) -> bytes:
    """The whole volume as one PDF; the papers' pages numbered 1…N continuously."""
    if not papers:
        raise ValidationError(_("案件“{number}”没有可归档的文书").format(number=case.number))
    volume = _Volume(case, papers)
    laid_out = PdfReader(io.BytesIO(volume.render()))
    assert volume.canvas is not None
    parts = volume.canvas.page_parts
    order = ([i for i, p in enumerate(parts) if p == COVER]
             + [i for i, p in enumerate(parts) if p == INDEX]
             + [i for i, p in enumerate(parts) if isinstance(p, int)]
             + [i for i, p in enumerate(parts) if p == BACK])
    scans = {n: iter(PdfReader(io.BytesIO(p.scan)).pages)
             for n, p in enumerate(papers) if p.scan is not None}
    writer = PdfWriter()
    for i in order:
        part = parts[i]
        if isinstance(part, int) and part in scans:
            _place_scan(writer, laid_out.pages[i], next(scans[part]))
        else:
            writer.add_page(laid_out.pages[i])
    writer.add_metadata({"/Title": _("人民调解卷宗 {number}").format(number=case.number),
                         "/Author": case.org.name, "/Creator": T.CREATOR,
                         "/Producer": T.CREATOR})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
