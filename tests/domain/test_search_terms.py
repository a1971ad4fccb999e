"""Index terms: short Chinese substrings and pinyin initials must be findable."""

from __future__ import annotations

import pytest

from app.domain.search_terms import (
    QueryKind,
    classify,
    initials_variants,
    is_initials,
    name_terms,
    normalise_query,
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


def test_variants_are_capped() -> None:
    assert len(initials_variants("行长长行重重")) <= 8


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
     ("张三", False), ("11010519491231002X", False), ("13800000000", False), ("2026", True)],
)
def test_probing_masked_digits(query: str, probes: bool) -> None:
    from app.domain.search_terms import probes_hidden_digits

    assert probes_hidden_digits(query) is probes
