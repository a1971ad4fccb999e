"""One ledger row → one case as intake would register it, or the row's problems by column.

The row is turned into the intake document of README.md and checked by
app.domain.intake, the same rules a clerk's form obeys: a wrong ID number
or phone is an error in a ledger too.  Each problem names the sheet row
and the ledger's own column header ("第7行 身份证号：…"), so the person who
keeps the ledger can find the cell.

A historical case also carries what intake never has: the ledger's own
case number, the result (调解成功 comes in as an agreement, not as a new
open case), the agreed amount and the closing date.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any, TypeVar

from app.domain.creditcode import parse_credit_code
from app.domain.errors import ValidationError
from app.domain.intake import IntakeInput, check_intake
from app.domain.ledger_fields import BY_KEY, FIELDS, SIDES, is_footer, looks_like_organisation
from app.domain.ledger_mapping import LedgerMapping
from app.domain.ledger_values import (
    BLANKS,
    Cell,
    cell_text,
    parse_count,
    parse_ledger_amount,
    parse_ledger_date,
    parse_ledger_datetime,
    split_list,
)
from app.domain.search_terms import initials_variants, name_terms
from app.domain.text import N_, _
from app.domain.workflow import CaseStatus

T = TypeVar("T")
AGREEMENT_STATUSES = frozenset({CaseStatus.AGREED, CaseStatus.PERFORMING,
                                CaseStatus.FOLLOWED_UP})
"""Results that mean the dispute was settled: the case comes in with its agreement."""
OPEN_STATUSES = frozenset({CaseStatus.RECEIVED, CaseStatus.IN_MEDIATION})
NO_FACTS = N_("（台账未记载纠纷事实）")
"""Stored as the facts of a case whose ledger row has none (intake requires facts)."""
MAX_NUMBER = 60
PARSED_KEPT = 1 << 16
"""Distinct cell values whose parsed date or amount a reader keeps."""
_CASE_SIGNS = frozenset({"number", "received_at", "applicant.name", "respondent.name"})
"""Fields of which a row that is a case fills at least one."""
_SIDE_KEYS = {side: tuple(f"{side}.{part}" for part in ("name", "id_number", "phone", "gender",
                                                         "address")) for side in SIDES}
_STATUSES = {status.value: status for status in CaseStatus}
_VOCABS = {field.key: field.vocab for field in FIELDS if field.vocab is not None}
_PATH = re.compile(r"parties\[\d+\](?:\.[a-z_]+)+")
_PARTY_FIELDS = {"name": "name", "id_number": "id_number", "credit_code": "id_number",
                 "birth_date": "id_number", "phone": "phone", "address": "address",
                 "gender": "gender", "kind": "name", "role": "name", "ethnicity": "name",
                 "occupation": "name", "legal_representative": "name"}
"""An intake party field → the ledger column (side.X) its problem is shown in."""


@dataclass(frozen=True)
class RowProblem:
    """Something wrong in one cell (``column`` empty: the row as a whole; ``row`` 0: the column)."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.row <= 0:
            return f"{self.column}：{self.message}" if self.column else self.message
        if self.column:
            return _("第{row}行 {column}：{message}").format(row=self.row, column=self.column,
                                                          message=self.message)
        return _("第{row}行：{message}").format(row=self.row, message=self.message)


@dataclass(frozen=True)
class SkippedRow:
    """A row that is not a case (a totals line, a signature line, a row without parties)."""

    row: int
    reason: str


@dataclass(frozen=True)
class LedgerRecord:
    """A row that can be saved: the checked intake and the history the ledger records."""

    row: int
    intake: IntakeInput
    number: str | None
    status: str
    closed_on: date | None
    deadline: date | None
    agreement_amount: Decimal | None
    organisation: str | None
    mediator: str | None
    warnings: tuple[RowProblem, ...] = ()
    initials: tuple[str, ...] = ()
    """Each intake party's name as pinyin initials (``parties.name_initials``), in order:
    worked out with the row's checks, so the process that checks rows does it."""
    terms: tuple[str, ...] = ()
    """Each intake party's search terms (app.domain.search_terms), sorted, space-separated."""
    case_terms: str = ""
    """The case's search terms: all its parties' terms, sorted, space-separated."""


Outcome = LedgerRecord | SkippedRow | list[RowProblem] | None
"""What a row becomes: a case, a row left out with a reason, its problems, or nothing (blank)."""


@lru_cache(maxsize=1 << 16)
def name_entry(name: str) -> tuple[str, str]:
    """A name's stored pinyin initials and its search terms (sorted, space-separated),
    worked out once per name while it recurs (the same people come back row after row;
    the most recent 65,536 names take about 15 MB)."""
    variants = initials_variants(name)
    return " ".join(variants), " ".join(sorted(name_terms(name, variants)))


def _case_terms(terms: Sequence[str]) -> str:
    """The search terms of a case: its parties' terms together, sorted, space-separated."""
    if len(terms) == 1:
        return terms[0]
    return " ".join(sorted(set(" ".join(terms).split())))


def _is_credit_code(text: str) -> bool:
    """An 18-character code with letters where an ID number has digits is a credit code."""
    code = text.strip().upper()
    if len(code) != 18 or code[:17].isdigit():
        return False
    try:
        parse_credit_code(code, verify_check=False)
    except ValidationError:
        return False
    return True


class RowReader:
    """Reads rows of one sheet under one column assignment and value mapping."""

    def __init__(self, labels: Sequence[str], columns: Mapping[int, str],
                 mapping: LedgerMapping, now: datetime) -> None:
        self.columns = {key: index for index, key in columns.items()}
        self._places = tuple(self.columns.items())
        self.labels = labels
        self.mapping = mapping
        self.now = now
        self._codes: dict[tuple[str, str], tuple[bool, str | None]] = {}
        self._parsed: dict[tuple[object, type, Cell], tuple[bool, Any]] = {}

    def code(self, vocab: str, text: str) -> tuple[bool, str | None]:
        """(known, code) of a written value, looked up once per distinct value."""
        found = self._codes.get((vocab, text))
        if found is None:
            found = self._codes[(vocab, text)] = self.mapping.code(vocab, text)
        return found

    def parse(self, parse: Callable[[Cell], T], value: Cell) -> tuple[bool, T | str]:
        """(True, ``parse(value)``) or (False, why it is none), worked out once per distinct
        cell value: dates and amounts recur row after row (the first 65,536 are kept)."""
        key = (parse, type(value), value)
        found = self._parsed.get(key)
        if found is None:
            try:
                found = (True, parse(value))
            except ValidationError as exc:
                found = (False, exc.message)
            if len(self._parsed) < PARSED_KEPT:
                self._parsed[key] = found
        return found

    def label(self, key: str) -> str:
        """The ledger's own header of the column holding ``key`` (the field's name if none)."""
        index = self.columns.get(key)
        if index is None:
            return _(BY_KEY[key].label)
        return self.labels[index] or _(BY_KEY[key].label)

    def read(self, row: int, cells: Sequence[Cell]) -> Outcome:
        """What sheet row ``row`` becomes."""
        texts = list(map(cell_text, cells))
        first = next((text for text in texts if text not in BLANKS), None)
        if first is None:
            return None
        if is_footer(first):
            return SkippedRow(row, _("合计或签名行，不是案件"))
        value = _RowValues(self, row, cells, texts)
        if value.texts.keys().isdisjoint(_CASE_SIGNS):
            return SkippedRow(row, _("没有案号、日期和当事人，不是案件"))
        return value.record()


class _RowValues:
    """One row being read: its cells by field, and the problems found so far."""

    def __init__(self, reader: RowReader, row: int, cells: Sequence[Cell],
                 texts: Sequence[str]) -> None:
        self.reader, self.row = reader, row
        width = len(cells)
        self.raws = {key: cells[i] for key, i in reader._places if i < width}
        # The text of every field whose cell says something (not blank, not a placeholder).
        self.texts = {key: texts[i] for key, i in reader._places
                      if i < width and texts[i] not in BLANKS}
        self.problems: list[RowProblem] = []

    def has(self, key: str) -> bool:
        return key in self.texts

    def text(self, key: str) -> str | None:
        return self.texts.get(key)

    def problem(self, key: str, message: str) -> None:
        self.problems.append(RowProblem(self.row, self.reader.label(key) if key else "",
                                        message))

    def parsed(self, key: str, parse: Callable[[Cell], T]) -> T | None:
        if key not in self.texts:
            return None
        ok, value = self.reader.parse(parse, self.raws[key])
        if not ok:
            self.problem(key, str(value))
            return None
        return value  # type: ignore[return-value]

    def coded(self, key: str, default: str | None = None) -> str | None:
        text = self.texts.get(key)
        if text is None:
            return default
        known, code = self.reader.code(_VOCABS[key], text)
        if not known:
            self.problem(key, _("“{value}”没有对应的{field}，请在取值对照中指定").format(
                value=text, field=_(BY_KEY[key].label)))
        return code if code is not None else default

    def record(self) -> LedgerRecord | list[RowProblem]:
        received = self.parsed("received_at", parse_ledger_datetime)
        if received is None and not self.has("received_at"):
            self.problem("received_at", _("必须填写"))
        status = self.coded("result", CaseStatus.RECEIVED.value)
        document: dict[str, Any] = {
            "source": self.coded("source", "other"),
            "category": self.coded("category"),
            "facts": self.text("facts") or _(NO_FACTS),
            "claims": self.text("claims"),
            "risk": self.coded("risk", "green"),
            "parties": [],
        }
        if document["category"] is None and not self.has("category"):
            self.problem("category", _("必须填写"))
        amount = self.parsed("amount", parse_ledger_amount)
        if amount is not None:
            document["amount"] = str(amount)
        people = self.parsed("people_involved", parse_count)
        sides = self._parties(document["parties"])
        if people is not None:
            document["people_involved"] = people
        elif not self.has("people_involved"):
            # Without a 涉及人数 column, the people a row names are involved: six applicants
            # make a group dispute (intake's GROUP_DISPUTE_SIZE), not a dispute of two.
            document["people_involved"] = max(2, len(document["parties"]))
        number = self.text("number")
        if number is not None and len(number) > MAX_NUMBER:
            self.problem("number", _("太长：最多 {limit} 个字符").format(limit=MAX_NUMBER))
        closed = self.parsed("closed_on", parse_ledger_date)
        deadline = self.parsed("deadline", parse_ledger_date)
        agreed = self.parsed("agreement_amount", parse_ledger_amount)
        if self.problems or received is None or status is None:
            return self.problems or [RowProblem(self.row, "", _("无法读取"))]
        document["received_at"] = received.isoformat(timespec="minutes")
        check = check_intake(document, self.reader.now)
        for error in check.errors:
            self._intake_problem(error, sides)
        if self.problems or check.value is None:
            return self.problems
        return self._history(check.value, number, _STATUSES[status], received, closed, deadline,
                             agreed, [self._warning(w, sides) for w in check.warnings])

    def _history(self, intake: IntakeInput, number: str | None, status: CaseStatus,
                 received: datetime, closed: date | None, deadline: date | None,
                 agreed: Decimal | None, warnings: list[RowProblem]) -> LedgerRecord | list[
                     RowProblem]:
        if closed is not None and closed < received.date():
            self.problem("closed_on", _("结案日期早于受理日期"))
        if closed is not None and status in OPEN_STATUSES:
            self.problem("closed_on", _("调解结果为“{result}”的案件没有结案日期").format(
                result=self.text("result") or ""))
        if agreed is not None and status not in AGREEMENT_STATUSES:
            self.problem("agreement_amount", _("只有调解成功的案件才有协议金额"))
        if self.problems:
            return self.problems
        if status in AGREEMENT_STATUSES and agreed is None:
            agreed = intake.amount
        initials, terms = zip(*[name_entry(p.name) for p in intake.parties], strict=True)
        return LedgerRecord(self.row, intake, number, status.value, closed, deadline, agreed,
                            self.texts.get("organisation"), self.texts.get("mediator"),
                            tuple(warnings), initials, terms, _case_terms(terms))

    def _parties(self, parties: list[dict[str, Any]]) -> list[tuple[str, bool]]:
        """Fill the intake parties from both sides; (side, cell lists several) per party."""
        sides: list[tuple[str, bool]] = []
        raw = self.raws.get
        for side in SIDES:
            name_key, number_key, phone_key, gender_key, address_key = _SIDE_KEYS[side]
            names = split_list(raw(name_key) or "")
            numbers = split_list(raw(number_key) or "")
            phones = split_list(raw(phone_key) or "")
            genders = split_list(raw(gender_key) or "")
            address = self.texts.get(address_key)
            for key, values in ((number_key, numbers), (phone_key, phones)):
                if len(values) > len(names):
                    self.problem(key, _("比姓名多：{n} 个姓名，{m} 个号码").format(
                        n=len(names), m=len(values)))
            for i, name in enumerate(names):
                party = self._party(side, name, numbers[i] if i < len(numbers) else None,
                                    phones[i] if i < len(phones) else None,
                                    genders[i] if i < len(genders) else None)
                if address and i == 0:
                    party["address"] = address
                parties.append(party)
                sides.append((side, len(names) > 1))
        return sides

    def _party(self, side: str, name: str, number: str | None, phone: str | None,
               gender: str | None) -> dict[str, Any]:
        party: dict[str, Any] = {"role": side, "kind": "person", "name": name}  # side = role
        if number is not None and _is_credit_code(number):
            party.update(kind="organisation", credit_code=number)
        elif number is not None:
            party["id_number"] = number
        elif looks_like_organisation(name):
            party["kind"] = "organisation"
        if phone is not None:
            party["phone"] = phone
        if gender is not None and party["kind"] == "person":
            known, code = self.reader.code("gender", gender)
            if not known:
                self.problem(f"{side}.gender", _("“{value}”没有对应的性别，请在取值对照中指定")
                             .format(value=gender))
            elif code is not None:
                party["gender"] = code
        return party

    def _column_of(self, error: ValidationError, sides: list[tuple[str, bool]]
                   ) -> tuple[str, str | None]:
        """The field whose column shows an intake error, and the party it is about."""
        field = error.field or ""
        if field.startswith("parties[") and "]." in field:
            index = int(field[len("parties["):field.index("]")])
            side, several = sides[index] if index < len(sides) else ("applicant", False)
            name = field.split("].", 1)[1].split(".")[0]
            return f"{side}.{_PARTY_FIELDS.get(name, 'name')}", (
                self._party_name(index) if several else None)
        if field == "parties":
            return ("respondent.name" if any(s == "applicant" for s, _m in sides)
                    else "applicant.name"), None
        return (field if field in BY_KEY else ""), None

    def _party_name(self, index: int) -> str:
        names = [n for side in SIDES for n in split_list(self.raws.get(f"{side}.name") or "")]
        return names[index] if index < len(names) else ""

    def _message(self, error: ValidationError, sides: list[tuple[str, bool]]) -> str:
        """The intake message with its own field paths (parties[0].id_number) as column names."""
        def column(match: re.Match[str]) -> str:
            key, _who = self._column_of(ValidationError("", match.group()), sides)
            return f"“{self.reader.label(key)}”" if key else match.group()
        return _PATH.sub(column, error.message)

    def _intake_problem(self, error: ValidationError, sides: list[tuple[str, bool]]) -> None:
        key, who = self._column_of(error, sides)
        message = self._message(error, sides)
        self.problem(key, f"{who}：{message}" if who else message)

    def _warning(self, warning: ValidationError, sides: list[tuple[str, bool]]) -> RowProblem:
        key, who = self._column_of(warning, sides)
        message = self._message(warning, sides)
        message = f"{who}：{message}" if who else message
        return RowProblem(self.row, self.reader.label(key) if key else "", message)
