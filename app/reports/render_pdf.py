"""A report as a landscape A4 PDF for the monthly paper to the justice bureau.

The page carries the report's title, scope, period and unit, the table with
its two-row header (repeated on every page the table runs onto), the 环比 /
同比 lines, the footnotes that define every figure, and the 填报人 / 审核人 /
填报日期 line; every page is numbered 第 N 页 共 M 页.  A period with nothing
to report prints the zero table and says so (零上报).  Charts — the monthly
trend of cases received against concluded, and 调解成功 by settlement level —
are drawn natively with reportlab.graphics on the last page.  Fonts are the
house faces of app/documents/typography.py, embedded.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.documents import typography as T
from app.documents.pdf import PageCountingCanvas
from app.domain.text import _
from app.reports.chart_data import ChartData
from app.reports.formatting import display
from app.reports.model import ReportTable

PAGE = landscape(A4)
MARGIN = 12 * mm
WIDTH = PAGE[0] - 2 * MARGIN
HEADER_FILL = colors.HexColor("#DDE4EE")
SUBTOTAL_FILL = colors.HexColor("#F2F4F7")
RECEIVED_COLOUR = colors.HexColor("#1565C0")
CONCLUDED_COLOUR = colors.HexColor("#2E7D32")


def _numbered(font: str) -> type[PageCountingCanvas]:
    """A canvas that writes 第 N 页 共 M 页 once the page count is known."""

    class Numbered(PageCountingCanvas):
        def mark_page(self, number: int, total: int) -> None:
            self.setFont(font, 8)
            self.drawCentredString(PAGE[0] / 2, 7 * mm, _("第 {n} 页 共 {total} 页").format(
                n=number, total=total))

    return Numbered


class _Styles:
    def __init__(self, faces: T.PdfFaces, size: float) -> None:
        self.title = ParagraphStyle("title", fontName=faces.title, fontSize=16, leading=22,
                                    alignment=TA_CENTER, spaceAfter=4)
        self.info = ParagraphStyle("info", fontName=faces.body, fontSize=9, leading=13)
        self.note = ParagraphStyle("note", fontName=faces.body, fontSize=7.5, leading=10,
                                   wordWrap="CJK")
        self.head = ParagraphStyle("head", fontName=faces.heading, fontSize=size,
                                   leading=size * 1.2, alignment=TA_CENTER, wordWrap="CJK")
        self.cell = ParagraphStyle("cell", fontName=faces.body, fontSize=size,
                                   leading=size * 1.2, wordWrap="CJK")
        self.body, self.bold, self.size = faces.body, faces.heading, size


def _widths(table: ReportTable) -> list[float]:
    weights = [{"money": 2.0, "rate": 1.3, "days": 1.2}.get(c.kind, 1.0) for c in table.columns]
    label = min(0.22, max(0.10, 0.012 * max((len(r.label) for r in table.rows), default=4)))
    unit = WIDTH * (1 - label) / sum(weights)
    return [WIDTH * label, *(w * unit for w in weights)]


def _label(text: str, st: _Styles) -> Any:
    """A row label: plain text on one line, a wrapping paragraph when it is long."""
    return text if len(text) <= 14 else Paragraph(text, st.cell)


def _table(table: ReportTable, st: _Styles) -> Table:
    columns = table.columns
    top: list[Any] = [Paragraph(_("项目"), st.head)]
    second: list[Any] = [""]
    spans: list[tuple[str, tuple[int, int], tuple[int, int]]] = [("SPAN", (0, 0), (0, 1))]
    col = 1
    for group in table.groups:
        span = len(group.columns)
        top.append(Paragraph(group.label, st.head))
        top.extend([""] * (span - 1))
        if span == 1 and group.columns[0].label == group.label:
            second.append("")
            spans.append(("SPAN", (col, 0), (col, 1)))
        else:
            second.extend(Paragraph(c.label, st.head) for c in group.columns)
            if span > 1:
                spans.append(("SPAN", (col, 0), (col + span - 1, 0)))
        col += span
    data: list[list[Any]] = [top, second]
    style: list[tuple[Any, ...]] = [
        *spans,
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("BACKGROUND", (0, 0), (-1, 1), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTNAME", (0, 0), (-1, -1), st.body),
        ("FONTSIZE", (0, 0), (-1, -1), st.size),
        ("LEADING", (0, 0), (-1, -1), st.size * 1.25),
        ("ALIGN", (1, 2), (-1, -1), "RIGHT"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]
    for row in table.rows:
        index = len(data)
        indent = "\u3000" * max(0, row.level - 1)
        data.append([_label(indent + row.label, st),
                     *(display(c, row.cells.get(c.key)) for c in columns)])
        if row.level < 2:
            style.append(("FONTNAME", (0, index), (-1, index), st.bold))
            style.append(("BACKGROUND", (0, index), (-1, index), SUBTOTAL_FILL))
    if table.comparisons:
        style.append(("LINEABOVE", (0, len(data)), (-1, len(data)), 1.0, colors.black))
    for comparison in table.comparisons:
        data.append([_label(_("{label}（{period}）").format(
            label=comparison.label, period=comparison.period.label), st),
            *(display(c, comparison.cells.get(c.key)) for c in columns)])
    return Table(data, colWidths=_widths(table), repeatRows=2, style=TableStyle(style))


def _block(table: ReportTable, st: _Styles) -> list[Any]:
    info = "\u3000\u3000".join((
        _("统计范围：{scope}").format(scope=table.scope_label),
        _("统计期：{period}").format(period=table.period_label),
        _("单位：{unit}").format(unit=table.unit)))
    out: list[Any] = [Paragraph(table.title, st.title), Paragraph(info, st.info)]
    if table.empty:
        out.append(Paragraph(_("本期无数据（零上报）。"), st.info))
    out += [Spacer(1, 3 * mm), _table(table, st), Spacer(1, 2 * mm)]
    out += [Paragraph(note, st.note) for note in table.footnotes]
    return out


def _trend(charts: ChartData, font: str) -> Drawing:
    drawing = Drawing(WIDTH * 0.58, 68 * mm)
    chart = HorizontalLineChart()
    chart.x, chart.y = 12 * mm, 14 * mm
    chart.width, chart.height = WIDTH * 0.58 - 20 * mm, 44 * mm
    chart.data = [[p.received for p in charts.trend], [p.concluded for p in charts.trend]]
    chart.categoryAxis.categoryNames = [f"{p.period.start:%y.%m}" for p in charts.trend]
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.lines[0].strokeColor, chart.lines[1].strokeColor = RECEIVED_COLOUR, CONCLUDED_COLOUR
    chart.lines[0].strokeWidth = chart.lines[1].strokeWidth = 1.5
    legend = Legend()
    legend.x, legend.y = 14 * mm, 66 * mm
    legend.fontName, legend.fontSize, legend.alignment = font, 8, "right"
    legend.columnMaximum, legend.dx, legend.dy = 1, 8, 8
    legend.colorNamePairs = [(RECEIVED_COLOUR, _("受理")), (CONCLUDED_COLOUR, _("办结"))]
    drawing.add(chart)
    drawing.add(legend)
    drawing.add(String(WIDTH * 0.29, 4, _("近 {n} 个月受理与办结趋势（件）").format(
        n=len(charts.trend)), fontName=font, fontSize=9, textAnchor="middle"))
    return drawing


def _levels(charts: ChartData, font: str) -> Drawing:
    drawing = Drawing(WIDTH * 0.40, 68 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y = 14 * mm, 14 * mm
    chart.width, chart.height = WIDTH * 0.40 - 22 * mm, 44 * mm
    chart.data = [[n for _label, n in charts.levels] or [0]]
    chart.categoryAxis.categoryNames = [label for label, _n in charts.levels] or [_("无")]
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = CONCLUDED_COLOUR
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName, chart.barLabels.fontSize, chart.barLabels.nudge = font, 7, 6
    drawing.add(chart)
    drawing.add(String(WIDTH * 0.20, 4, _("调解成功的化解层级（件）"), fontName=font,
                       fontSize=9, textAnchor="middle"))
    return drawing


def write_pdf(table: ReportTable, path: str | Path, charts: ChartData | None = None,
              filled_on: date | None = None) -> None:
    """Write the report (its parts after it, the charts last) to ``path``."""
    faces = T.register_pdf_fonts()
    st = _Styles(faces, 6.5 if len(table.columns) > 16 else 8)
    story: list[Any] = []
    for index, part in enumerate((table, *table.parts)):
        if index:
            story.append(Spacer(1, 6 * mm))
        story += _block(part, st)
    story += [Spacer(1, 6 * mm), Paragraph("\u3000\u3000\u3000\u3000".join((
        _("填报人：＿＿＿＿＿＿"), _("审核人：＿＿＿＿＿＿"),
        _("填报日期：{date}").format(date=(filled_on or date.today()).isoformat()))), st.info)]
    if charts is not None:
        row = Table([[_trend(charts, faces.body), _levels(charts, faces.body)]],
                    colWidths=[WIDTH * 0.59, WIDTH * 0.41])
        story += [PageBreak(), KeepTogether([Paragraph(_("图表"), st.title), row])]
    document = SimpleDocTemplate(
        str(path), pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=14 * mm, title=table.title, author=table.scope_label,
        subject=table.period_label, creator=T.CREATOR, producer=T.CREATOR,
        initialFontName=faces.body)
    document.build(story, canvasmaker=_numbered(faces.body))
