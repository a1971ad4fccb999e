"""The page's export job: the table shown, to PDF, XLSX or CSV, whole or not at all.

Runs on the task runner.  A PDF of the case tables carries the charts, so
they are computed first (or taken from the charts tab if it already has
them for the same report); Cancel is honoured until the file is written,
and the writing itself (app/reports/files.py) goes to a temporary file that
is renamed into place only when complete, so a cancelled or failed export
leaves the folder as it was.
"""

from __future__ import annotations

from pathlib import Path

from app.domain.text import N_
from app.reports import ReportKind, ReportTable, Scope
from app.reports.chart_data import ChartData, chart_data
from app.reports.files import write_report
from app.services.casebase.opening import Database
from app.services.security.users import UserInfo
from app.ui.tasks import Progress

EXPORT_FORMATS: dict[str, str] = {
    "pdf": N_("导出 PDF"),
    "xlsx": N_("导出 Excel"),
    "csv": N_("导出 CSV"),
}
"""The export buttons: format → label (translated where shown)."""
CHARTED = (ReportKind.MEDIATION, ReportKind.BY_ORGANISATION)
"""Reports whose PDF ends with the charts."""


def export_report(db: Database, user: UserInfo, table: ReportTable, scope: Scope, fmt: str,
                  target: str | Path, charts: ChartData | None, progress: Progress) -> bool:
    """Write ``table`` to ``target`` as ``fmt``; False (and no file) when the user cancelled."""
    if not progress(0, 2):
        return False
    if fmt == "pdf" and table.kind in CHARTED and charts is None:
        charts = chart_data(db, user, table.period, scope)
    if not progress(1, 2):
        return False
    write_report(table, fmt, target, charts if fmt == "pdf" else None)
    progress(2, 2)
    return True
