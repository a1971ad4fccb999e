"""Which typefaces the papers are set in: the office's own 仿宋/宋体/黑体 when present.

GB/T 9704-2012 sets the body in 仿宋 and the title in 小标宋 (or a bold 宋);
Windows ships FangSong (simfang.ttf), SimSun (simsun.ttc) and SimHei
(simhei.ttf), and a Linux desktop may have them or the 方正 faces through
fontconfig.  When the machine has them the papers use them; otherwise they
use the faces bundled in ``resources/fonts`` (AR PL UMing for body and
title, WenQuanYi Micro Hei for headings).  One :class:`Faces` choice feeds
both back ends, so the PDF embeds and the DOCX names the same faces.

reportlab embeds only TrueType outlines (``.ttf``/``.ttc`` with ``glyf``):
a CFF/OpenType face is skipped here rather than failing a paper later.
Set ``TIAOJIE_DOCUMENT_FONTS=bundled`` to use the bundled faces regardless
(reproducible output, e.g. on a build machine).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.paths import resources_dir


@dataclass(frozen=True)
class Face:
    """One typeface: where its file is, and the name a word processor knows it by."""

    path: Path
    index: int
    docx_name: str
    """The family written into ``w:eastAsia`` (what Word/WPS/LibreOffice look up)."""
    heavy: bool = False
    """The face is bold by design (小标宋): no synthetic bold on top."""

    @property
    def key(self) -> tuple[str, int]:
        """One embedded font per file and subfont, however many roles share it."""
        return str(self.path), self.index


@dataclass(frozen=True)
class Faces:
    """The body (仿宋), title (小标宋/宋) and heading (黑体) faces of every paper."""

    body: Face
    title: Face
    heading: Face


@dataclass(frozen=True)
class Wanted:
    """A face looked for: Windows file names and fontconfig family names, best first."""

    files: tuple[tuple[str, int, str, bool], ...]
    """(file name in the Windows fonts folder, subfont index, Word's name, heavy)."""
    families: tuple[tuple[str, bool], ...]
    """(fontconfig family, heavy)."""


BODY = Wanted((("simfang.ttf", 0, "仿宋", False),),
              (("FangSong", False), ("仿宋", False), ("FangSong_GB2312", False),
               ("仿宋_GB2312", False), ("FZFangSong-Z02S", False), ("方正仿宋简体", False)))
TITLE = Wanted((("FZXBSJW.TTF", 0, "方正小标宋简体", True), ("simsun.ttc", 0, "宋体", False)),
               (("FZXiaoBiaoSong-B05S", True), ("方正小标宋简体", True), ("SimSun", False),
                ("宋体", False), ("NSimSun", False)))
HEADING = Wanted((("simhei.ttf", 0, "黑体", False),),
                 (("SimHei", False), ("黑体", False)))

BUNDLED_SERIF = ("fonts/document/uming.ttc", 0, "AR PL UMing CN")
BUNDLED_SANS = ("fonts/wqy-microhei.ttc", 0, "WenQuanYi Micro Hei")


def bundled_faces() -> Faces:
    """The faces shipped with the program (always present, TrueType, freely licensed)."""
    root = resources_dir()
    serif = Face(root / BUNDLED_SERIF[0], BUNDLED_SERIF[1], BUNDLED_SERIF[2])
    sans = Face(root / BUNDLED_SANS[0], BUNDLED_SANS[1], BUNDLED_SANS[2])
    return Faces(serif, serif, sans)


def embeddable(path: Path, index: int) -> bool:
    """Whether reportlab can embed the face (TrueType outlines, readable file)."""
    if path.suffix.lower() not in (".ttf", ".ttc"):
        return False
    from reportlab.pdfbase.ttfonts import TTFError, TTFontFile

    try:
        TTFontFile(str(path), charInfo=0, validate=0, subfontIndex=index)
    except (TTFError, OSError, ValueError):
        return False
    return True


def windows_font_dirs() -> list[Path]:
    """The system and per-user font folders of Windows (empty elsewhere)."""
    folders = []
    windir = os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT")
    if windir:
        folders.append(Path(windir) / "Fonts")
    local = os.environ.get("LOCALAPPDATA")
    if local:
        folders.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return folders


def fontconfig_lookup(family: str) -> tuple[Path, int, str] | None:
    """The file, subfont and family fontconfig lists for exactly ``family``, if any."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        out = subprocess.run([fc_list, "--format", "%{file}|%{index}|%{family}\n",
                              f":family={family}"], capture_output=True, text=True,
                             timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    for line in out.splitlines():
        file, _sep, rest = line.partition("|")
        index, _sep, names = rest.partition("|")
        if file and index.isdigit():
            return Path(file), int(index), names.split(",")[0] or family
    return None


Lookup = Callable[[str], tuple[Path, int, str] | None]


def find_face(wanted: Wanted, folders: Iterable[Path], lookup: Lookup,
              usable: Callable[[Path, int], bool] = embeddable) -> Face | None:
    """The first installed, embeddable face of ``wanted``: Windows folders, then fontconfig."""
    folders = list(folders)
    for name, index, docx_name, heavy in wanted.files:
        for folder in folders:
            path = folder / name
            if path.is_file() and usable(path, index):
                return Face(path, index, docx_name, heavy)
    for family, heavy in wanted.families:
        found = lookup(family)
        if found is not None and usable(found[0], found[1]):
            return Face(found[0], found[1], found[2], heavy)
    return None


def choose_faces(folders: Iterable[Path], lookup: Lookup,
                 usable: Callable[[Path, int], bool] = embeddable) -> Faces:
    """The office's faces where installed, each role falling back to the bundled face."""
    folders = list(folders)
    fallback = bundled_faces()
    body = find_face(BODY, folders, lookup, usable)
    title = find_face(TITLE, folders, lookup, usable)
    heading = find_face(HEADING, folders, lookup, usable)
    return Faces(body or fallback.body, title or fallback.title, heading or fallback.heading)


@lru_cache(maxsize=1)
def document_faces() -> Faces:
    """The faces of this machine's papers, looked up once per process."""
    if os.environ.get("TIAOJIE_DOCUMENT_FONTS", "").lower() == "bundled":
        return bundled_faces()
    return choose_faces(windows_font_dirs(), fontconfig_lookup)
