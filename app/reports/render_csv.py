"""A report as CSV and as JSON: the same cells as the screen, for spreadsheets and scripts.

The CSV is UTF-8 with a BOM (Excel and WPS open it correctly): a title line,
scope, period and unit, the two header rows, one line per table row, the
comparisons and the footnotes.  Numbers are written plain (rates as
fractions, amounts with two decimals) so a spreadsheet reads them as numbers.
JSON (``tiaojie report --format json``) carries every cell under its row and
column keys, which are also the keys :func:`app.reports.compute.drill_down`
takes.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.domain.text import _
from app.reports.model import Cell, ReportTable


def plain(value: Cell) -> str:
    """A cell as a spreadsheet reads it: integers, decimals, empty for "no figure"."""
    if value is None:
        return ""
    return str(value)


def _table_lines(table: ReportTable) -> list[list[str]]:
    lines = [[table.title], [_("统计范围：{scope}").format(scope=table.scope_label),
                             _("统计期：{period}").format(period=table.period_label),
                             _("单位：{unit}").format(unit=table.unit)]]
    if table.empty:
        lines.append([_("本期无数据（零上报）")])
    lines.append([_("项目"), *(g.label for g in table.groups for _c in g.columns)])
    lines.append(["", *(c.label for g in table.groups for c in g.columns)])
    for row in table.rows:
        lines.append([row.label, *(plain(row.cells.get(c.key)) for c in table.columns)])
    for comparison in table.comparisons:
        lines.append([_("{label}（{period}）合计").format(label=comparison.label,
                                                    period=comparison.period.label),
                      *(plain(comparison.cells.get(c.key)) for c in table.columns)])
    for note in table.footnotes:
        lines.append([note])
    return lines


def csv_text(table: ReportTable) -> str:
    """The report and its parts, one block after another."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for index, part in enumerate((table, *table.parts)):
        if index:
            writer.writerow([])
        writer.writerows(_table_lines(part))
    return buffer.getvalue()


def write_csv(table: ReportTable, path: str | Path) -> None:
    """Write the CSV to ``path`` (UTF-8 with BOM)."""
    Path(path).write_text(csv_text(table), encoding="utf-8-sig", newline="")


def _json_value(value: Cell) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    return value


def table_json(table: ReportTable) -> dict[str, Any]:
    """The report as plain data: headers, rows with their cells, comparisons, parts."""
    return {
        "kind": table.kind.value,
        "title": table.title,
        "unit": table.unit,
        "scope": table.scope_label,
        "period": {"from": table.period.start.isoformat(), "to": table.period.end.isoformat(),
                   "label": table.period_label},
        "empty": table.empty,
        "columns": [{"group": g.label, "key": c.key, "label": c.label, "kind": c.kind,
                     "counts": c.entity if c.counts_cases else None}
                    for g in table.groups for c in g.columns],
        "rows": [{"key": r.key, "label": r.label, "level": r.level,
                  "cells": {k: _json_value(v) for k, v in r.cells.items()}}
                 for r in table.rows],
        "comparisons": [{"label": c.label, "from": c.period.start.isoformat(),
                         "to": c.period.end.isoformat(),
                         "cells": {k: _json_value(v) for k, v in c.cells.items()}}
                        for c in table.comparisons],
        "footnotes": list(table.footnotes),
        "parts": [table_json(p) for p in table.parts],
    }


def json_text(table: ReportTable) -> str:
    """The JSON document, indented, Chinese left readable."""
    return json.dumps(table_json(table), ensure_ascii=False, indent=2)
