"""Ledgers as offices really keep them, built in the tests (xlsx, csv) or checked in (xls, ods).

:func:`messy_ledger` is the 墙头镇 ledger of tests/services/test_import_ledger.py:
a merged title and a "填报单位" line above a two-row header (申请人 merged
over 姓名 | 身份证号码 | 联系电话), header synonyms (纠纷类别, 结案时间),
every date form (a date cell, 2023.5.6, 2023年5月8日, 2023/6/3, an Excel
serial number, 20230512), every amount form (12000, 1.2万, 壹万贰仟元), a
blank row, a mediator's name merged down over two cases and a trailing
合计 row.  tests/services/ledgers/messy.xls and messy.ods are this ledger
converted by LibreOffice Calc (``soffice --headless --convert-to xls|ods``);
the CI machine has no Calc, so they are checked in.
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from app.domain.creditcode import make_credit_code
from app.domain.idnumber import make_id_number
from app.services.imports.types import ImportRequest
from app.store.database import Database

LEDGERS = Path(__file__).resolve().parent / "ledgers"
ZHANG = make_id_number("330225", date(1968, 3, 2), 11)
LI = make_id_number("330225", date(1971, 7, 9), 22)
CHEN = make_id_number("330225", date(1980, 1, 15), 31)
ZHOU = make_id_number("330225", date(1990, 10, 1), 41)
WU = make_id_number("330225", date(1992, 2, 29), 52)
COMPANY = make_credit_code("91330225MA2H3K4L5")
BAD_CHEN = CHEN[:17] + ("0" if CHEN[17] != "0" else "1")
SERIAL_2023_05_10 = 45056

TITLE = "象山县墙头镇矛盾纠纷排查调处台账（2023年度）"
GROUPS = ["序号", "案号", "登记日期", "申请人", "", "", "被申请人", "", "", "纠纷类别",
          "纠纷简要情况", "涉及金额（元）", "调解结果", "结案时间", "调解员"]
SUBS = ["", "", "", "姓名", "身份证号码", "联系电话", "姓名", "身份证号码", "联系电话"]


def ledger_rows(chen_id: str = CHEN) -> list[list[Any]]:
    """The data rows (sheet rows 5–11 of the xlsx; row 7 is 陈七's case, row 9 is blank)."""
    return [
        [1, "", date(2023, 5, 6), "张三丰", ZHANG, "13800000000", "李四", LI, "13700000002",
         "土地纠纷", "双方因承包地边界发生争执。", 12000, "调解成功", "2023.6.1", "王调解"],
        [2, "（2023）墙人调字第3号", "2023.5.7", "王五", "", "138 0000 0011", "赵六", "", "",
         "婚姻家庭纠纷", "夫妻因赡养老人费用分担发生矛盾。", "1.2万", "成功", "2023年6月2日", ""],
        [3, "", "2023年5月8日", "陈七", chen_id, "", "某某建材有限公司", COMPANY,
         "0574-87654321", "合同纠纷", "建材货款拖欠。", "壹万贰仟元", "未成功", "2023/6/3",
         "李调解"],
        [4, "XS-2023-015", SERIAL_2023_05_10, "周八、吴九", f"{ZHOU}、{WU}", "", "郑十", "", "",
         "其它", "", "", "正在调解", "", ""],
        [],
        [5, "", "20230512", "孙十一", "", "", "钱十二", "", "", "邻里纠纷", "排水沟堵塞。", "",
         "调解不成", "2023-06-20", ""],
        [6, "", "2023/5/13", "张三丰", ZHANG, "13800000000", "刘十三", "", "", "土地",
         "再次因地界争执。", "3000", "撤回", "2023/5/20", ""],
    ]


def messy_ledger(path: Path, chen_id: str = CHEN) -> Path:
    """Write the messy ledger as .xlsx (the way Excel or WPS saves it)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("2023年台账")
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.merge_range(0, 0, 0, len(GROUPS) - 1, TITLE)
    sheet.write_row(1, 0, ["填报单位：墙头镇人民调解委员会", "", "", "", "", "",
                           "填报日期：2024年1月5日"])
    sheet.write_row(2, 0, GROUPS)
    sheet.merge_range(2, 3, 2, 5, "申请人")
    sheet.merge_range(2, 6, 2, 8, "被申请人")
    for column in (0, 1, 2, 9, 10, 11, 12, 13, 14):
        sheet.merge_range(2, column, 3, column, GROUPS[column])
    sheet.write_row(3, 3, SUBS[3:])
    for offset, row in enumerate(ledger_rows(chen_id)):
        for column, value in enumerate(row):
            if isinstance(value, date):
                sheet.write_datetime(4 + offset, column, datetime.combine(
                    value, datetime.min.time()), day)
            elif value != "":
                sheet.write(4 + offset, column, value)
    sheet.merge_range(6, 14, 7, 14, "李调解")
    sheet.write_row(11, 0, ["合计", "", "", "", "", "", "", "", "", "", "", 51000])
    book.close()
    return path


def csv_ledger(path: Path, encoding: str, chen_id: str = CHEN) -> Path:
    """The same ledger as CSV from WPS/Excel (title line, one header row, text dates)."""
    header = ["序号", "案号", "登记日期", "申请人", "身份证号码", "联系电话", "被申请人",
              "被申请人身份证号码", "被申请人联系电话", "纠纷类别", "纠纷简要情况",
              "涉及金额（元）", "调解结果", "结案时间", "调解员"]
    with path.open("w", encoding=encoding, newline="") as file:
        writer = csv.writer(file)
        writer.writerow([TITLE])
        writer.writerow(header)
        for row in ledger_rows(chen_id):
            writer.writerow([v.isoformat() if isinstance(v, date) else v for v in row])
        writer.writerow(["合计", "", "", "", "", "", "", "", "", "", "", 51000])
    return path


def ledger_request(path: Path, **options: object) -> ImportRequest:
    """An import of ``path`` into 墙头镇人民调解委员会 (DC-TW), as the tests' clerk asks it."""
    return ImportRequest(str(path), organisation="DC-TW", **options)  # type: ignore[arg-type]


def count_rows(db: Database, model: type) -> int:
    """How many rows ``model``'s table holds."""
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)
