"""Index terms: short Chinese substrings and pinyin initials must be findable."""

from __future__ import annotations

import pytest

from app.domain.search_terms import (
    STORED_LENGTH,
    QueryKind,
    char_initials,
    classify,
    initials_variants,
    is_initials,
    name_terms,
    normalise_query,
    stored_initials,
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("张三", "zs"), ("王小明", "wxm"), ("欧阳娜娜", "oynn"), ("李4", "l4")],
)
def test_initials(name: str, expected: str) -> None:
    assert expected in initials_variants(name)


def test_polyphonic_surname_gives_every_reading() -> None:
    variants = initials_variants("曾力")
    assert "zl" in variants and "cl" in variants


def test_stored_initials_fit_the_column_and_end_on_a_whole_variant() -> None:
    for name in ("行长长行重重", "浙江省宁波市象山县重行长乐股份有限公司", "单长乐"):
        text = stored_initials(name)
        assert len(text) <= STORED_LENGTH
        assert text.split() == initials_variants(name)
        assert all(len(v) == len(initials_variants(name)[0]) for v in text.split())


@pytest.mark.parametrize(
    ("name", "said"),
    [("单长乐", "scl"), ("单长乐", "dcl"), ("曾力", "zl"), ("解小明", "xxm"), ("查文", "zw"),
     ("区伟", "ow"), ("仇强", "qq"), ("乐平", "yp"), ("乐平", "lp"), ("万俟小明", "mqxm")],
)
def test_every_reading_of_a_name_is_listed(name: str, said: str) -> None:
    assert said in initials_variants(name)


def test_a_surname_is_read_as_a_surname_first() -> None:
    assert initials_variants("单长乐")[0][0] == "s"
    assert initials_variants("曾力")[0] == "zl"
    assert initials_variants("万俟小明")[0] == "mqxm"
    # Not at the start of a name, 单 keeps its common reading first.
    assert initials_variants("简单")[0] == "jd"


def test_company_names_keep_their_usual_reading_first() -> None:
    variants = initials_variants("象山县海鲜股份有限公司")
    assert variants[0] == "xsxhxgfyxgs"
    assert "gbyxgs" not in "".join(variants[:1])


def test_readings_that_depart_least_come_first() -> None:
    variants = initials_variants("重行长乐")
    places = [sum(a != b for a, b in zip(v, variants[0], strict=True)) for v in variants]
    assert places == sorted(places)
    assert len(variants) == len(set(variants))


def test_a_long_name_keeps_every_single_reading_somewhere() -> None:
    name = "行长长行重重乐乐单单"
    variants = initials_variants(name)
    for n, char in enumerate(name):
        assert {v[n] for v in variants} == set(char_initials(char)), char


def test_characters_outside_the_basic_plane_are_indexed() -> None:
    assert initials_variants("王𠮷") == ["wj", "yj"]
    terms = name_terms("王𠮷", initials_variants("王𠮷"))
    assert {"王", "𠮷", "王𠮷", "wj", "j"} <= terms
    # A compatibility ideograph (U+2F8B2) is read as the character it stands for (成).
    assert char_initials("\U0002F8B2") == ("c",)
    # Extension B characters pypinyin knows need no table.
    assert char_initials("𡒄") == ("l",)


def test_name_terms_cover_every_one_and_two_character_substring() -> None:
    terms = name_terms("张三丰", initials_variants("张三丰"))
    for expected in ("张", "三", "丰", "张三", "三丰", "z", "zs", "sf", "zsf"):
        assert expected in terms
    assert "张丰" not in terms


def test_company_names_with_latin_letters() -> None:
    terms = name_terms("ABC物业有限公司", initials_variants("ABC物业有限公司"))
    assert {"ab", "bc", "物业", "公司", "a"} <= terms


@pytest.mark.parametrize(
    ("query", "kind"), [("张", QueryKind.TERM), ("zs", QueryKind.TERM),
                        ("张三丰", QueryKind.SUBSTRING), ("1380", QueryKind.SUBSTRING)],
)
def test_classify(query: str, kind: QueryKind) -> None:
    assert classify(query) is kind


def test_normalise_query_drops_index_syntax() -> None:
    assert normalise_query('  "ZS"* ') == "zs"
    assert normalise_query("张 三%") == "张 三"


def test_is_initials() -> None:
    assert is_initials("zsf") and not is_initials("张三") and not is_initials("13")


@pytest.mark.parametrize(
    ("query", "probes"),
    [("19491231", True), ("110105194912", True), ("138000", True), ("0001号", False),
     ("张三", False), ("11010519491231002X", False), ("13800000000", False), ("2026", True),
     ("0574 8765 4321", False), ("+852 9123 4567", False), ("+852-9123", True),
     ("0574 8765", True)],
)
def test_probing_masked_digits(query: str, probes: bool) -> None:
    from app.domain.search_terms import probes_hidden_digits

    assert probes_hidden_digits(query) is probes


@pytest.mark.parametrize(
    ("query", "stored"),
    [("0574 8765 4321", "0574-87654321"), ("+86 574 8765 4321", "0574-87654321"),
     ("(0574)87654321转8001", "0574-87654321-8001"), ("+852 9123 4567", "+852-91234567"),
     ("138 0000 0000", "13800000000"), ("11010519491231002x", "11010519491231002X"),
     ("0574 8765", None), ("张三", None), ("2026", None)],
)
def test_whole_numbers_as_people_write_them(query: str, stored: str | None) -> None:
    from app.domain.search_terms import whole_number

    assert whole_number(query) == stored
