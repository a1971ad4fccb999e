"""Reading a ledger's shape before anything is stored: header, column mapping, values seen.

The wizard's mapping and value steps and ``tiaojie import --dry-run`` start
here.  Nothing in this module touches the case base: it reads the file, finds
the header under the title rows, proposes which column is which field and
counts every coded value, so the user sees each unknown one (with how
often it occurs) before deciding what it means.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from app.domain.errors import ValidationError
from app.domain.ledger_fields import BY_KEY
from app.domain.ledger_layout import SEARCHED_ROWS, LedgerLayout, find_layout
from app.domain.ledger_mapping import (
    LedgerMapping,
    assign_columns,
    column_keys,
    missing_fields,
)
from app.domain.ledger_values import cell_text, is_blank, split_list
from app.domain.text import _
from app.services.imports.sheets import LedgerSheet, open_sheet, sheet_names

SAMPLES = 3


@dataclass(frozen=True)
class LedgerPlan:
    """A sheet's layout and each column's field under one mapping."""

    layout: LedgerLayout
    columns: Mapping[int, str]
    mapping: LedgerMapping

    @property
    def keys(self) -> list[str]:
        """How the mapping names each column."""
        return column_keys(self.layout.labels)


def plan_for(sheet: LedgerSheet, mapping: LedgerMapping, *, complete: bool = True) -> LedgerPlan:
    """Find the header and assign the columns; with ``complete``, refuse missing required ones."""
    layout = find_layout(sheet.top(SEARCHED_ROWS), sheet.merged, mapping.header_row)
    columns = assign_columns(layout.labels, mapping)
    missing = missing_fields(columns)
    if complete and missing:
        raise ValidationError(_("台账缺少必需的列：{fields}。请在列对照中指定").format(
            fields="、".join(_(BY_KEY[k].label) for k in missing)), "mapping.columns")
    return LedgerPlan(layout, columns, mapping)


def check_columns_named(path: str, sheet: str | None, mapping: LedgerMapping,
                        given: LedgerMapping) -> None:
    """Refuse a mapping file that names a column the ledger does not have.

    A column named in the user's own file (a typo, another year's header)
    would otherwise be passed over in silence, and then saved as the
    office's mapping; the office's saved mapping itself may name columns of
    other ledgers, so only the file given now is held to this.
    """
    if not given.columns:
        return
    keys = plan_for(open_sheet(path, sheet), mapping, complete=False).keys
    absent = [label for label in given.columns if label not in keys]
    if absent:
        raise ValidationError(_("映射文件中的列“{labels}”在台账的表头中找不到；表头是：{header}")
                              .format(labels="、".join(absent), header="、".join(keys)),
                              "mapping.columns")


@dataclass(frozen=True)
class ColumnInfo:
    """One column as the mapping step shows it."""

    index: int
    label: str
    key: str
    field: str | None
    samples: tuple[str, ...]


@dataclass(frozen=True)
class ValueCount:
    """One written value of a coded field, how often it occurs, and what it maps to."""

    vocab: str
    written: str
    count: int
    code: str | None
    known: bool


@dataclass(frozen=True)
class Survey:
    """What the wizard shows before the preview: sheets, header, columns, values, missing fields."""

    sheets: tuple[str, ...]
    sheet: str
    header_rows: tuple[int, ...]
    columns: tuple[ColumnInfo, ...]
    values: tuple[ValueCount, ...]
    rows: int
    missing: tuple[str, ...]

    @property
    def unknown(self) -> tuple[ValueCount, ...]:
        """The values no table or choice maps yet (each must be decided before importing)."""
        return tuple(v for v in self.values if not v.known)


def survey_ledger(path: str, sheet: str | None = None,
                  mapping: LedgerMapping | None = None) -> Survey:
    """Read the ledger once: header, proposed columns, sample values and coded-value counts."""
    mapping = mapping or LedgerMapping()
    names = sheet_names(path)
    opened = open_sheet(path, sheet)
    plan = plan_for(opened, mapping, complete=False)
    coded = {index: BY_KEY[key].vocab for index, key in plan.columns.items()
             if BY_KEY[key].vocab is not None}
    counts: dict[str, Counter[str]] = {}
    samples: dict[int, list[str]] = {i: [] for i in range(len(plan.layout.labels))}
    rows = 0
    for _number, cells in opened.rows(plan.layout.first_data_row):
        if all(is_blank(c) for c in cells):
            continue
        rows += 1
        for index, cell in enumerate(cells):
            if is_blank(cell):
                continue
            if index in samples and len(samples[index]) < SAMPLES:
                samples[index].append(cell_text(cell))
            vocab = coded.get(index)
            if vocab is not None:
                seen = split_list(cell) if vocab == "gender" else [cell_text(cell)]
                counts.setdefault(vocab, Counter()).update(seen)
    values = []
    for vocab, counter in counts.items():
        for written, count in counter.most_common():
            known, code = mapping.code(vocab, written)
            values.append(ValueCount(vocab, written, count, code, known))
    columns = tuple(ColumnInfo(i, label, key, plan.columns.get(i), tuple(samples.get(i, ())))
                    for i, (label, key) in enumerate(zip(plan.layout.labels, plan.keys,
                                                         strict=True)))
    return Survey(tuple(names), opened.name, plan.layout.header_rows, columns, tuple(values),
                  rows, tuple(missing_fields(plan.columns)))
