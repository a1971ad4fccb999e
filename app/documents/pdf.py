"""PDF back end: a :class:`~app.documents.layout.Form` laid out with reportlab.

The PDF is the copy that is printed, signed and archived, so it must look
the same everywhere: the CJK faces are embedded (subset) rather than named,
the page is the GB/T 9704 block, and every page says "第X页 共Y页" (the total
is known only after layout, hence the two-pass canvas).  For the case file
the numbers are left off here and stamped over the merged volume instead.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Spacer as RLSpacer

from app.documents import layout as L
from app.documents import typography as T
from app.documents.seal import seal_png
from app.domain.dates import format_date_upper
from app.domain.text import _

PAGE = (T.PAGE_WIDTH_MM * mm, T.PAGE_HEIGHT_MM * mm)
WIDTH = T.TEXT_WIDTH_MM * mm


def _style(name: str, font: str = T.PDF_BODY, size: float = T.SIZE_BODY,
           leading: float = T.BODY_LEADING, **kw: Any) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading,
                          wordWrap="CJK", **kw)


BODY = _style("body", alignment=TA_JUSTIFY, firstLineIndent=2 * T.SIZE_BODY)
FLUSH = _style("flush", alignment=TA_JUSTIFY)
TITLE = _style("title", size=T.SIZE_TITLE, leading=T.SIZE_TITLE * 1.6, alignment=TA_CENTER,
               spaceAfter=T.SIZE_BODY * 0.6)
ISSUER = _style("issuer", font=T.PDF_HEADING, alignment=TA_CENTER, leading=T.SIZE_BODY * 1.6)
REF = _style("ref", alignment=TA_RIGHT, spaceAfter=T.SIZE_BODY * 0.5)
HEADING = _style("heading", font=T.PDF_HEADING, keepWithNext=1)
CELL = _style("cell", size=T.SIZE_TABLE, leading=T.TABLE_LEADING, alignment=TA_LEFT)
LABEL = _style("label", font=T.PDF_HEADING, size=T.SIZE_TABLE, leading=T.TABLE_LEADING,
               alignment=TA_CENTER)
SIGN = _style("sign", leading=T.BODY_LEADING)
SIGN_NOTE = _style("sign_note", size=T.SIZE_TABLE, leading=T.TABLE_LEADING)
SMALL = _style("small", size=T.SIZE_NOTE, leading=T.SIZE_NOTE * 1.45)
SMALL_LABEL = _style("small_label", font=T.PDF_HEADING, size=T.SIZE_NOTE,
                     leading=T.SIZE_NOTE * 1.45, alignment=TA_CENTER)
NOTE = _style("note", size=T.SIZE_TABLE, leading=T.TABLE_LEADING, spaceBefore=8)


def _text(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


class _SealBlock(Flowable):  # type: ignore[misc]
    """Organisation name and date, four characters from the right, with the seal over them."""

    def __init__(self, seal: L.Seal) -> None:
        super().__init__()
        self.seal = seal
        self.height = T.BODY_LEADING * 3.2

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return WIDTH, self.height

    def draw(self) -> None:
        c = self.canv
        org = self.seal.org
        right = WIDTH - 4 * T.SIZE_BODY
        name = org.name if org.print_seal else org.name + _("（印章）")
        date_text = format_date_upper(self.seal.on) if self.seal.on else _("　　年　　月　　日")
        c.setFont(T.PDF_BODY, T.SIZE_BODY)
        name_y = self.height - T.BODY_LEADING * 1.5
        date_y = name_y - T.BODY_LEADING
        name_w = c.stringWidth(name, T.PDF_BODY, T.SIZE_BODY)
        date_w = c.stringWidth(date_text, T.PDF_BODY, T.SIZE_BODY)
        block_w = max(name_w, date_w)
        left = right - block_w
        c.drawString(left + (block_w - name_w) / 2, name_y, name)
        c.drawString(left + (block_w - date_w) / 2, date_y, date_text)
        if org.print_seal:
            from reportlab.lib.utils import ImageReader

            d = 42 * mm
            cx = left + block_w / 2
            c.drawImage(ImageReader(io.BytesIO(seal_png(org.name))), cx - d / 2,
                        (name_y + date_y) / 2 - d / 2 + 4, d, d, mask="auto")


def _grid(block: L.Grid) -> Table:
    columns = len(block.widths)
    data: list[list[Any]] = []
    spans = []
    for r, row in enumerate(block.rows):
        cells: list[Any] = []
        for col, value in enumerate(row):
            is_label = (r, col) in block.label_cells or (block.header and r == 0)
            style = (SMALL_LABEL if is_label else SMALL) if block.small else (
                LABEL if is_label else CELL)
            para: Any = Paragraph(_text(value), style)
            extra = block.heights.get(r, 0)
            if extra and not is_label:
                para = [para, RLSpacer(1, extra * T.TABLE_LEADING)]
            cells.append(para)
        if len(row) < columns:
            spans.append(("SPAN", (len(row) - 1, r), (columns - 1, r)))
            cells += [""] * (columns - len(row))
        data.append(cells)
    table = Table(data, colWidths=[w * WIDTH for w in block.widths], repeatRows=int(block.header))
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.75, "black"),
        ("FONTNAME", (0, 0), (-1, -1), T.PDF_BODY),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3 if block.small else 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3 if block.small else 5),
        *spans,
    ]))
    return table


def _signatures(block: L.Signatures) -> Table:
    cells: list[Any] = [[Paragraph(_text(f"{role}：{name}"), SIGN),
                         Paragraph(_text(f"{what}："), SIGN_NOTE)]
                        for role, name, what in block.lines]
    if len(cells) % 2:
        cells.append("")
    rows = [cells[i:i + 2] for i in range(0, len(cells), 2)]
    table = Table(rows, colWidths=[WIDTH / 2] * 2)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("FONTNAME", (0, 0), (-1, -1), T.PDF_BODY),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), T.BODY_LEADING * 0.9),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _flowables(form: L.Form) -> list[Flowable]:
    out: list[Flowable] = []
    for block in form.blocks:
        if isinstance(block, L.Title):
            if block.issuer:
                out.append(Paragraph(_text(block.issuer), ISSUER))
            out.append(Paragraph(_text(block.text), TITLE))
        elif isinstance(block, L.RefLine):
            out.append(Paragraph(_text(block.text), REF))
        elif isinstance(block, L.Heading):
            out.append(Paragraph(_text(block.text), HEADING))
        elif isinstance(block, L.Para):
            lead = f'<font name="{T.PDF_HEADING}">{_text(block.bold_lead)}</font>' \
                if block.bold_lead else ""
            for n, line in enumerate(block.text.split("\n") or [""]):
                out.append(Paragraph((lead if n == 0 else "") + escape(line),
                                     BODY if block.indent else FLUSH))
        elif isinstance(block, L.Grid):
            out.append(_grid(block))
        elif isinstance(block, L.Signatures):
            out.append(KeepTogether([_signatures(block)]))
        elif isinstance(block, L.Seal):
            out.append(_SealBlock(block))
        elif isinstance(block, L.Note):
            out.append(Paragraph(_text(block.text), NOTE))
        elif isinstance(block, L.Spacer):
            out.append(RLSpacer(1, block.lines * T.BODY_LEADING))
        elif isinstance(block, L.PageBreak):
            out.append(RLPageBreak())
    return out


class _NumberedCanvas(canvas.Canvas):  # type: ignore[misc]
    """Holds pages back until the end so each can say how many there are."""

    numbered = True

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
            if self.numbered:
                draw_page_number(self, number, total)
            super().showPage()
        super().save()


class _PlainCanvas(_NumberedCanvas):
    numbered = False


def draw_page_number(c: canvas.Canvas, number: int, total: int) -> None:
    """"第X页 共Y页" in 4号, centred 7 mm below the text block (also used for the case file)."""
    c.setFont(T.PDF_BODY, T.SIZE_PAGE_NUMBER)
    c.setFillColorRGB(0, 0, 0)
    y = (T.BOTTOM_MM - T.PAGE_NUMBER_GAP_MM) * mm - T.SIZE_PAGE_NUMBER
    c.drawCentredString(PAGE[0] / 2, y, _("第{n}页 共{total}页").format(n=number, total=total))


def render_pdf(form: L.Form, numbered: bool = True) -> bytes:
    """The form as PDF bytes with embedded fonts; ``numbered=False`` for the case file."""
    T.register_pdf_fonts()
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=PAGE, leftMargin=T.LEFT_MM * mm, rightMargin=T.RIGHT_MM * mm,
        topMargin=T.TOP_MM * mm, bottomMargin=T.BOTTOM_MM * mm, title=form.title,
        author=form.org.name, creator="Tiaojie", subject=form.kind,
        initialFontName=T.PDF_BODY)
    doc.build(_flowables(form), canvasmaker=_NumberedCanvas if numbered else _PlainCanvas)
    return out.getvalue()
