"""The house style of every form: GB/T 9704-2012 page, type sizes and faces.

Both back ends (reportlab for PDF, python-docx for DOCX) read their geometry
and type from here, so a printed PDF and an edited DOCX of the same form look
alike, and a change to the house style is made once.  GB/T 9704-2012 gives the
figures: A4, top margin 37 mm, binding margin 28 mm, a 156 × 225 mm text
block, body 3号 (16 pt) in 22 lines of 28 characters, title 2号 (22 pt).

PDFs embed AR PL UMing (a Ming/Song serif, the closest freely licensed face
to 仿宋/小标宋 that reportlab can embed) for body and title, and WenQuanYi
Micro Hei for 黑体 headings; both ship in resources/fonts with their licences.
DOCX files name the faces Chinese offices have (仿宋, 宋体, 黑体) through
``w:eastAsia``, so Word and WPS pick them.
"""

from __future__ import annotations

import threading

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.domain.numerals import chinese_number
from app.paths import resources_dir

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
BODY_LEADING = TEXT_HEIGHT_MM * mm / LINES_PER_PAGE
"""22 lines fill the 225 mm block: about 28.9 pt from baseline to baseline."""
TABLE_LEADING = 18.0

PDF_BODY = "TiaojieSerif"
PDF_HEADING = "TiaojieSans"
DOCX_LATIN = "Times New Roman"
DOCX_BODY_EA = "仿宋"
DOCX_TITLE_EA = "宋体"
DOCX_HEADING_EA = "黑体"
SEAL_RED = (0.80, 0.0, 0.0)

_FONT_FILES = {
    PDF_BODY: ("fonts/document/uming.ttc", 0),
    PDF_HEADING: ("fonts/wqy-microhei.ttc", 0),
}
_lock = threading.Lock()


def register_pdf_fonts() -> None:
    """Register the embedded faces with reportlab once per process (thread-safe)."""
    with _lock:
        registered = set(pdfmetrics.getRegisteredFontNames())
        for name, (path, index) in _FONT_FILES.items():
            if name not in registered:
                pdfmetrics.registerFont(
                    TTFont(name, str(resources_dir() / path), subfontIndex=index))


def heading_label(level: int, n: int) -> str:
    """The GB/T 9704 heading numbers: 一、 → （一） → 1. for levels 1, 2, 3."""
    numerals = chinese_number(n)
    if level == 1:
        return f"{numerals}、"
    if level == 2:
        return f"（{numerals}）"
    return f"{n}."


