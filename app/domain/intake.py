"""The rules of case intake (受理登记), shared by the intake form, the CLI and imports.

Input arrives as the intake JSON documented in README.md (or the same shape from the form).
Every problem is collected with the path of the field it concerns, so the
form can show each message beside its field and the CLI can print
``parties[1].id_number: 校验码应为 X``.  A credit-code check failure is a
*warning*: some older real codes fail the check (GB 32100-2015).

Every text field follows app.domain.text_rules (names and addresses the
strictest form), and one person or organisation holds one role in a case:
the same ID number, credit code or registry record twice is refused naming
both entries.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import partial
from typing import Any, TypeVar

from app.domain.attention import GROUP_DISPUTE_SIZE
from app.domain.codes import CATEGORIES, ETHNICITIES, GENDERS, PARTY_KINDS, RISKS, ROLES, SOURCES
from app.domain.creditcode import parse_credit_code
from app.domain.errors import ValidationError
from app.domain.idnumber import parse_id_number
from app.domain.limits import MAX_RECORD_ID
from app.domain.money import parse_amount
from app.domain.phone import parse_phone
from app.domain.text import _
from app.domain.text_rules import TextKind, text_problem

T = TypeVar("T")
CASE_KEYS = frozenset({"source", "received_at", "category", "facts", "claims", "amount",
                       "people_involved", "region", "risk", "organisation", "parties"})
PARTY_KEYS = frozenset({"role", "kind", "name", "id_number", "gender", "birth_date",
                        "ethnicity", "phone", "address", "occupation", "credit_code",
                        "legal_representative", "agent", "party_id"})
AGENT_KEYS = frozenset({"name", "id_number", "phone", "relation"})
MAX_TEXT = 10000
_GRACE = timedelta(hours=1)
"""How far past ``now`` a receiving time may lie before it is refused as in the future."""


@dataclass(frozen=True)
class AgentInput:
    """A 代理人 acting for one party."""

    name: str
    id_number: str | None = None
    phone: str | None = None
    relation: str | None = None


@dataclass(frozen=True)
class PartyInput:
    """One party as entered; ``party_id`` reuses a record from the registry."""

    role: str
    kind: str
    name: str
    id_number: str | None = None
    gender: str | None = None
    birth_date: date | None = None
    ethnicity: str | None = None
    phone: str | None = None
    address: str | None = None
    occupation: str | None = None
    credit_code: str | None = None
    legal_representative: str | None = None
    agent: AgentInput | None = None
    party_id: int | None = None


@dataclass(frozen=True)
class IntakeInput:
    """A validated intake, ready to be saved."""

    source: str
    received_at: datetime
    category: str
    facts: str
    claims: str | None
    amount: Decimal | None
    people_involved: int
    region: str | None
    risk: str
    organisation: str | None
    parties: tuple[PartyInput, ...]

    @property
    def needs_attention(self) -> bool:
        """Group disputes and red-risk cases are watched from the day they arrive."""
        return self.people_involved >= GROUP_DISPUTE_SIZE or self.risk == "red"


@dataclass
class IntakeCheck:
    """The outcome of checking an intake: the parsed value, errors and warnings."""

    value: IntakeInput | None
    errors: list[ValidationError]
    warnings: list[ValidationError]

    @property
    def ok(self) -> bool:
        """True when there are no errors (warnings may remain)."""
        return not self.errors


class _Collector:
    __slots__ = ("errors", "warnings")

    def __init__(self) -> None:
        self.errors: list[ValidationError] = []
        self.warnings: list[ValidationError] = []

    def error(self, field: str, message: str) -> None:
        self.errors.append(ValidationError(message, field))

    def check(self, field: str, rule: Callable[..., T], *args: Any) -> T | None:
        """``rule(*args)``, or None with its error recorded on ``field``."""
        try:
            return rule(*args)
        except ValidationError as exc:
            self.errors.append(ValidationError(exc.message, field))
            return None


def _text(c: _Collector, data: Mapping[str, Any], key: str, prefix: str, required: bool,
          limit: int, kind: TextKind) -> str | None:
    """The trimmed text of ``data[key]``; the error is recorded on ``prefix + key``."""
    value = data.get(key)
    if value is None:
        if required:
            c.error(prefix + key, _("必须填写"))
        return None
    if not isinstance(value, str):
        c.error(prefix + key, _("应为文字"))
        return None
    value = value.strip()
    if not value:
        if required:
            c.error(prefix + key, _("必须填写"))
        return None
    if len(value) > limit:
        c.error(prefix + key, _("太长：最多 {limit} 个字符").format(limit=limit))
        return None
    problem = text_problem(value, kind)
    if problem is not None:
        c.error(prefix + key, problem)
        return None
    return value


def _choice(c: _Collector, data: Mapping[str, Any], key: str, prefix: str,
            vocab: Mapping[str, str], default: str | None = None) -> str | None:
    value = data.get(key, default)
    if type(value) is str and value in vocab:
        return value
    if value is None:
        c.error(prefix + key, _("必须填写"))
        return None
    if not isinstance(value, str) or value not in vocab:
        c.error(prefix + key, _("“{value}”不是有效的取值，可选：{allowed}").format(
            value=value, allowed=", ".join(vocab)))
        return None
    return str(value)


def _unknown_keys(c: _Collector, data: Mapping[str, Any], allowed: frozenset[str],
                  prefix: str) -> None:
    if data.keys() <= allowed:
        return
    for key in data:
        if key not in allowed:
            c.error(f"{prefix}{key}", _("未知字段"))


def _parse_datetime(value: Any, now: datetime) -> datetime:
    if not isinstance(value, str):
        raise ValidationError(_("应为日期时间，如 2026-11-23T09:30"))
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValidationError(_("日期时间格式无效：“{value}”，应如 2026-11-23T09:30")
                              .format(value=value)) from exc
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone().replace(tzinfo=None)
    if parsed > now + _GRACE:
        raise ValidationError(_("受理时间不能晚于现在"))
    if parsed.year < 2000:
        raise ValidationError(_("受理时间不能早于2000年"))
    return parsed


def _parse_date(value: Any) -> date:
    if not isinstance(value, str):
        raise ValidationError(_("应为日期，如 1980-05-01"))
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValidationError(_("日期格式无效：“{value}”，应如 1980-05-01").format(value=value)) \
            from exc


def _people(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(_("应为整数"))
    if not 1 <= value <= 100000:
        raise ValidationError(_("涉及人数应在 1 到 100000 之间"))
    return value


def _record_id(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(_("应为整数"))
    if not 1 <= value <= MAX_RECORD_ID:
        raise ValidationError(_("记录编号超出范围：没有这条记录"))
    return value


def _amount(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValidationError(_("金额应为数字或文字，如 \"12000.00\""))
    return parse_amount(str(value))


def _id_number(value: Any) -> str:
    return parse_id_number(str(value)).number


def _phone(value: Any) -> str:
    return parse_phone(str(value))


def _agent(c: _Collector, data: Any, prefix: str) -> AgentInput | None:
    if type(data) is not dict and not isinstance(data, Mapping):
        c.error(prefix.rstrip("."), _("应为对象"))
        return None
    _unknown_keys(c, data, AGENT_KEYS, prefix)
    name = _text(c, data, "name", prefix, True, 100, TextKind.IDENTITY)
    id_number = c.check(prefix + "id_number", _id_number, data["id_number"]) \
        if data.get("id_number") else None
    phone = c.check(prefix + "phone", _phone, data["phone"]) if data.get("phone") else None
    relation = _text(c, data, "relation", prefix, False, 40, TextKind.LINE)
    return AgentInput(name, id_number, phone, relation) if name else None


def _person_identity(c: _Collector, data: Mapping[str, Any], prefix: str
                     ) -> tuple[str | None, str | None, date | None]:
    id_number = gender = birth = None
    if data.get("gender") is not None:
        gender = _choice(c, data, "gender", prefix, GENDERS)
    if data.get("birth_date"):
        birth = c.check(prefix + "birth_date", _parse_date, data["birth_date"])
    if data.get("id_number"):
        parsed = c.check(prefix + "id_number", parse_id_number, str(data["id_number"]))
        if parsed is not None:
            id_number = parsed.number
            if gender is not None and gender != parsed.gender:
                c.error(prefix + "gender", _("与身份证号码不符：号码显示为{gender}性").format(
                    gender=_(GENDERS[parsed.gender])))
            if birth is not None and birth != parsed.birth_date:
                c.error(prefix + "birth_date", _("与身份证号码不符：号码显示为 {day}").format(
                    day=parsed.birth_date.isoformat()))
            gender = gender or parsed.gender
            birth = birth or parsed.birth_date
    return id_number, gender, birth


def _credit_code(c: _Collector, raw: str, prefix: str) -> str | None:
    """A checked credit code; one that fails only its check character is kept with a warning."""
    try:
        return parse_credit_code(raw)
    except ValidationError as exc:
        credit = c.check(prefix + "credit_code", partial(parse_credit_code, verify_check=False),
                         raw)
        if credit is not None:
            c.warnings.append(ValidationError(exc.message, prefix + "credit_code"))
        return credit


def _party(c: _Collector, data: Any, index: int) -> PartyInput | None:
    prefix = f"parties[{index}]."
    if type(data) is not dict and not isinstance(data, Mapping):
        c.error(f"parties[{index}]", _("应为对象"))
        return None
    _unknown_keys(c, data, PARTY_KEYS, prefix)
    role = _choice(c, data, "role", prefix, ROLES)
    kind = _choice(c, data, "kind", prefix, PARTY_KINDS, "person")
    name = _text(c, data, "name", prefix, True, 200, TextKind.IDENTITY)
    phone = c.check(prefix + "phone", _phone, data["phone"]) if data.get("phone") else None
    party_id = c.check(prefix + "party_id", _record_id, data["party_id"]) \
        if data.get("party_id") is not None else None
    address = _text(c, data, "address", prefix, False, 300, TextKind.IDENTITY) \
        if "address" in data else None
    agent = _agent(c, data["agent"], prefix + "agent.") \
        if data.get("agent") is not None else None
    if kind == "organisation":
        credit = _credit_code(c, str(data["credit_code"]), prefix) \
            if data.get("credit_code") else None
        legal = _text(c, data, "legal_representative", prefix, False, 100, TextKind.IDENTITY) \
            if "legal_representative" in data else None
        if role is None or name is None:
            return None
        return PartyInput(role, kind, name, phone=phone, address=address, credit_code=credit,
                          legal_representative=legal, agent=agent, party_id=party_id)
    id_number, gender, birth = _person_identity(c, data, prefix)
    ethnicity = _text(c, data, "ethnicity", prefix, False, 20, TextKind.LINE) \
        if "ethnicity" in data else None
    if ethnicity is not None and ethnicity not in ETHNICITIES:
        c.error(prefix + "ethnicity", _("“{value}”不是民族名称，如 汉族、回族").format(
            value=ethnicity))
    occupation = _text(c, data, "occupation", prefix, False, 100, TextKind.LINE) \
        if "occupation" in data else None
    if role is None or name is None or kind is None:
        return None
    return PartyInput(role, kind, name, id_number, gender, birth, ethnicity, phone, address,
                      occupation, agent=agent, party_id=party_id)


def _identities(party: PartyInput) -> list[tuple[str, tuple[str, str]]]:
    """The (field, key) pairs that say who a party is: registry record, ID number, credit code."""
    found = []
    if party.party_id is not None:
        found.append(("party_id", ("record", str(party.party_id))))
    if party.id_number:
        found.append(("id_number", ("person", party.id_number)))
    if party.credit_code:
        found.append(("credit_code", ("organisation", party.credit_code)))
    if party.agent is not None and party.agent.id_number:
        found.append(("agent.id_number", ("person", party.agent.id_number)))
    return found


def _one_role_each(c: _Collector, parties: list[PartyInput]) -> None:
    """Refuse one person or organisation entered twice (as applicant and respondent, say).

    An agent may act for several parties, so two agents with one ID number are
    the same agent; an agent who is also a party is refused like any repeat.
    """
    entries = [(index, field, key) for index, party in enumerate(parties)
               for field, key in _identities(party)]
    if len({key for _index, _field, key in entries}) == len(entries):
        return  # no one is named twice
    seen: dict[tuple[str, str], tuple[int, str]] = {}
    for index, name, key in entries:
        field = f"parties[{index}].{name}"
        first = seen.setdefault(key, (index, field))
        both_agents = field.endswith("agent.id_number") and first[1].endswith(
            "agent.id_number")
        if first[0] != index and not both_agents:
            c.error(field, _("与 {other} 是同一当事人：同一案件中一人只能有一个身份")
                    .format(other=first[1]))


def check_intake(data: Any, now: datetime | None = None) -> IntakeCheck:
    """Check an intake document completely; never raises for bad input."""
    c = _Collector()
    now = now or datetime.now()
    if type(data) is not dict and not isinstance(data, Mapping):
        c.error("", _("受理登记内容应为 JSON 对象"))
        return IntakeCheck(None, c.errors, c.warnings)
    _unknown_keys(c, data, CASE_KEYS, "")
    source = _choice(c, data, "source", "", SOURCES)
    received = c.check("received_at", _parse_datetime, data["received_at"], now) \
        if "received_at" in data else now.replace(second=0, microsecond=0)
    category = _choice(c, data, "category", "", CATEGORIES)
    facts = _text(c, data, "facts", "", True, MAX_TEXT, TextKind.BLOCK)
    claims = _text(c, data, "claims", "", False, MAX_TEXT, TextKind.BLOCK)
    amount = c.check("amount", _amount, data["amount"]) \
        if data.get("amount") not in (None, "") else None
    people = c.check("people_involved", _people, data.get("people_involved", 2))
    risk = _choice(c, data, "risk", "", RISKS, "green")
    region = _text(c, data, "region", "", False, 20, TextKind.LINE)
    organisation = _text(c, data, "organisation", "", False, 40, TextKind.LINE)
    raw_parties = data.get("parties")
    parties: list[PartyInput] = []
    if not isinstance(raw_parties, list) or not raw_parties:
        c.error("parties", _("至少要有一名申请人和一名被申请人"))
    else:
        for index, item in enumerate(raw_parties):
            party = _party(c, item, index)
            if party is not None:
                parties.append(party)
        roles = {p.role for p in parties}
        if parties and len(parties) == len(raw_parties) and not {"applicant",
                                                                  "respondent"} <= roles:
            c.error("parties", _("至少要有一名申请人和一名被申请人"))
        if len(parties) == len(raw_parties):
            _one_role_each(c, parties)
    if c.errors:
        return IntakeCheck(None, c.errors, c.warnings)
    assert source and received and category and facts and people and risk
    return IntakeCheck(
        IntakeInput(source, received, category, facts, claims, amount, people, region, risk,
                    organisation, tuple(parties)),
        c.errors, c.warnings,
    )
