"""Text in the PDF: a reportlab flowable that sets Chinese the way GB/T 9704 asks.

reportlab's own CJK wrapping may start a line with "，" or split an ID
number, and cannot set 28 characters of 3号 on a 156 mm line (that needs
the characters a little closer than their body).  :class:`TextBlock`
measures the text, breaks it with :func:`app.documents.linebreak.break_lines`
(the one 禁则 rule of the PDF back end) and draws each line with the
character spacing that fills it: the GB/T pitch for body text, justified
lines spread to the full width.  Every text of a PDF paper — titles,
paragraphs, table cells, signature lines — is a TextBlock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from app.documents.linebreak import Unit, break_lines, units_of

LEFT, CENTRE, RIGHT, JUSTIFY = "left", "centre", "right", "justify"

_widths: dict[str, dict[str, float]] = {}


def char_width(font: str, char: str) -> float:
    """Advance of ``char`` in ``font`` at 1 pt (cached: papers repeat few characters)."""
    table = _widths.setdefault(font, {})
    width = table.get(char)
    if width is None:
        width = table[char] = pdfmetrics.stringWidth(char, font, 1.0)
    return width


@dataclass(frozen=True)
class Style:
    """How a block of text is set; sizes in points."""

    size: float
    leading: float
    align: str = JUSTIFY
    indent: float = 0.0
    """First-line indent (two characters for body paragraphs and 一、 headings)."""
    track: float = 0.0
    """Space added after every character (negative: the GB/T 28-per-line pitch)."""
    fit: bool = False
    """Shrink the text (to ``min_size``) to keep it on one line: table labels."""
    min_size: float = 9.0
    space_before: float = 0.0
    space_after: float = 0.0
    bold: bool = False
    """Synthetic bold (a thin outline) for a regular face set as a bold title."""


@dataclass(frozen=True)
class Span:
    """A run of text in one font."""

    font: str
    text: str


@dataclass(frozen=True)
class _Piece(Unit):
    font: str = ""


@dataclass(frozen=True)
class _Line:
    pieces: tuple[_Piece, ...]
    indent: float
    last: bool


def _pieces(spans: Sequence[Span], size: float, track: float) -> list[_Piece]:
    pieces = []
    for span in spans:
        for text in units_of(span.text):
            width = sum(char_width(span.font, c) * size + track for c in text)
            pieces.append(_Piece(text, width, span.font))
    return pieces


class TextBlock(Flowable):  # type: ignore[misc]
    """One paragraph (or cell text) broken into lines by the 禁则 rule."""

    def __init__(self, spans: Sequence[Span], style: Style,
                 lines: tuple[_Line, ...] | None = None) -> None:
        super().__init__()
        self.spans = tuple(spans)
        self.style = style
        self.lines = lines
        self._for_width: float | None = None if lines is None else -1.0

    def _layout(self, width: float) -> None:
        style = self.style
        text = "".join(s.text for s in self.spans)
        if style.fit and text:
            natural = sum(char_width(s.font, c) + style.track / style.size
                          for s in self.spans for c in s.text)
            size = style.size
            while size > style.min_size and natural * size > width:
                size -= 0.5
            if size != style.size:
                style = self.style = replace(style, size=size,
                                             track=style.track * size / style.size)
        pieces = _pieces(self.spans, style.size, style.track)
        ranges = break_lines(pieces, width - style.indent, width)
        if style.fit and len(ranges) > 1:  # still too long: balanced lines, not one orphan
            per_line = -(-len(pieces) // len(ranges))
            ranges = [range(i, min(i + per_line, len(pieces)))
                      for i in range(0, len(pieces), per_line)]
        self.lines = tuple(
            _Line(tuple(pieces[r.start:r.stop]), style.indent if n == 0 else 0.0,
                  n == len(ranges) - 1)
            for n, r in enumerate(ranges)) or (_Line((), style.indent, True),)
        self._for_width = width

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self.lines is None or (self._for_width != -1.0 and self._for_width != avail_width):
            self._layout(avail_width)
        self.width = avail_width
        assert self.lines is not None
        self.height = (len(self.lines) * self.style.leading + self.style.space_before
                       + self.style.space_after)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        assert self.lines is not None
        room = int((avail_height - self.style.space_before + 1e-6) // self.style.leading)
        if room >= len(self.lines):
            return []
        room = min(room, len(self.lines) - 2)  # no widow or orphan: two lines on each side
        if room < 2:
            return []
        head = replace(self.style, space_after=0.0)
        tail = replace(self.style, space_before=0.0)
        return [TextBlock(self.spans, head, self.lines[:room]),
                TextBlock(self.spans, tail, self.lines[room:])]

    def last_lines(self, width: float, count: int) -> tuple[TextBlock | None, TextBlock]:
        """This text as (all but its last ``count`` lines, those lines); None if that is all."""
        self.wrap(width, 0.0)
        assert self.lines is not None
        if len(self.lines) <= count:
            return None, self
        head = replace(self.style, space_after=0.0)
        tail = replace(self.style, space_before=0.0)
        return (TextBlock(self.spans, head, self.lines[:-count]),
                TextBlock(self.spans, tail, self.lines[-count:]))

    def draw(self) -> None:
        assert self.lines is not None
        style, canvas = self.style, self.canv
        slot_top = self.height - style.space_before
        for line in self.lines:
            baseline = slot_top - (style.leading - style.size) / 2 - style.size * 0.88
            self._draw_line(canvas, line, baseline)
            slot_top -= style.leading

    def _draw_line(self, canvas: Any, line: _Line, baseline: float) -> None:
        style = self.style
        pieces = line.pieces
        if not pieces:
            return
        chars = sum(len(p.text) for p in pieces)
        natural = sum(p.width for p in pieces) - style.track
        room = self.width - line.indent
        spacing = style.track
        x = line.indent
        if style.align == JUSTIFY and not line.last and chars > 1:
            spacing += (room - natural) / (chars - 1)
        elif style.align == CENTRE:
            x += (room - natural) / 2
        elif style.align == RIGHT:
            x += room - natural
        text = canvas.beginText(x, baseline)
        text.setCharSpace(spacing)
        if style.bold:
            text.setTextRenderMode(2)
            canvas.setLineWidth(style.size * 0.03)
        font = ""
        run: list[str] = []
        for piece in pieces:
            if piece.font != font:
                if run:
                    text.textOut("".join(run))
                    run = []
                font = piece.font
                text.setFont(font, style.size)
            run.append(piece.text)
        text.textOut("".join(run))
        canvas.drawText(text)
