"""DOCX back end: the same :class:`~app.documents.layout.Form` as an editable Word file.

Clerks adjust wording in Word or WPS before printing, so the DOCX keeps the
house style as styles rather than as direct formatting, and names the East
Asian faces in ``w:eastAsia`` (仿宋 body, 宋体 title, 黑体 headings): a run
that only sets the Latin name shows Chinese in whatever the viewer picks.
Page numbers are PAGE/NUMPAGES fields so they stay right after editing.
"""

from __future__ import annotations

import io

from docx import Document as new_document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from app.documents import layout as L
from app.documents import typography as T
from app.documents.seal import seal_png
from app.domain.dates import format_date_upper
from app.domain.text import _


def _fonts(run: Run, east_asia: str, size: float, colour: RGBColor | None = None) -> None:
    run.font.name = T.DOCX_LATIN
    run.font.size = Pt(size)
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asia)
    if colour is not None:
        run.font.color.rgb = colour


def _para(container: object, text: str, east_asia: str = T.DOCX_BODY_EA,
          size: float = T.SIZE_BODY, align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY,
          indent: bool = False, leading: float = T.BODY_LEADING) -> Paragraph:
    paragraph: Paragraph = container.add_paragraph()  # type: ignore[attr-defined]
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(leading)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(2 * size)
    if text:
        _fonts(paragraph.add_run(text), east_asia, size)
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


def _footer(document: object) -> None:
    section = document.sections[0]  # type: ignore[attr-defined]
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, _sep, after = _("第{n}页 共{total}页").partition("{n}")
    middle, _sep, tail = after.partition("{total}")
    for text, code in ((before, "PAGE"), (middle, "NUMPAGES"), (tail, None)):
        if text:
            _fonts(paragraph.add_run(text), T.DOCX_BODY_EA, T.SIZE_PAGE_NUMBER)
        if code:
            _field(paragraph, code)


def _page(document: object) -> None:
    section = document.sections[0]  # type: ignore[attr-defined]
    section.page_width, section.page_height = Mm(T.PAGE_WIDTH_MM), Mm(T.PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(T.TOP_MM), Mm(T.BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(T.LEFT_MM), Mm(T.RIGHT_MM)
    section.footer_distance = Mm(T.BOTTOM_MM - T.PAGE_NUMBER_GAP_MM - 7)
    normal = document.styles["Normal"]  # type: ignore[attr-defined]
    normal.font.name = T.DOCX_LATIN
    normal.font.size = Pt(T.SIZE_BODY)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), T.DOCX_BODY_EA)


def _cell_text(cell: _Cell, text: str, label: bool, extra_lines: int,
               size: float = T.SIZE_TABLE) -> None:
    cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    leading = T.TABLE_LEADING * size / T.SIZE_TABLE
    for line in (text.split("\n") or [""]):
        _para(cell, line, T.DOCX_HEADING_EA if label else T.DOCX_BODY_EA, size,
              WD_ALIGN_PARAGRAPH.CENTER if label else WD_ALIGN_PARAGRAPH.LEFT, leading=leading)
    for _n in range(extra_lines):
        _para(cell, "", size=size, leading=leading)


def _grid(document: object, block: L.Grid) -> None:
    columns = len(block.widths)
    table = document.add_table(rows=len(block.rows), cols=columns)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, row in enumerate(block.rows):
        cells = table.rows[r].cells
        if len(row) < columns:
            cells[len(row) - 1].merge(cells[columns - 1])
        for col, value in enumerate(row):
            label = (r, col) in block.label_cells or (block.header and r == 0)
            _cell_text(table.cell(r, col), value, label, 0 if label else block.heights.get(r, 0),
                       T.SIZE_NOTE if block.small else T.SIZE_TABLE)
        for col in range(columns):
            table.cell(r, col).width = Mm(T.TEXT_WIDTH_MM * block.widths[col])


def _signatures(document: object, block: L.Signatures) -> None:
    lines = list(block.lines) + ([("", "", "")] if len(block.lines) % 2 else [])
    table = document.add_table(rows=len(lines) // 2, cols=2)  # type: ignore[attr-defined]
    for i, (role, name, what) in enumerate(lines):
        cell = table.cell(i // 2, i % 2)
        _cell_text(cell, f"{role}：{name}\n{what}：" if role else "", False, 1, T.SIZE_BODY)


def _seal(document: object, block: L.Seal) -> None:
    org = block.org
    date_text = format_date_upper(block.on) if block.on else _("　　年　　月　　日")
    right = WD_ALIGN_PARAGRAPH.RIGHT
    if org.print_seal:
        paragraph = _para(document, "", align=right)
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        paragraph.paragraph_format.right_indent = Pt(4 * T.SIZE_BODY)
        paragraph.add_run().add_picture(io.BytesIO(seal_png(org.name)), width=Mm(42))
        name = org.name
    else:
        _para(document, "")
        name = org.name + _("（印章）")
    for text in (name, date_text):
        _para(document, text, align=right).paragraph_format.right_indent = Pt(4 * T.SIZE_BODY)


def render_docx(form: L.Form) -> bytes:
    """The form as DOCX bytes in the house style, fonts named for Word and WPS."""
    document = new_document()
    _page(document)
    _footer(document)
    props = document.core_properties
    props.title, props.author, props.subject = form.title, form.org.name, form.kind
    for block in form.blocks:
        if isinstance(block, L.Title):
            if block.issuer:
                _para(document, block.issuer, T.DOCX_HEADING_EA, align=WD_ALIGN_PARAGRAPH.CENTER)
            _para(document, block.text, T.DOCX_TITLE_EA, T.SIZE_TITLE,
                  WD_ALIGN_PARAGRAPH.CENTER, leading=T.SIZE_TITLE * 1.8)
        elif isinstance(block, L.RefLine):
            _para(document, block.text, align=WD_ALIGN_PARAGRAPH.RIGHT)
        elif isinstance(block, L.Heading):
            _para(document, block.text, T.DOCX_HEADING_EA).paragraph_format.keep_with_next = True
        elif isinstance(block, L.Para):
            for n, line in enumerate(block.text.split("\n")):
                paragraph = _para(document, "", indent=block.indent)
                if block.bold_lead and n == 0:
                    _fonts(paragraph.add_run(block.bold_lead), T.DOCX_HEADING_EA, T.SIZE_BODY)
                _fonts(paragraph.add_run(line), T.DOCX_BODY_EA, T.SIZE_BODY)
        elif isinstance(block, L.Grid):
            _grid(document, block)
        elif isinstance(block, L.Signatures):
            _signatures(document, block)
        elif isinstance(block, L.Seal):
            _seal(document, block)
        elif isinstance(block, L.Note):
            _para(document, block.text, size=T.SIZE_TABLE, leading=T.TABLE_LEADING)
        elif isinstance(block, L.Spacer):
            for _n in range(block.lines):
                _para(document, "")
        elif isinstance(block, L.PageBreak):
            _para(document, "").add_run().add_break(WD_BREAK.PAGE)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
