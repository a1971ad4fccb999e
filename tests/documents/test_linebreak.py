"""Chinese line breaking (禁则): the rule on its own, then lines of a real PDF."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from app.documents import layout as L
from app.documents.linebreak import CANNOT_END, CANNOT_START, Unit, break_lines, units_of
from app.documents.pdf import render_pdf
from app.domain.document_model import OrgHeader


def _units(text: str) -> list[Unit]:
    """Every unit as wide as its characters: one per CJK character, a half for Latin."""
    return [Unit(u, sum(1.0 if ord(c) > 0x2E80 else 0.5 for c in u)) for u in units_of(text)]


def _lines(text: str, width: float, first: float | None = None) -> list[str]:
    units = _units(text)
    return ["".join(units[i].text for i in line)
            for line in break_lines(units, width if first is None else first, width)]


def test_numbers_ids_and_latin_words_are_units() -> None:
    assert units_of("号码11010519491231002X，¥6,007.14元") == [
        "号", "码", "11010519491231002X", "，", "¥6,007.14", "元"]
    assert units_of("他说——好……") == ["他", "说", "——", "好", "……"]


def test_a_full_line_breaks_where_it_is_full() -> None:
    assert _lines("一二三四五六七八九十", 5) == ["一二三四五", "六七八九十"]


@pytest.mark.parametrize("mark", list("，。、；：？！）》」』〕”’"))
def test_closing_punctuation_never_starts_a_line(mark: str) -> None:
    lines = _lines(f"一二三四五{mark}六七八九十", 5)
    assert all(line[0] not in CANNOT_START for line in lines[1:]), lines
    assert "".join(lines) == f"一二三四五{mark}六七八九十"


@pytest.mark.parametrize("mark", list("（《「『〔“‘"))
def test_an_opening_bracket_never_ends_a_line(mark: str) -> None:
    lines = _lines(f"一二三四{mark}五六七八九十", 5)
    assert all(line[-1] not in CANNOT_END for line in lines), lines
    assert lines[1].startswith(mark)


def test_an_id_number_is_not_split() -> None:
    lines = _lines("公民身份号码11010519491231002X，住所", 12)
    assert any("11010519491231002X" in line for line in lines), lines


def test_a_unit_wider_than_the_line_still_gets_a_line() -> None:
    lines = _lines("号码11010519491231002X", 4)
    assert "11010519491231002X" in lines and "".join(lines) == "号码11010519491231002X"


def test_a_paragraph_does_not_end_with_one_character() -> None:
    lines = _lines("一二三四五六", 5)
    assert lines == ["一二三四", "五六"]


def test_the_first_line_may_be_narrower() -> None:
    assert _lines("一二三四五六七八", 5, first=3) == ["一二三", "四五六七八"]


def test_latin_spaces_at_a_line_end_are_dropped() -> None:
    assert _lines("abc def ghi", 2) == ["abc ", "def ", "ghi"]


def _pdf_lines(form: L.Form, tmp_path: Path) -> list[str]:
    path = tmp_path / "p.pdf"
    path.write_bytes(render_pdf(form))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_a_pdf_body_line_holds_28_characters_and_obeys_the_rule(tmp_path: Path) -> None:
    text = "甲" * 27 + "，" + "乙" * 26 + "（丙）" + "丁" * 40 + "。"
    form = L.Form("t", "t", (L.Para(text, indent=False),), OrgHeader("某委员会"))
    lines = [line for line in _pdf_lines(form, tmp_path) if "页" not in line]
    assert [len(line) for line in lines] == [28, 26, 28, 16]
    for line in lines:
        assert line[0] not in CANNOT_START and line[-1] not in CANNOT_END, lines
    assert "".join(lines) == text


def test_closing_punctuation_pushes_the_last_character_down_in_the_pdf(tmp_path: Path) -> None:
    text = "甲" * 28 + "，" + "乙" * 60
    form = L.Form("t", "t", (L.Para(text, indent=False),), OrgHeader("某委员会"))
    lines = [line for line in _pdf_lines(form, tmp_path) if "页" not in line]
    assert lines[:2] == ["甲" * 27, "甲，" + "乙" * 26]
