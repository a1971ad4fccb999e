"""DOCX back end: the same :class:`~app.documents.layout.Form` as an editable Word file.

Clerks adjust wording in Word or WPS before printing, so the DOCX keeps the
house style as styles rather than as direct formatting, and names the East
Asian faces in ``w:eastAsia`` — the same faces the PDF embeds (see
:mod:`app.documents.faces`): a run that only sets the Latin name shows
Chinese in whatever the viewer picks.  Body lines hold 28 characters
(GB/T 9704-2012) by a slightly condensed character spacing rather than a
document grid, which LibreOffice lays out differently; tables carry their column widths
in ``w:gridCol`` and ``w:tcW`` with a fixed layout, so Word, WPS and
LibreOffice lay them out as the PDF does.  Page numbers are PAGE/NUMPAGES
fields so they stay right after editing.  No picture of a seal is placed:
the paper marks where the real stamp goes.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from docx import Document as new_document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from app.documents import layout as L
from app.documents import typography as T
from app.domain.text import _

CELL_MARGIN_PT = 5.0
"""Left and right cell margin of a table (Word's default is 5.4 pt)."""
SMALL_CELL_MARGIN_PT = 3.0
"""Cell margin of a 5号 register, as in the PDF: an 18-digit ID number fits its column."""


class _Faces:
    """The East Asian family names of this machine's faces, read once per document."""

    def __init__(self) -> None:
        self.body, self.title, self.heading = T.docx_faces()
        self.title_bold = not T.title_is_heavy()


BODY_SPACING_TWIPS = -5
"""Body runs are set 0.25 pt closer (``w:spacing``) so 28 characters of 3号 fill the
156 mm line in Word, WPS and LibreOffice alike (GB/T 9704-2012: 28 characters a line)."""


def _fonts(run: Run, east_asia: str, size: float, bold: bool = False) -> None:
    run.font.name = east_asia
    run.font.size = Pt(size)
    if bold:
        run.font.bold = True
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asia)
    if size == T.SIZE_BODY:
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(BODY_SPACING_TWIPS))
        rpr.append(spacing)


def _para(container: object, text: str, east_asia: str, size: float = T.SIZE_BODY,
          align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY,
          indent: bool = False, leading: float = T.BODY_LEADING,
          bold: bool = False) -> Paragraph:
    paragraph: Paragraph = container.add_paragraph()  # type: ignore[attr-defined]
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(leading)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(2 * T.BODY_PITCH if size == T.SIZE_BODY else 2 * size)
    if text:
        _fonts(paragraph.add_run(text), east_asia, size, bold)
    return paragraph


def _field(paragraph: Paragraph, code: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), code)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _footer(document: object, faces: _Faces) -> None:
    section = document.sections[0]  # type: ignore[attr-defined]
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, _sep, after = _("第{n}页 共{total}页").partition("{n}")
    middle, _sep, tail = after.partition("{total}")
    for text, code in ((before, "PAGE"), (middle, "NUMPAGES"), (tail, None)):
        if text:
            _fonts(paragraph.add_run(text), faces.body, T.SIZE_PAGE_NUMBER)
        if code:
            _field(paragraph, code)


def _page(document: object, faces: _Faces) -> None:
    section = document.sections[0]  # type: ignore[attr-defined]
    section.page_width, section.page_height = Mm(T.PAGE_WIDTH_MM), Mm(T.PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(T.TOP_MM), Mm(T.BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(T.LEFT_MM), Mm(T.RIGHT_MM)
    section.footer_distance = Mm(T.BOTTOM_MM - T.PAGE_NUMBER_GAP_MM - 7)
    normal = document.styles["Normal"]  # type: ignore[attr-defined]
    normal.font.name = faces.body
    normal.font.size = Pt(T.SIZE_BODY)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), faces.body)


def column_widths_mm(block: L.Grid) -> list[float]:
    """The intended column widths of a grid in millimetres (what ``w:gridCol`` carries)."""
    return [T.TEXT_WIDTH_MM * w for w in block.widths]


def _cell_margins(table: Table, points: float) -> None:
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(round(points * 20)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    if look is None:
        table._tbl.tblPr.append(margins)
    else:
        look.addprevious(margins)  # the schema's order: tblCellMar before tblLook


def _fix_widths(table: Table, widths_mm: list[float]) -> None:
    """Fixed layout; ``w:gridCol`` and every cell's ``w:tcW`` (merged cells: the sum)."""
    table.autofit = False
    total = OxmlElement("w:tblW")
    total.set(qn("w:w"), str(round(Mm(sum(widths_mm)).twips)))
    total.set(qn("w:type"), "dxa")
    old = table._tbl.tblPr.find(qn("w:tblW"))
    if old is not None:
        table._tbl.tblPr.replace(old, total)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        col = 0
        for tc in row._tr.tc_lst:
            span = tc.grid_span
            tc.get_or_add_tcPr()
            tc.width = Mm(sum(widths_mm[col:col + span]))
            col += span


def _cell_text(cell: _Cell, text: str, east_asia: str, size: float, align: WD_ALIGN_PARAGRAPH,
               extra_lines: int = 0) -> None:
    cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    leading = max(T.TABLE_LEADING * size / T.SIZE_TABLE, size * 1.2)
    for line in (text.split("\n") or [""]):
        _para(cell, line, east_asia, size, align, leading=leading)
    for _n in range(extra_lines):
        _para(cell, "", east_asia, size, leading=leading)


def _grid(document: object, block: L.Grid, faces: _Faces) -> Table:
    columns = len(block.widths)
    widths = column_widths_mm(block)
    table: Table = document.add_table(rows=len(block.rows), cols=columns)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    size = T.SIZE_NOTE if block.small else T.SIZE_TABLE
    margin = SMALL_CELL_MARGIN_PT if block.small else CELL_MARGIN_PT
    _cell_margins(table, margin)
    for r, row in enumerate(block.rows):
        cells = table.rows[r].cells
        if len(row) < columns:
            cells[len(row) - 1].merge(cells[columns - 1])
        for col, value in enumerate(row):
            label = (r, col) in block.label_cells or (block.header and r == 0)
            room = sum(widths[col:] if col == len(row) - 1 else widths[col:col + 1])
            if label:
                fitted = T.fitting_size(value, Mm(room).pt - 2 * margin, size)
                _cell_text(table.cell(r, col), value, faces.heading, fitted,
                           WD_ALIGN_PARAGRAPH.CENTER)
            else:
                _cell_text(table.cell(r, col), value, faces.body, size, WD_ALIGN_PARAGRAPH.LEFT,
                           block.heights.get(r, 0))
    _fix_widths(table, widths)
    return table


def _signatures(document: object, block: L.Signatures, faces: _Faces) -> Table:
    signers = list(block.signers) + ([L.Signer("")] if len(block.signers) % 2 else [])
    table: Table = document.add_table(rows=len(signers) // 2, cols=2)  # type: ignore[attr-defined]
    for i, signer in enumerate(signers):
        cell = table.cell(i // 2, i % 2)
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
        if not signer.heading:
            _para(cell, "", faces.body)
            continue
        _para(cell, signer.heading, faces.body, align=WD_ALIGN_PARAGRAPH.LEFT)
        for line in signer.lines:
            _para(cell, line, faces.body, T.SIZE_TABLE, WD_ALIGN_PARAGRAPH.LEFT,
                  leading=T.TABLE_LEADING)
        _para(cell, L.BLANK_DATE, faces.body, T.SIZE_TABLE, WD_ALIGN_PARAGRAPH.RIGHT,
              leading=T.TABLE_LEADING * 1.6)
    _fix_widths(table, [T.TEXT_WIDTH_MM / 2] * 2)
    return table


def _seal(document: object, block: L.Seal, faces: _Faces) -> list[Paragraph]:
    right = WD_ALIGN_PARAGRAPH.RIGHT
    out = [_para(document, "", faces.body)]
    for text in (block.issuer + _("（盖章）"), L.seal_date(block.on)):
        paragraph = _para(document, text, faces.body, align=right)
        paragraph.paragraph_format.right_indent = Pt(4 * T.BODY_PITCH)
        out.append(paragraph)
    return out


def _table_paragraphs(table: Table) -> Iterator[Paragraph]:
    for row in table.rows:
        for cell in row.cells:
            yield from cell.paragraphs


def _keep_together(parts: list[Paragraph | Table]) -> None:
    """Each paragraph keeps with the next, and table rows do not split, across the group."""
    paragraphs: list[Paragraph] = []
    for part in parts:
        if isinstance(part, Table):
            for row in part.rows:
                row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            paragraphs += list(_table_paragraphs(part))
        else:
            paragraphs.append(part)
    for paragraph in paragraphs[:-1]:
        paragraph.paragraph_format.keep_with_next = True


class _Writer:
    """Appends the blocks of a form to one document."""

    def __init__(self, document: object) -> None:
        self.document = document
        self.faces = _Faces()

    def blocks(self, blocks: tuple[L.Block, ...]) -> list[Paragraph | Table]:
        out: list[Paragraph | Table] = []
        for block in blocks:
            out += self.block(block)
        return out

    def block(self, block: L.Block) -> list[Paragraph | Table]:
        d, faces = self.document, self.faces
        if isinstance(block, L.Title):
            issuer = ([_para(d, block.issuer, faces.heading, align=WD_ALIGN_PARAGRAPH.CENTER)]
                      if block.issuer else [])
            return [*issuer, _para(d, block.text, faces.title, T.SIZE_TITLE,
                                   WD_ALIGN_PARAGRAPH.CENTER, leading=T.SIZE_TITLE * 1.8,
                                   bold=faces.title_bold)]
        if isinstance(block, L.RefLine):
            return [_para(d, block.text, faces.body, align=WD_ALIGN_PARAGRAPH.RIGHT)]
        if isinstance(block, L.Heading):
            heading = _para(d, block.text, faces.heading, indent=True)
            heading.paragraph_format.keep_with_next = True
            return [heading]
        if isinstance(block, L.Para):
            out: list[Paragraph | Table] = []
            for n, line in enumerate(block.text.split("\n")):
                paragraph = _para(d, "", faces.body, indent=block.indent)
                if block.bold_lead and n == 0:
                    _fonts(paragraph.add_run(block.bold_lead), faces.heading, T.SIZE_BODY)
                _fonts(paragraph.add_run(line), faces.body, T.SIZE_BODY)
                out.append(paragraph)
            return out
        if isinstance(block, L.Grid):
            return [_grid(d, block, faces)]
        if isinstance(block, L.Signatures):
            return [_signatures(d, block, faces)]
        if isinstance(block, L.Seal):
            return list(_seal(d, block, faces))
        if isinstance(block, L.Note):
            return [_para(d, block.text, faces.body, T.SIZE_TABLE, leading=T.TABLE_LEADING)]
        if isinstance(block, L.Spacer):
            return [_para(d, "", faces.body) for _n in range(block.lines)]
        if isinstance(block, L.Together):
            parts = self.blocks(block.blocks)
            _keep_together(parts)
            return parts
        paragraph = _para(d, "", faces.body)
        paragraph.add_run().add_break(WD_BREAK.PAGE)
        return [paragraph]


def render_docx(form: L.Form) -> bytes:
    """The form as DOCX bytes in the house style, faces named as the PDF embeds them."""
    document = new_document()
    writer = _Writer(document)
    _page(document, writer.faces)
    _footer(document, writer.faces)
    props = document.core_properties
    props.title, props.author, props.subject = form.document_title, form.org.name, form.kind
    props.comments = T.CREATOR
    writer.blocks(form.blocks)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
