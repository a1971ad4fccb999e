"""The printed seal image for organisations that chose to print it.

Organisations that seal by hand leave ``print_seal`` off and get an empty
place marked （印章）.  Those that print it (county centres sending PDFs to
the court's online filing system) get this red round seal: the
organisation's name along the upper arc and a star in the middle, drawn
with Pillow into a transparent PNG that both the PDF and the DOCX embed.
"""

from __future__ import annotations

import io
import math
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from app.paths import resources_dir

SEAL_PX = 600
_RED = (204, 0, 0, 235)


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float) -> None:
    points = []
    for k in range(10):
        radius = r if k % 2 == 0 else r * 0.382
        angle = -math.pi / 2 + k * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    draw.polygon(points, fill=_RED)


@lru_cache(maxsize=64)
def seal_png(name: str) -> bytes:
    """A transparent PNG of the round seal of ``name`` (cached per organisation)."""
    size = SEAL_PX
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    c = size / 2
    ring = size * 0.02
    draw.ellipse((ring, ring, size - ring, size - ring), outline=_RED, width=int(size * 0.035))
    _star(draw, c, c, size * 0.15)
    font_path = str(resources_dir() / "fonts" / "wqy-microhei.ttc")
    chars = list(name)
    glyph = max(28, min(80, int(size * 1.5 / max(len(chars), 1))))
    font = ImageFont.truetype(font_path, glyph, index=0)
    span = min(math.radians(250), math.radians(22) * len(chars))
    radius = c - ring - size * 0.04 - glyph / 2
    for i, ch in enumerate(chars):
        t = 0.5 if len(chars) == 1 else i / (len(chars) - 1)
        angle = -math.pi / 2 - span / 2 + t * span
        tile = Image.new("RGBA", (glyph * 2, glyph * 2), (255, 255, 255, 0))
        ImageDraw.Draw(tile).text((glyph, glyph), ch, font=font, fill=_RED, anchor="mm")
        tile = tile.rotate(-math.degrees(angle + math.pi / 2), resample=Image.Resampling.BICUBIC)
        x = c + radius * math.cos(angle) - glyph
        y = c + radius * math.sin(angle) - glyph
        image.alpha_composite(tile, (int(x), int(y)))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
