"""Writing a computed report to a file: PDF, XLSX, CSV or JSON, whole or not at all.

The page's 导出 and ``tiaojie report -o`` both come here.  The file is
written beside its target under a temporary name and moved into place only
when complete, so a failure (or a full disk) never leaves half a report
where the clerk expects one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from app.domain.errors import ValidationError
from app.domain.text import _
from app.reports.chart_data import ChartData
from app.reports.model import ReportTable

FORMATS = ("pdf", "xlsx", "csv", "json")


def _writer(fmt: str, charts: ChartData | None, filled_on: date | None
            ) -> Callable[[ReportTable, Path], None]:
    if fmt == "pdf":
        from app.reports.render_pdf import write_pdf
        return lambda table, path: write_pdf(table, path, charts, filled_on)
    if fmt == "xlsx":
        from app.reports.render_xlsx import write_xlsx
        return lambda table, path: write_xlsx(table, path, filled_on)
    from app.reports.render_csv import json_text, write_csv
    if fmt == "csv":
        return write_csv
    def write_json(table: ReportTable, path: Path) -> None:
        path.write_text(json_text(table) + "\n", encoding="utf-8")
    return write_json


def write_report(table: ReportTable, fmt: str, path: str | Path,
                 charts: ChartData | None = None, filled_on: date | None = None) -> Path:
    """Write ``table`` as ``fmt`` to ``path`` atomically; returns the path written."""
    if fmt not in FORMATS:
        raise ValidationError(_("不支持的报表格式“{fmt}”，可选：{allowed}").format(
            fmt=fmt, allowed=", ".join(FORMATS)), "format")
    target = Path(path)
    if not target.parent.is_dir():
        raise ValidationError(_("文件夹不存在：{folder}").format(folder=target.parent), "output")
    write = _writer(fmt, charts, filled_on)
    handle, temporary = tempfile.mkstemp(prefix=".report-", suffix=f".{fmt}",
                                         dir=target.parent)
    os.close(handle)
    try:
        write(table, Path(temporary))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
