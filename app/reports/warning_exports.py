"""Writing out one list of the 工作台: overdue, due soon, red risk, supervised or missed dates.

A clerk takes the overdue list to the weekly meeting, or sends the missed
instalments to the village mediators, so each list goes out the way the
case list does (app/reports/exports.py): XLSX ready to print, or CSV.  The
file holds the whole list, not only the first rows the panel shows, and the
wording of the deadline notes and suggestions is the panel's own.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app import i18n
from app.domain.codes import CATEGORIES, RISKS, label
from app.domain.text import N_, _
from app.domain.workflow import STATUS_LABELS, CaseStatus
from app.reports.exports import ExportColumn, Progress, write_table
from app.services.mediation.dashboard import WarningRow, warning_board
from app.services.security.users import UserInfo
from app.store.database import Database

LISTS = (("due_soon", N_("3天内到期")), ("overdue", N_("已超期")),
         ("red_unescalated", N_("红色风险未升级")), ("supervised", N_("挂牌督办")),
         ("missed", N_("履行逾期")))
"""The panel's lists: key (a WarningBoard field) and title, in the panel's tab order."""
PAGE = 500
"""Rows written between two progress reports (and chances to cancel)."""


def list_title(key: str) -> str:
    """The translated title of list ``key``."""
    return _(dict(LISTS)[key])


def deadline_note(deadline: date | None, today: date) -> str:
    """How far the deadline is: "已超期 3 天", "还剩 2 天", "今天到期" (empty without one)."""
    if deadline is None:
        return ""
    days = (deadline - today).days
    if days < 0:
        return _("已超期 {n} 天").format(n=-days)
    return _("还剩 {n} 天").format(n=days) if days else _("今天到期")


def suggestion(row: WarningRow) -> str:
    """What to do about a missed instalment: visit by a day, and enforcement when confirmed."""
    text = _("{day}前回访督促").format(day=i18n.format_date(row.visit_by))
    if row.enforceable:
        text += _("；可申请强制执行")
    return text


def _status(code: str) -> str:
    return _(STATUS_LABELS[CaseStatus(code)])


def warning_columns(key: str, today: date) -> list[ExportColumn[WarningRow]]:
    """The columns of list ``key``: the panel's own, with dates and amounts as real values."""
    head: list[ExportColumn[WarningRow]] = [
        ExportColumn(_("案号"), 25, "text", lambda r: r.number),
        ExportColumn(_("状态"), 9, "text", lambda r: _status(r.status)),
        ExportColumn(_("纠纷类型"), 10, "text", lambda r: label(CATEGORIES, r.category)),
        ExportColumn(_("风险等级"), 11.5, "text", lambda r: label(RISKS, r.risk)),
    ]
    if key == "missed":
        return [*head,
                ExportColumn(_("履行事项"), 26, "text", lambda r: r.obligation),
                ExportColumn(_("履行期限"), 10.5, "date", lambda r: r.due_date),
                ExportColumn(_("尚欠"), 11, "amount", lambda r: r.outstanding),
                ExportColumn(_("建议"), 30, "text", suggestion),
                ExportColumn(_("调解组织"), 25, "text", lambda r: r.organisation),
                ExportColumn(_("调解员"), 8, "text", lambda r: r.mediator)]
    return [*head,
            ExportColumn(_("调解组织"), 25, "text", lambda r: r.organisation),
            ExportColumn(_("调解员"), 8, "text", lambda r: r.mediator),
            ExportColumn(_("办理期限"), 10.5, "date", lambda r: r.deadline),
            ExportColumn(_("期限情况"), 11, "text", lambda r: deadline_note(r.deadline, today))]


def export_warning_list(db: Database, actor: UserInfo, key: str, today: date,
                        path: str | Path, fmt: str, progress: Progress | None = None,
                        *, total: int = 0) -> int:
    """List ``key`` of the panel as of ``today``, whole, written to ``path`` as ``fmt``.

    ``total`` is the list's size as the panel counted it: the board is read
    with that many rows per list, so nothing past the panel's first page is lost.
    """
    if key not in dict(LISTS):
        raise ValueError(key)
    board = warning_board(db, actor, today, limit=max(total, 1))
    rows = getattr(board, key).rows
    title = _("工作台 — {list}（{day}）").format(list=list_title(key), day=today.isoformat())
    pages = [rows[start:start + PAGE] for start in range(0, len(rows), PAGE)]
    return write_table(path, fmt, title, warning_columns(key, today), pages, len(rows),
                       progress)
