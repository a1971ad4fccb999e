"""Cell values of old ledgers: dates and amounts in every form offices typed them.

A committee's ledger (台账) was kept by many hands in Excel or WPS, so one
column holds 2023.5.6, 2023年5月6日, 2023/5/6, an Excel serial number and a
real date cell side by side, and an amount column holds 12000, 1.2万 and
壹万贰仟元.  Each parser here accepts all of them, or says in one line why a
value is none of them; nothing is guessed (a two-digit year is refused).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal

from app.domain.errors import ValidationError
from app.domain.money import CENT, parse_amount, parse_capitals
from app.domain.text import _

Cell = object
"""A value as a spreadsheet reader gives it: str, int, float, bool, date, datetime or None."""

BLANKS = frozenset({"", "无", "/", "／", "-", "－", "—", "——", "空", "暂无", "null", "NULL",
                    "None", "#N/A"})
"""What offices type into a cell that has nothing to say."""

EXCEL_EPOCH = date(1899, 12, 30)
"""Day 0 of Excel's (and WPS's) 1900 date system, leap-year bug included."""
SERIAL_RANGE = (18264, 73051)
"""Serial numbers read as dates: 1950-01-01 up to 2099-12-31 (smaller numbers are not dates)."""

_DATE = re.compile(
    r"(?P<y>\d{4})\s*[年./\-]\s*(?P<m>\d{1,2})\s*[月./\-]\s*(?P<d>\d{1,2})\s*[日号]?"
    r"(?:\s*(?:T|\s)?\s*(?P<h>\d{1,2})\s*[:：时]\s*(?P<min>\d{1,2})"
    r"(?:\s*[:：分]\s*(?P<s>\d{1,2})(?:\.\d+)?\s*秒?)?\s*分?)?")
_COMPACT_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})")
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_DATE = re.compile(r"(?P<y>[〇○零一二三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,2})月"
                      r"(?P<d>[一二三四五六七八九十]{1,3})[日号]")
_MULTIPLIED = re.compile(r"(?P<n>\d+(?:,\d{3})*(?:\.\d+)?)(?P<unit>万|亿)(?:元)?(?:整)?")
_CAPITAL_CHARS = re.compile(
    r"[零〇壹贰貳叁參肆伍陆陸柒捌玖一二两兩三四五六七八九拾十佰百仟千万萬亿億]")
_COUNT = re.compile(r"(?P<n>\d+)\s*(?:人|名|户)?")


def cell_text(value: Cell) -> str:
    """A cell as text, whitespace folded (a number that is whole loses its ".0")."""
    if type(value) is str:
        return " ".join(value.split())
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() != datetime.min.time() \
            else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return " ".join(str(value).split())


def is_blank(value: Cell) -> bool:
    """Whether a cell says nothing (empty, or one of the placeholders in :data:`BLANKS`)."""
    return cell_text(value) in BLANKS


def _not_a_date(value: Cell) -> ValidationError:
    return ValidationError(_("“{text}”不是日期：应如 2023-05-06、2023.5.6、2023年5月6日").format(
        text=cell_text(value)))


def _from_serial(number: float, value: Cell) -> datetime:
    if not SERIAL_RANGE[0] <= number < SERIAL_RANGE[1]:
        raise _not_a_date(value)
    days = int(number)
    seconds = round((number - days) * 86400)
    moment = datetime.combine(EXCEL_EPOCH + timedelta(days=days), datetime.min.time())
    return moment + timedelta(seconds=seconds - seconds % 60)


def _checked(year: int, month: int, day: int, value: Cell,
             hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        raise ValidationError(_("“{text}”不是有效的日期").format(text=cell_text(value))) from None


def _small_cn(text: str) -> int:
    """一 … 三十一 as months and days are written."""
    if "十" not in text:
        return _CN_DIGITS[text]
    tens, _sep, units = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def _from_text(text: str, value: Cell) -> datetime:
    match = _DATE.fullmatch(text)
    if match is not None:
        return _checked(int(match["y"]), int(match["m"]), int(match["d"]), value,
                        int(match["h"] or 0), int(match["min"] or 0), int(match["s"] or 0))
    match = _COMPACT_DATE.fullmatch(text)
    if match is not None:
        return _checked(int(match["y"]), int(match["m"]), int(match["d"]), value)
    match = _CN_DATE.fullmatch(text)
    if match is not None:
        year = int("".join(str(_CN_DIGITS[c]) for c in match["y"]))
        try:
            return _checked(year, _small_cn(match["m"]), _small_cn(match["d"]), value)
        except KeyError:
            raise _not_a_date(value) from None
    try:
        return _from_serial(float(text), value)
    except ValueError:
        raise _not_a_date(value) from None


def parse_ledger_datetime(value: Cell) -> datetime:
    """A date (and time, where the cell has one) from any form a ledger uses.

    Date cells, Excel serial numbers (45052 → 2023-05-06), 2023.5.6,
    2023/5/6, 2023-05-06 09:30, 2023年5月6日, 20230506 and
    二〇二三年五月六日 are accepted; a two-digit year is not (23.5.6 could be
    2023 or 1923).
    """
    if isinstance(value, datetime):
        return value.replace(microsecond=0)
    if isinstance(value, date):
        return datetime.combine(value, datetime.min.time())
    if isinstance(value, bool):
        raise _not_a_date(value)
    if isinstance(value, (int, float)):
        if 19000101 <= value <= 21001231 and float(value).is_integer():
            return _from_text(str(int(value)), value)
        return _from_serial(float(value), value)
    text = unicodedata.normalize("NFKC", cell_text(value)).strip()
    if not text:
        raise ValidationError(_("日期不能为空"))
    return _from_text(text, value)


def parse_ledger_date(value: Cell) -> date:
    """The day of :func:`parse_ledger_datetime` (closing dates, deadlines)."""
    return parse_ledger_datetime(value).date()


def parse_ledger_amount(value: Cell) -> Decimal:
    """An amount in yuan from 12000, 12,000.50, ¥12000, 1.2万, 1.2万元 or 壹万贰仟元整."""
    if isinstance(value, bool):
        raise ValidationError(_("金额应为数字"))
    if isinstance(value, (int, float)):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        cents = number.quantize(CENT)
        if abs(cents - number) > Decimal("0.000001"):
            raise ValidationError(_("金额最多只能有两位小数（精确到分）"))
        return parse_amount(str(cents))
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", cell_text(value)))
    text = text.removeprefix("人民币").removeprefix("¥").removeprefix("￥")
    multiplied = _MULTIPLIED.fullmatch(text)
    if multiplied is not None:
        unit = Decimal(10000) if multiplied["unit"] == "万" else Decimal(100000000)
        number = Decimal(multiplied["n"].replace(",", "")) * unit
        if number != number.quantize(CENT):
            raise ValidationError(_("金额最多只能有两位小数（精确到分）"))
        return parse_amount(str(number.quantize(CENT)))
    if _CAPITAL_CHARS.search(text):
        return parse_capitals(text)
    return parse_amount(text)


def parse_count(value: Cell) -> int:
    """A number of people: 3, 3.0, "3人", "3名"."""
    if isinstance(value, bool):
        raise ValidationError(_("应为整数"))
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    match = _COUNT.fullmatch(unicodedata.normalize("NFKC", cell_text(value)))
    if match is None:
        raise ValidationError(_("“{text}”不是人数：应为整数，如 3").format(text=cell_text(value)))
    return int(match["n"])


SEPARATORS = re.compile(r"\s*[、，,;；/／\n]\s*")
"""How a ledger lists several people in one cell (张三、李四)."""


def split_list(value: Cell) -> list[str]:
    """The entries of a cell listing several names or numbers, blanks left out."""
    text = value.strip() if isinstance(value, str) else cell_text(value)
    if text.isalnum():  # letters and digits only: no separator, so one entry (or a blank)
        return [] if text in BLANKS else [text]
    if not text:
        return []
    return [part for part in SEPARATORS.split(text) if part and part not in BLANKS]
