"""What a ledger column can be, and the names and values offices use for each.

The fields a ledger fills are fixed here; which header names and which
written values mean what is *data*, in resources/ledger/headers.toml and
values.toml, read once on first use, so an office's odd header is a line
added to a list, not a code change.  Matching compares normalised text
exactly: a header or value nobody listed is left for the user to map,
never guessed.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from app.domain.codes import CATEGORIES, GENDERS, RISKS, SOURCES
from app.domain.text import N_
from app.domain.workflow import STATUS_LABELS
from app.paths import resources_dir


@dataclass(frozen=True)
class LedgerField:
    """One thing a ledger column can hold; ``vocab`` names its value table, if coded."""

    key: str
    label: str
    vocab: str | None = None


FIELDS: tuple[LedgerField, ...] = (
    LedgerField("number", N_("案号")),
    LedgerField("received_at", N_("受理日期")),
    LedgerField("category", N_("纠纷类型"), "category"),
    LedgerField("source", N_("纠纷来源"), "source"),
    LedgerField("applicant.name", N_("申请人")),
    LedgerField("applicant.id_number", N_("申请人证件号码")),
    LedgerField("applicant.phone", N_("申请人电话")),
    LedgerField("applicant.address", N_("申请人住址")),
    LedgerField("applicant.gender", N_("申请人性别"), "gender"),
    LedgerField("respondent.name", N_("被申请人")),
    LedgerField("respondent.id_number", N_("被申请人证件号码")),
    LedgerField("respondent.phone", N_("被申请人电话")),
    LedgerField("respondent.address", N_("被申请人住址")),
    LedgerField("respondent.gender", N_("被申请人性别"), "gender"),
    LedgerField("facts", N_("纠纷简要情况")),
    LedgerField("claims", N_("申请事项")),
    LedgerField("amount", N_("涉及金额")),
    LedgerField("people_involved", N_("涉及人数")),
    LedgerField("risk", N_("风险等级"), "risk"),
    LedgerField("result", N_("调解结果"), "result"),
    LedgerField("agreement_amount", N_("协议金额")),
    LedgerField("closed_on", N_("结案日期")),
    LedgerField("deadline", N_("办理期限")),
    LedgerField("organisation", N_("调解组织")),
    LedgerField("mediator", N_("调解员")),
)
"""Every field, in the order the mapping table lists them."""

BY_KEY: Mapping[str, LedgerField] = {f.key: f for f in FIELDS}
REQUIRED = ("received_at", "applicant.name", "respondent.name")
"""Fields without which no row can become a case: a ledger must have these columns."""
SIDES = ("applicant", "respondent")

VOCABULARIES: Mapping[str, Mapping[str, str]] = {
    "category": CATEGORIES,
    "source": SOURCES,
    "risk": RISKS,
    "gender": GENDERS,
    "result": {status.value: label for status, label in STATUS_LABELS.items()},
}
"""Each coded field's codes and their labels (the labels match as values too)."""

_REMARK = re.compile(r"[（(][^）)]*[）)]")
_NOISE = re.compile(r"[\s*※:：·•_]+")


def normalise_header(text: str) -> str:
    """A header as compared: no spaces, line breaks, asterisks or bracketed remarks."""
    if text.isascii() and text.isalnum():
        return text  # nothing to fold or take out (a row's 序号 cell: 1, 2, 3 …)
    plain = unicodedata.normalize("NFKC", text)
    stripped = _NOISE.sub("", _REMARK.sub("", plain))
    return stripped or _NOISE.sub("", plain)


def normalise_value(text: str) -> str:
    """A coded value as compared: no spaces, full-width forms folded."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _load(name: str) -> dict[str, Any]:
    with (resources_dir() / "ledger" / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)


@dataclass(frozen=True)
class Synonyms:
    """The header and value tables, normalised for lookup."""

    headers: Mapping[str, str]
    values: Mapping[str, Mapping[str, str]]
    skip_starts: tuple[str, ...]
    organisation_endings: tuple[str, ...]


@cache
def synonyms() -> Synonyms:
    """The tables of resources/ledger/, read once."""
    header_data, value_data = _load("headers"), _load("values")
    headers: dict[str, str] = {}
    for key, names in header_data["fields"].items():
        if key not in BY_KEY:
            raise ValueError(f"headers.toml names an unknown field {key!r}")
        for name in names:
            headers.setdefault(normalise_header(name), key)
    values: dict[str, dict[str, str]] = {}
    for vocab, codes in VOCABULARIES.items():
        table = values.setdefault(vocab, {})
        for code, label in codes.items():
            table.setdefault(normalise_value(label), code)
        for code, written in value_data.get(vocab, {}).items():
            if code not in codes:
                raise ValueError(f"values.toml [{vocab}] names an unknown code {code!r}")
            for text in written:
                table.setdefault(normalise_value(text), code)
    return Synonyms(headers, values,
                    tuple(normalise_header(t) for t in header_data["skip"]["starts"]),
                    tuple(value_data["organisation_names"]["endings"]))


def field_for_header(text: str) -> str | None:
    """The field a header names, by the synonym table; None if nobody listed it."""
    return synonyms().headers.get(normalise_header(text))


def code_for_value(vocab: str, text: str) -> str | None:
    """The code a written value means (土地纠纷 → forest_land); None if unknown."""
    table = synonyms().values[vocab]
    value = normalise_value(text)
    found = table.get(value)
    if found is None:
        for ending in ("纠纷", "类", "案件"):
            if value.endswith(ending) and len(value) > len(ending):
                found = table.get(value.removesuffix(ending))
                if found is not None:
                    break
    return found


def looks_like_organisation(name: str) -> bool:
    """A party name that is a company, committee or shop (no ID number to tell)."""
    return len(name) >= 4 and name.endswith(synonyms().organisation_endings)


def is_footer(first_text: str) -> bool:
    """Whether a row starting with this text is a totals or signature line."""
    return normalise_header(first_text).startswith(synonyms().skip_starts)
