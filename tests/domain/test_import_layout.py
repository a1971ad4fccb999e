"""Finding a ledger's header under its title; mapping columns and values by the synonym tables."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from app.domain.errors import ValidationError
from app.domain.ledger_fields import code_for_value, field_for_header, looks_like_organisation
from app.domain.ledger_layout import find_layout
from app.domain.ledger_mapping import (
    LedgerMapping,
    assign_columns,
    column_keys,
    mapping_from_json,
    missing_fields,
)


def _rows(*rows: Sequence[object]) -> list[tuple[int, Sequence[object]]]:
    return [(n, list(r)) for n, r in enumerate(rows, 1)]


def test_header_is_found_under_title_rows() -> None:
    layout = find_layout(_rows(
        ["某村矛盾纠纷排查调处台账", "", "", ""],
        ["填报单位：某村", "", "", ""],
        ["序号", "受理时间", "当事人", "被申请人"],
        [1, "2023.5.6", "张三", "李四"],
    ))
    assert layout.header_rows == (3,) and layout.first_data_row == 4
    assert layout.labels == ("序号", "受理时间", "当事人", "被申请人")


def test_two_row_header_with_merged_groups() -> None:
    top = _rows(
        ["台账", "", "", "", "", ""],
        ["登记日期", "申请人", "", "被申请人", "", "纠纷类型"],
        ["", "姓名", "身份证号", "姓名", "身份证号", ""],
        ["2023.5.6", "张三", "", "李四", "", "土地"],
    )
    merged = [((1, 1), (1, 2)), ((1, 3), (1, 4))]
    layout = find_layout(top, merged)
    assert layout.header_rows == (2, 3)
    assert layout.labels == ("登记日期", "申请人姓名", "申请人身份证号", "被申请人姓名",
                             "被申请人身份证号", "纠纷类型")
    assert find_layout(top).labels == layout.labels  # CSV: no merge information


def test_no_header_is_an_error_unless_the_user_names_the_row() -> None:
    top = _rows(["甲", "乙"], ["1", "2"])
    with pytest.raises(ValidationError, match="找不到表头"):
        find_layout(top)
    assert find_layout(top, header_row=1).labels == ("甲", "乙")


def test_headers_and_values_come_from_the_tables() -> None:
    assert field_for_header("涉及金额（元）") == "amount"
    assert field_for_header(" 受理\n时间 ") == "received_at"
    assert field_for_header("*联系电话") == "applicant.phone"
    assert field_for_header("随便写的") is None
    assert code_for_value("category", "土地纠纷") == "forest_land"
    assert code_for_value("category", "邻里纠纷") == "neighbour"
    assert code_for_value("category", "其它") == "other"
    assert code_for_value("result", "调解成功") == "agreed"
    assert code_for_value("result", "正在调解") == "in_mediation"
    assert code_for_value("result", "未成功") == "not_agreed"
    assert code_for_value("result", "已归档") == "archived"
    assert code_for_value("category", "外星人纠纷") is None
    assert looks_like_organisation("某某建材有限公司") and not looks_like_organisation("张三")


def test_a_second_party_header_goes_to_the_respondent() -> None:
    labels = ["姓名", "身份证号", "姓名", "身份证号", "日期"]
    columns = assign_columns(labels, LedgerMapping())
    assert columns == {0: "applicant.name", 1: "applicant.id_number", 2: "respondent.name",
                       3: "respondent.id_number", 4: "received_at"}
    assert column_keys(labels) == ["姓名", "身份证号", "姓名#2", "身份证号#2", "日期"]
    assert missing_fields(columns) == []


def test_the_users_choices_win_and_one_field_takes_one_column() -> None:
    labels = ["当事人", "对方", "备注", "时间"]
    mapping = LedgerMapping(columns={"对方": "respondent.name", "时间": None})
    columns = assign_columns(labels, mapping)
    assert columns == {0: "applicant.name", 1: "respondent.name"}
    assert missing_fields(columns) == ["received_at"]
    with pytest.raises(ValidationError, match="两列都对应"):
        assign_columns(labels, LedgerMapping(columns={"当事人": "facts", "备注": "facts"}))


def test_mapping_json_round_trip_and_checks() -> None:
    document = {"header_row": 3, "columns": {"当事人": "applicant.name", "备注": None},
                "values": {"category": {"土地纠纷 ": "forest_land"}}}
    mapping = mapping_from_json(document)
    assert mapping.code("category", "土地纠纷") == (True, "forest_land")
    assert mapping_from_json(mapping.to_json()) == mapping
    bad_documents: list[object] = [{"columns": {"x": "no_such_field"}},
                                   {"values": {"category": {"x": "nope"}}}, {"header_row": 0},
                                   {"other": 1}, []]
    for bad in bad_documents:
        with pytest.raises(ValidationError):
            mapping_from_json(bad)


def test_an_empty_sheet_says_it_is_empty() -> None:
    with pytest.raises(ValidationError, match="表格是空的"):
        find_layout(_rows(["", None], []))
    with pytest.raises(ValidationError, match="表格是空的"):
        find_layout([])
