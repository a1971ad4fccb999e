"""One ledger row → one intake, its history, or its problems by row and column."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from app.domain.creditcode import make_credit_code
from app.domain.idnumber import make_id_number
from app.domain.ledger_mapping import LedgerMapping, assign_columns
from app.domain.ledger_numbers import sequence_of
from app.domain.ledger_rows import LedgerRecord, RowProblem, RowReader, SkippedRow

LABELS = ("登记日期", "申请人", "身份证号", "被申请人", "纠纷类型", "涉及金额", "调解结果",
          "结案日期", "协议金额")
ID = make_id_number("330225", date(1970, 1, 1), 11)
NOW = datetime(2026, 12, 1)


def _reader(mapping: LedgerMapping | None = None) -> RowReader:
    mapping = mapping or LedgerMapping()
    return RowReader(LABELS, assign_columns(LABELS, mapping), mapping, NOW)


def _row(**changes: object) -> list[object]:
    cells = ["2023.5.6", "张三", ID, "李四", "土地纠纷", "1.2万", "调解成功", "2023.6.1", ""]
    values: dict[str, object] = dict(zip(LABELS, cells, strict=True))
    values.update(changes)
    return list(values.values())


def test_a_settled_row_is_a_concluded_case_with_its_agreement() -> None:
    record = _reader().read(5, _row())
    assert isinstance(record, LedgerRecord)
    assert record.status == "agreed" and record.agreement_amount == Decimal("12000.00")
    assert record.closed_on == date(2023, 6, 1)
    applicant, respondent = record.intake.parties
    assert (applicant.name, applicant.id_number, applicant.gender) == ("张三", ID, "male")
    assert respondent.role == "respondent" and record.intake.category == "forest_land"


def test_a_bad_id_number_names_the_row_and_the_column() -> None:
    bad = ID[:17] + ("0" if ID[17] != "0" else "1")
    problems = _reader().read(7, _row(身份证号=bad))
    assert isinstance(problems, list)
    assert [(p.row, p.column) for p in problems] == [(7, "身份证号")]
    assert str(problems[0]).startswith(f"第7行 身份证号：身份证号码校验码错误：校验码应为 {ID[17]}")


def test_every_problem_of_a_row_is_listed() -> None:
    problems = _reader().read(8, _row(登记日期="23.5.6", 纠纷类型="外星纠纷", 涉及金额="很多",
                                      被申请人=""))
    assert isinstance(problems, list)
    assert {p.column for p in problems} == {"登记日期", "纠纷类型", "涉及金额"}


def test_history_has_to_agree_with_itself() -> None:
    problems = _reader().read(9, _row(调解结果="未成功", 协议金额="500"))
    assert isinstance(problems, list) and problems[0].column == "协议金额"
    early = _reader().read(9, _row(结案日期="2023.1.1"))
    assert isinstance(early, list) and early[0].message == "结案日期早于受理日期"
    still_open = _reader().read(9, _row(调解结果="正在调解"))
    assert isinstance(still_open, list) and still_open[0].column == "结案日期"


def test_totals_blank_and_partyless_rows_are_not_cases() -> None:
    reader = _reader()
    assert reader.read(3, ["", None, "  "]) is None
    assert isinstance(reader.read(20, ["合计", "", "", "", "", "36000"]), SkippedRow)
    assert isinstance(reader.read(21, ["", "", "", "", "", "", "", "", "备注文字"]), SkippedRow)


def test_organisations_by_credit_code_or_name_and_several_people_in_a_cell() -> None:
    code = make_credit_code("91330225MA2H3K4L5")
    record = _reader().read(5, _row(被申请人="某某建材有限公司", 申请人="张三、李四五",
                                    身份证号=ID))
    assert isinstance(record, LedgerRecord)
    kinds = [(p.name, p.kind, p.role) for p in record.intake.parties]
    assert kinds == [("张三", "person", "applicant"), ("李四五", "person", "applicant"),
                     ("某某建材有限公司", "organisation", "respondent")]
    labels = (*LABELS, "被申请人证件号码")
    mapping = LedgerMapping()
    reader = RowReader(labels, assign_columns(labels, mapping), mapping, NOW)
    record = reader.read(5, [*_row(被申请人="宏达公司"), code])
    assert isinstance(record, LedgerRecord)
    assert record.intake.parties[1].credit_code == code


def test_the_users_value_mapping_decides_unknown_values() -> None:
    unknown = _reader().read(5, _row(纠纷类型="宅基地界址"))
    assert isinstance(unknown, list) and "取值对照" in unknown[0].message
    mapping = LedgerMapping(values={"category": {"宅基地界址": "housing_homestead"}})
    record = _reader(mapping).read(5, _row(纠纷类型="宅基地界址"))
    assert isinstance(record, LedgerRecord) and record.intake.category == "housing_homestead"


def test_row_problem_text() -> None:
    assert str(RowProblem(7, "身份证号", "校验码应为 X")) == "第7行 身份证号：校验码应为 X"
    assert str(RowProblem(7, "", "无法读取")) == "第7行：无法读取"


def test_own_pattern_numbers_take_their_place_in_the_sequence() -> None:
    pattern = "（{year}）{org}调字第{seq:04d}号"
    assert sequence_of("（2023）象调字第0012号", pattern, "象") == (2023, 12)
    assert sequence_of("（2023）象调字第12号", pattern, "象") is None
    assert sequence_of("XS-2023-015", pattern, "象") is None
    assert sequence_of("（2023）墙人调字第3号", "（{year}）墙人调字第{seq}号", "墙") == (2023, 3)


def test_the_people_a_row_names_are_involved_without_a_count_column() -> None:
    """Six applicants make a group dispute, not a dispute of two (QA: 甲一、…、己六)."""
    group = _reader().read(10, _row(申请人="甲一、乙二、丙三、丁四、戊五、己六", 身份证号=""))
    assert isinstance(group, LedgerRecord)
    assert group.intake.people_involved == 7 and group.intake.needs_attention
    pair = _reader().read(11, _row())
    assert isinstance(pair, LedgerRecord) and pair.intake.people_involved == 2
    labels = (*LABELS, "涉及人数")
    counted = RowReader(labels, assign_columns(labels, LedgerMapping()), LedgerMapping(), NOW)
    written = counted.read(12, [*_row(), "30"])
    assert isinstance(written, LedgerRecord) and written.intake.people_involved == 30
