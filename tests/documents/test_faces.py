"""Which faces the papers use: the office's 仿宋/宋体/黑体 when installed, else the bundled."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.documents import faces as F
from app.documents import typography as T
from tests.conftest import ON_CI

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _no_fontconfig(_family: str) -> tuple[Path, int, str] | None:
    return None


def test_without_office_faces_the_bundled_ones_are_used() -> None:
    chosen = F.choose_faces([], _no_fontconfig)
    assert chosen == F.bundled_faces()
    assert chosen.body.docx_name == "AR PL UMing CN"
    assert chosen.heading.docx_name == "WenQuanYi Micro Hei"
    assert all(F.embeddable(f.path, f.index) for f in (chosen.body, chosen.heading))


def test_windows_fangsong_is_found_in_the_fonts_folder(tmp_path: Path) -> None:
    if not DEJAVU.is_file():
        if ON_CI:
            pytest.fail("fonts-dejavu-core (installed by .ci/system-deps.sh) is required on CI")
        pytest.skip("needs any TrueType file to stand in")
    shutil.copy(DEJAVU, tmp_path / "simfang.ttf")
    chosen = F.choose_faces([tmp_path], _no_fontconfig)
    assert chosen.body == F.Face(tmp_path / "simfang.ttf", 0, "仿宋")
    assert chosen.title == F.bundled_faces().title
    assert chosen.heading == F.bundled_faces().heading


@pytest.mark.skipif(not DEJAVU.is_file(), reason="needs any TrueType file to stand in")
def test_fontconfig_families_are_used_and_outlines_reportlab_cannot_embed_skipped(
        tmp_path: Path) -> None:
    otf = tmp_path / "FZXBSJW.otf"
    otf.write_bytes(b"OTTO")
    found = {"方正小标宋简体": (otf, 0, "方正小标宋简体"), "SimSun": (DEJAVU, 0, "SimSun")}
    chosen = F.choose_faces([], found.get)
    assert chosen.title == F.Face(DEJAVU, 0, "SimSun", heavy=False)
    assert not F.embeddable(otf, 0)


def test_a_file_that_is_not_a_font_is_not_embeddable(tmp_path: Path) -> None:
    fake = tmp_path / "simhei.ttf"
    fake.write_bytes(b"not a font")
    assert not F.embeddable(fake, 0)
    assert F.find_face(F.HEADING, [tmp_path], _no_fontconfig) is None


def test_roles_sharing_a_file_share_one_embedded_font() -> None:
    faces = T.register_pdf_fonts()
    chosen = F.document_faces()
    assert (faces.title == faces.body) == (chosen.title.key == chosen.body.key)
    assert faces.title_synthetic_bold == (not chosen.title.heavy)
    assert T.docx_faces() == (chosen.body.docx_name, chosen.title.docx_name,
                              chosen.heading.docx_name)
