"""Which column is which field, and what each written value means: the user's corrections.

The import proposes a mapping from the synonym tables; the user corrects it
in the wizard or hands a file to ``tiaojie import --mapping``, and the
mapping is saved per office for its next ledger.  Columns are named by
their header label (a repeated label gets ``#2``, ``#3``), not by position,
so the next year's ledger with one more column still fits.  The JSON form::

    {"header_row": 3,
     "columns": {"当事人": "applicant.name", "备注": null},
     "values": {"category": {"土地纠纷": "forest_land"}}}

``null`` for a column means "do not import it"; for a value, "leave empty".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.domain.errors import ValidationError
from app.domain.ledger_fields import (
    BY_KEY,
    REQUIRED,
    VOCABULARIES,
    code_for_value,
    field_for_header,
    normalise_value,
)
from app.domain.text import _

IGNORED = None
"""The field of a column that is not imported."""


@dataclass(frozen=True)
class LedgerMapping:
    """The user's choices; anything not named here is mapped by the synonym tables."""

    columns: Mapping[str, str | None] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, str | None]] = field(default_factory=dict)
    header_row: int | None = None

    def to_json(self) -> dict[str, Any]:
        """The JSON document ``--mapping`` reads and the office's saved mapping holds."""
        document: dict[str, Any] = {"columns": dict(self.columns),
                                    "values": {k: dict(v) for k, v in self.values.items()}}
        if self.header_row is not None:
            document["header_row"] = self.header_row
        return document

    def merged_with(self, other: LedgerMapping) -> LedgerMapping:
        """This mapping with ``other``'s choices laid over it (``other`` wins)."""
        values = {k: dict(v) for k, v in self.values.items()}
        for vocab, table in other.values.items():
            values.setdefault(vocab, {}).update(table)
        return LedgerMapping({**self.columns, **other.columns}, values,
                             other.header_row if other.header_row is not None
                             else self.header_row)

    def code(self, vocab: str, text: str) -> tuple[bool, str | None]:
        """(known, code) for a written value: the user's choice first, then the synonyms."""
        table = self.values.get(vocab, {})
        value = normalise_value(text)
        if value in table:
            return True, table[value]
        found = code_for_value(vocab, text)
        return found is not None, found


def mapping_from_json(document: Any) -> LedgerMapping:
    """Check a mapping document (``--mapping`` file, saved mapping); ValidationError if bad."""
    if not isinstance(document, Mapping):
        raise ValidationError(_("对照表应为 JSON 对象"), "mapping")
    unknown = sorted(set(document) - {"columns", "values", "header_row"})
    if unknown:
        raise ValidationError(_("对照表中有未知的项目：{keys}").format(keys="、".join(unknown)),
                              "mapping")
    columns = document.get("columns", {})
    if not isinstance(columns, Mapping):
        raise ValidationError(_("columns 应为“列名: 字段”的对象"), "mapping.columns")
    for label, key in columns.items():
        if key is not None and key not in BY_KEY:
            raise ValidationError(_("列“{label}”对应的字段“{key}”不存在，可选：{allowed}").format(
                label=label, key=key, allowed=", ".join(BY_KEY)), "mapping.columns")
    values = document.get("values", {})
    if not isinstance(values, Mapping):
        raise ValidationError(_("values 应为“取值类别: {…}”的对象"), "mapping.values")
    checked: dict[str, dict[str, str | None]] = {}
    for vocab, table in values.items():
        codes = VOCABULARIES.get(vocab)
        if codes is None:
            raise ValidationError(_("取值类别“{vocab}”不存在，可选：{allowed}").format(
                vocab=vocab, allowed=", ".join(VOCABULARIES)), "mapping.values")
        if not isinstance(table, Mapping):
            raise ValidationError(_("取值类别“{vocab}”应为“台账中的写法: 代码”的对象").format(
                vocab=vocab), f"mapping.values.{vocab}")
        for written, code in table.items():
            if code is not None and code not in codes:
                raise ValidationError(
                    _("“{written}”对应的代码“{code}”无效，可选：{allowed}").format(
                        written=written, code=code, allowed=", ".join(codes)),
                    f"mapping.values.{vocab}")
        checked[vocab] = {normalise_value(str(k)): v for k, v in table.items()}
    header_row = document.get("header_row")
    if header_row is not None and (isinstance(header_row, bool) or not isinstance(header_row, int)
                                   or header_row < 1):
        raise ValidationError(_("header_row 应为正整数（表头所在的行）"), "mapping.header_row")
    return LedgerMapping({str(k): v for k, v in columns.items()}, checked, header_row)


def column_keys(labels: Sequence[str]) -> list[str]:
    """How each column is named in a mapping: its label, ``#2`` and on for repeats."""
    seen: dict[str, int] = {}
    keys = []
    for index, label in enumerate(labels):
        text = label or _("第{n}列").format(n=index + 1)
        seen[text] = seen.get(text, 0) + 1
        keys.append(text if seen[text] == 1 else f"{text}#{seen[text]}")
    return keys


def _other_side(key: str) -> str | None:
    return "respondent." + key.removeprefix("applicant.") if key.startswith("applicant.") \
        else None


def assign_columns(labels: Sequence[str], mapping: LedgerMapping) -> dict[int, str]:
    """Column index → field: the user's choices, then the synonyms; each field once.

    A party header the applicant already has goes to the respondent (two
    plain 姓名 columns), and a second column for a field nobody chose is
    left out rather than overwriting the first.
    """
    assigned: dict[int, str] = {}
    taken: dict[str, int] = {}
    keys = column_keys(labels)
    for index, key in enumerate(keys):
        if key in mapping.columns:
            chosen = mapping.columns[key]
            if chosen is None:
                continue
            if chosen in taken:
                raise ValidationError(_("“{a}”和“{b}”两列都对应“{field}”：一个字段只能对应一列")
                                      .format(a=keys[taken[chosen]], b=key,
                                              field=_(BY_KEY[chosen].label)), "mapping.columns")
            assigned[index], taken[chosen] = chosen, index
    for index, key in enumerate(keys):
        if key in mapping.columns or index in assigned or not labels[index]:
            continue
        found = field_for_header(labels[index])
        if found is not None and found in taken:
            found = _other_side(found)
        if found is not None and found not in taken:
            assigned[index], taken[found] = found, index
    return assigned


def missing_fields(assigned: Mapping[int, str]) -> list[str]:
    """The required fields no column was assigned to."""
    return [key for key in REQUIRED if key not in assigned.values()]
