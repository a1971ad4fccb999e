"""Every shortcut taken for speed gives what the general rule gives.

Checking a ledger row runs these rules a million times for a large import,
so several take a shortcut for the common case (plain digits, a name without
separators, printable text) or remember what they worked out.  Each test
here holds a shortcut to the rule it stands for, on the inputs where the two
could part.
"""

from __future__ import annotations

import gettext
import itertools
import random
from datetime import date, datetime

import pytest

from app.domain import text
from app.domain.errors import ValidationError
from app.domain.idnumber import check_digit, make_id_number, parse_id_number
from app.domain.intake import check_intake
from app.domain.ledger_fields import normalise_header
from app.domain.ledger_mapping import LedgerMapping, assign_columns
from app.domain.ledger_rows import RowReader
from app.domain.ledger_values import BLANKS, SEPARATORS, split_list
from app.domain.money import parse_amount
from app.domain.phone import parse_phone
from app.domain.search_terms import initials_variants, name_terms
from app.domain.text_rules import TextKind, text_problem
from tests.domain.test_intake import sample

EVERY_CHARACTER = "".join(map(chr, range(0x110000)))


@pytest.mark.parametrize("kind", list(TextKind))
def test_no_forbidden_character_is_printable(kind: TextKind) -> None:
    """text_problem passes printable text without its search: no refused character is printable."""
    from app.domain.text_rules import _FORBIDDEN

    refused = _FORBIDDEN[kind].findall(EVERY_CHARACTER)
    assert len(refused) > 60
    assert not [c for c in refused if c.isprintable()]
    assert all(text_problem(f"张{c}三", kind) is not None for c in refused)


def _general_phone(digits: str) -> str:
    """The number read by the general path (a leading space keeps it off the shortcut)."""
    return parse_phone(f" {digits}")


@pytest.mark.parametrize("digits", ["13800000000", "19912345678", "10123456789",
                                    "12800000000", "18600000000", "11111111111"])
def test_plain_mobile_numbers_read_as_the_general_path_reads_them(digits: str) -> None:
    try:
        expected: str | None = _general_phone(digits)
    except ValidationError as exc:
        with pytest.raises(ValidationError, match=exc.message):
            parse_phone(digits)
        return
    assert parse_phone(digits) == expected


def test_check_digit_by_the_standards_arithmetic() -> None:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    rng = random.Random(11643)
    for _ in range(2000):
        first17 = "".join(rng.choice("0123456789") for _ in range(17))
        total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
        assert check_digit(first17) == "10X98765432"[total % 11]
    assert parse_id_number("11010519491231002X").gender == "female"
    with pytest.raises(ValidationError):
        check_digit("1101051949123100Ｘ")


@pytest.mark.parametrize("value", ["张三", "330225195001010057", "无", "None", "空", "NULL",
                                   "ABC物业", "李4", "张三、李四", "a b", " 张三 ", "", "—", "/",
                                   "王𠮷", "Ａｌｉｃｅ", "张三\n李四",
                                   "13800000000；0574-87654321"])
def test_one_entry_cells_split_as_the_separators_split_them(value: str) -> None:
    stripped = value.strip()
    expected = [p for p in SEPARATORS.split(stripped) if p and p not in BLANKS]
    assert split_list(value) == expected


@pytest.mark.parametrize("value", ["1", "42", "A7", "abc", "合计", "1 ", "（1）", "Ｎｏ1"])
def test_plain_headers_are_what_normalising_makes_of_them(value: str) -> None:
    import unicodedata

    from app.domain.ledger_fields import _NOISE, _REMARK

    plain = unicodedata.normalize("NFKC", value)
    stripped = _NOISE.sub("", _REMARK.sub("", plain))
    assert normalise_header(value) == (stripped or _NOISE.sub("", plain))


class _English(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return "not an amount" if message.startswith("金额“") else message


def test_amounts_are_remembered_but_refusals_follow_the_language() -> None:
    assert parse_amount("12,000.50") == parse_amount("12000.5")
    text.install(_English())
    try:
        with pytest.raises(ValidationError, match="not an amount"):
            parse_amount("很多")
    finally:
        text.install(gettext.NullTranslations())
    with pytest.raises(ValidationError, match="格式无效"):
        parse_amount("很多")


def test_variants_follow_the_documented_order_for_every_shape() -> None:
    """Few combinations: all of them, fewest departures first, then least rare readings."""
    for name in ("单长乐", "曾乐", "乐乐乐", "单曾长乐行", "重庆长安汽车股份有限公司"):
        variants = initials_variants(name)
        assert len(variants) == len(set(variants))
    from app.domain.search_terms import _reading_options

    for name in ("单长乐", "乐乐乐", "曾单"):
        options = _reading_options(name)
        every = sorted(itertools.product(*(range(len(o)) for o in options)),
                       key=lambda picks: (len(picks) - picks.count(0), sum(picks), picks))
        assert len(every) > 2
        assert initials_variants(name) == [
            "".join(o[p] for o, p in zip(options, picks, strict=True)) for picks in every]


def test_name_terms_take_any_iterable_of_initials() -> None:
    assert name_terms("张三丰", iter(["zsf"])) == name_terms("张三丰", ["zsf"]) == {
        "张", "三", "丰", "张三", "三丰", "z", "s", "f", "zs", "sf", "zsf"}


def test_a_person_named_twice_is_still_refused_when_others_are_not() -> None:
    data = sample()
    data["parties"][1] = {"role": "respondent", "name": "张三",
                          "id_number": data["parties"][0]["id_number"]}
    errors = check_intake(data, datetime(2026, 11, 23, 10, 0)).errors
    assert [e.field for e in errors] == ["parties[1].id_number"]


LABELS = ("登记日期", "申请人", "身份证号", "电话", "被申请人", "纠纷类型", "涉及金额", "调解结果",
          "结案日期")


def test_a_reader_that_has_read_other_rows_reads_a_row_as_a_fresh_one_does() -> None:
    """What a reader remembers (dates, amounts, values, names) never changes an outcome."""
    ids = [make_id_number("330225", date(1960 + i, 1 + i, 1 + i), i) for i in range(6)]
    pools = [["2023.5.6", 45052, 45052.0, date(2023, 5, 6), "2023年5月6日", "23.5.6", True, ""],
             ["张三", "张三、李四", "某某建材有限公司", "单长乐", "张\x01三", "无", ""],
             [*ids, ids[0][:17] + "0", ids[1].lower(), f"{ids[2]}、{ids[3]}", "", "9"],
             ["13800000000", "12800000000", " 13800000000", 13800000000.0, "0574-87654321", ""],
             ["李四", "宏达公司", "", "王五、赵六"],
             ["土地纠纷", "外星纠纷", "其它", ""],
             [12000, 12000.0, "1.2万", "壹万贰仟元整", "很多", True, "", "12000"],
             ["调解成功", "未成功", "正在调解", ""],
             ["2023.6.1", "2023.1.1", "", 45100, "bad"]]
    mapping = LedgerMapping()
    columns = assign_columns(LABELS, mapping)
    now = datetime(2026, 12, 1)
    shared = RowReader(LABELS, columns, mapping, now)
    rng = random.Random(14)
    for row in range(5, 400):
        cells = [rng.choice(pool) for pool in pools]
        fresh = RowReader(LABELS, columns, mapping, now).read(row, cells)
        assert repr(shared.read(row, cells)) == repr(fresh)
