"""PDF back end: a :class:`~app.documents.layout.Form` laid out with reportlab.

The PDF is the copy that is printed, signed and archived, so it must look
the same everywhere: the faces are embedded (subset) rather than named,
the page is the GB/T 9704 block, text is broken by the 禁则 rule of
:mod:`app.documents.linebreak`, and every page says "第X页 共Y页" (the total
is known only after layout, hence the two-pass canvas).  For the case file
the numbers are left off here and stamped over the merged volume instead.
No picture of a seal is ever drawn: the paper marks where the real stamp goes.
"""

from __future__ import annotations

import io
from dataclasses import replace
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Table,
    TableStyle,
)
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Spacer as RLSpacer
from reportlab.platypus.doctemplate import NullActionFlowable

from app.documents import layout as L
from app.documents import typography as T
from app.documents.pdf_text import CENTRE, JUSTIFY, LEFT, RIGHT, Span, Style, TextBlock
from app.domain.text import _

PAGE = (T.PAGE_WIDTH_MM * mm, T.PAGE_HEIGHT_MM * mm)
WIDTH = T.TEXT_WIDTH_MM * mm

_TRACK = T.BODY_PITCH - T.SIZE_BODY
BODY = Style(T.SIZE_BODY, T.BODY_LEADING, JUSTIFY, 2 * T.BODY_PITCH, _TRACK)
FLUSH = Style(T.SIZE_BODY, T.BODY_LEADING, JUSTIFY, 0.0, _TRACK)
HEADING = BODY
ISSUER = Style(T.SIZE_BODY, T.SIZE_BODY * 1.6, CENTRE)
REF = Style(T.SIZE_BODY, T.BODY_LEADING, RIGHT, space_after=T.SIZE_BODY * 0.3)
CELL = Style(T.SIZE_TABLE, T.TABLE_LEADING, LEFT)
LABEL = Style(T.SIZE_TABLE, T.TABLE_LEADING, CENTRE, fit=True, min_size=T.LABEL_MIN_SIZE)
SMALL = Style(T.SIZE_NOTE, T.SIZE_NOTE * 1.45, LEFT)
SMALL_LABEL = Style(T.SIZE_NOTE, T.SIZE_NOTE * 1.45, CENTRE, fit=True, min_size=8.0)
SIGN = Style(T.SIZE_BODY, T.BODY_LEADING, LEFT)
SIGN_NOTE = Style(T.SIZE_TABLE, T.TABLE_LEADING, LEFT)
SIGN_DATE = replace(SIGN_NOTE, align=RIGHT)
NOTE = Style(T.SIZE_TABLE, T.TABLE_LEADING, LEFT, space_before=8)


def _title_style(faces: T.PdfFaces) -> Style:
    return Style(T.SIZE_TITLE, T.SIZE_TITLE * 1.6, CENTRE, space_after=T.SIZE_BODY * 0.6,
                 bold=faces.title_synthetic_bold)


class _SealBlock(Flowable):  # type: ignore[misc]
    """Issuer's name with （盖章）, centred over the date set four characters from the right."""

    def __init__(self, seal: L.Seal, font: str) -> None:
        super().__init__()
        self.seal, self.font = seal, font
        self.height = T.BODY_LEADING * 3

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return WIDTH, self.height

    def draw(self) -> None:
        c = self.canv
        name = self.seal.issuer + _("（盖章）")
        date_text = L.seal_date(self.seal.on)
        right = WIDTH - 4 * T.BODY_PITCH
        widths = [c.stringWidth(t, self.font, T.SIZE_BODY) for t in (name, date_text)]
        block = max(widths)
        left = max(0.0, right - block)
        name_y = self.height - T.BODY_LEADING * 1.7
        c.setFont(self.font, T.SIZE_BODY)
        c.drawString(left + (block - widths[0]) / 2, name_y, name)
        c.drawString(left + (block - widths[1]) / 2, name_y - T.BODY_LEADING, date_text)


TAIL_LINES = 3
"""How many lines (or table rows) of the text go with its signatures and seal at least."""


def _line_count(item: Flowable, width: float) -> int:
    """Lines of a text, rows of a table, nothing for spacing."""
    if isinstance(item, TextBlock):
        item.wrap(width, PAGE[1])
        return len(item.lines or ())
    if isinstance(item, Table):
        item.wrap(width, PAGE[1])
        return len(item._rowHeights)
    return 0


def _last_rows(item: Flowable, width: float, count: int) -> tuple[Flowable | None, Flowable]:
    """``item`` as (what may stay behind, its last ``count`` lines or rows)."""
    if isinstance(item, TextBlock):
        return item.last_lines(width, count)
    if isinstance(item, Table):
        item.wrap(width, PAGE[1])
        heights = item._rowHeights
        if len(heights) > count + item.repeatRows:
            parts = item.split(width, sum(heights[:-count]) + 0.5)
            if len(parts) == 2:
                return parts[0], parts[1]
    return None, item


class _KeepTail(Flowable):  # type: ignore[misc]
    """Signatures, seal and date kept with the last lines of the text they close.

    When the group does not fit where it falls, the text before its last
    :data:`TAIL_LINES` lines (or table rows) stays, and those lines move on
    with the closing items: a page never holds a seal, a date or signatures
    without text of the paper, and no more text moves than must.
    """

    def __init__(self, text: list[Flowable], closing: list[Flowable]) -> None:
        super().__init__()
        self.text, self.closing = text, closing
        self._sizes: list[tuple[float, float]] = []

    @property
    def items(self) -> list[Flowable]:
        return [*self.text, *self.closing]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._sizes = [item.wrap(avail_width, PAGE[1]) for item in self.items]
        self.width, self.height = avail_width, sum(h for _w, h in self._sizes)
        return self.width, self.height

    def draw(self) -> None:
        y = self.height
        for item, (_w, h) in zip(self.items, self._sizes, strict=True):
            y -= h
            item.drawOn(self.canv, 0, y)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        staying, lines = list(self.text), 0
        moving: list[Flowable] = []
        while staying and lines < TAIL_LINES:
            item = staying.pop()
            count = _line_count(item, avail_width)
            if lines + count > TAIL_LINES:
                stay, item = _last_rows(item, avail_width, TAIL_LINES - lines)
                if stay is not None:
                    staying.append(stay)
            moving.insert(0, item)
            lines += count
        # Each piece then flows on its own (the leading no-op lets the first be split too).
        return [NullActionFlowable(), *staying, KeepTogether([*moving, *self.closing])]


class _Builder:
    """Turns blocks into flowables with this machine's registered faces."""

    def __init__(self, faces: T.PdfFaces) -> None:
        self.faces = faces

    def text(self, text: str, style: Style, font: str | None = None) -> TextBlock:
        return TextBlock([Span(font or self.faces.body, text)], style)

    def lines(self, text: str, style: Style, font: str | None = None) -> list[TextBlock]:
        return [self.text(line, style, font) for line in text.split("\n")]

    def grid(self, block: L.Grid) -> Table:
        columns = len(block.widths)
        data: list[list[Any]] = []
        spans = []
        for r, row in enumerate(block.rows):
            cells: list[Any] = []
            for col, value in enumerate(row):
                is_label = (r, col) in block.label_cells or (block.header and r == 0)
                style = (SMALL_LABEL if is_label else SMALL) if block.small else (
                    LABEL if is_label else CELL)
                font = self.faces.heading if is_label else self.faces.body
                content: list[Any] = self.lines(value, style, font)
                extra = block.heights.get(r, 0)
                if extra and not is_label:
                    content.append(RLSpacer(1, extra * T.TABLE_LEADING))
                cells.append(content)
            if len(row) < columns:
                spans.append(("SPAN", (len(row) - 1, r), (columns - 1, r)))
                cells += [""] * (columns - len(row))
            data.append(cells)
        table = Table(data, colWidths=[w * WIDTH for w in block.widths],
                      repeatRows=int(block.header))
        pad = 3 if block.small else 5
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), self.faces.body),
            ("GRID", (0, 0), (-1, -1), 0.75, "black"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            *spans,
        ]))
        return table

    def signatures(self, block: L.Signatures) -> Table:
        cells: list[Any] = []
        for signer in block.signers:
            cell: list[Any] = [self.text(signer.heading, SIGN)]
            cell += [self.text(line, SIGN_NOTE) for line in signer.lines]
            cell.append(self.text(L.BLANK_DATE, SIGN_DATE))
            cells.append(cell)
        if len(cells) % 2:
            cells.append("")
        rows = [cells[i:i + 2] for i in range(0, len(cells), 2)]
        table = Table(rows, colWidths=[WIDTH / 2] * 2)
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("FONTNAME", (0, 0), (-1, -1), self.faces.body),
                                   ("TOPPADDING", (0, 0), (-1, -1), 0),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), T.BODY_LEADING * 0.4),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), T.BODY_PITCH)]))
        return table

    def para(self, block: L.Para) -> list[Flowable]:
        out: list[Flowable] = []
        style = BODY if block.indent else FLUSH
        for n, line in enumerate(block.text.split("\n")):
            spans = [Span(self.faces.body, line)]
            if n == 0 and block.bold_lead:
                spans.insert(0, Span(self.faces.heading, block.bold_lead))
            out.append(TextBlock(spans, style))
        return out

    def together(self, block: L.Together) -> _KeepTail:
        """The closing run (spacing, signatures, seal, what follows them) and the text before."""
        closing_from = next((n for n, b in enumerate(block.blocks)
                             if isinstance(b, L.Signatures | L.Seal)), len(block.blocks))
        while closing_from and isinstance(block.blocks[closing_from - 1], L.Spacer):
            closing_from -= 1
        return _KeepTail(self.flowables(block.blocks[:closing_from]),
                         self.flowables(block.blocks[closing_from:]))

    def flowables(self, blocks: tuple[L.Block, ...]) -> list[Flowable]:
        out: list[Flowable] = []
        for block in blocks:
            out += self.block(block)
        return out

    def block(self, block: L.Block) -> list[Flowable]:
        if isinstance(block, L.Title):
            issuer = [self.text(block.issuer, ISSUER, self.faces.heading)] if block.issuer else []
            return [*issuer, self.text(block.text, _title_style(self.faces), self.faces.title)]
        if isinstance(block, L.RefLine):
            return [self.text(block.text, REF)]
        if isinstance(block, L.Heading):
            heading = self.text(block.text, HEADING, self.faces.heading)
            heading.keepWithNext = 1
            return [heading]
        if isinstance(block, L.Para):
            return self.para(block)
        if isinstance(block, L.Grid):
            return [self.grid(block)]
        if isinstance(block, L.Signatures):
            return [self.signatures(block)]
        if isinstance(block, L.Seal):
            return [_SealBlock(block, self.faces.body)]
        if isinstance(block, L.Note):
            return self.lines(block.text, NOTE)
        if isinstance(block, L.Spacer):
            return [RLSpacer(1, block.lines * T.BODY_LEADING)]
        if isinstance(block, L.Together):
            return [self.together(block)]
        return [RLPageBreak()]


def flowables(form: L.Form, faces: T.PdfFaces) -> list[Flowable]:
    """The form's blocks as reportlab flowables (for one paper or a whole volume)."""
    return _Builder(faces).flowables(form.blocks)


class PageCountingCanvas(canvas.Canvas):  # type: ignore[misc]
    """Holds pages back until the end so each can be marked with how many there are."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, 1):
            self.__dict__.update(state)
            self.mark_page(number, total)
            super().showPage()
        super().save()

    def mark_page(self, number: int, total: int) -> None:
        """Draw on page ``number`` of ``total`` just before it is written (nothing here)."""


class _NumberedCanvas(PageCountingCanvas):
    """A paper's pages with 第X页 共Y页."""

    def mark_page(self, number: int, total: int) -> None:
        draw_page_number(self, number, total)


def draw_page_number(c: canvas.Canvas, number: int, total: int,
                     font: str = T.PDF_BODY) -> None:
    """"第X页 共Y页" in 4号, centred 7 mm below the text block (also used for the case file)."""
    c.setFont(font, T.SIZE_PAGE_NUMBER)
    c.setFillColorRGB(0, 0, 0)
    y = (T.BOTTOM_MM - T.PAGE_NUMBER_GAP_MM) * mm - T.SIZE_PAGE_NUMBER
    c.drawCentredString(PAGE[0] / 2, y, _("第{n}页 共{total}页").format(n=number, total=total))


def document(out: io.BytesIO, title: str, author: str, subject: str,
             faces: T.PdfFaces) -> BaseDocTemplate:
    """A GB/T 9704 page writing to ``out``, with the file's metadata.

    The frame is exactly the 156 × 225 mm text block (no inner padding), so
    a line holds 28 characters and a page 22 lines.
    """
    doc = BaseDocTemplate(
        out, pagesize=PAGE, leftMargin=T.LEFT_MM * mm, rightMargin=T.RIGHT_MM * mm,
        topMargin=T.TOP_MM * mm, bottomMargin=T.BOTTOM_MM * mm, title=title,
        author=author, creator=T.CREATOR, producer=T.CREATOR, subject=subject,
        initialFontName=faces.body)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0, id="text")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    return doc


def render_pdf(form: L.Form, numbered: bool = True) -> bytes:
    """The form as PDF bytes with embedded fonts; ``numbered=False`` for the case file."""
    faces = T.register_pdf_fonts()
    out = io.BytesIO()
    doc = document(out, form.document_title, form.org.name, form.kind, faces)
    maker = _NumberedCanvas if numbered else PageCountingCanvas
    doc.build(flowables(form, faces), canvasmaker=maker)
    return out.getvalue()
