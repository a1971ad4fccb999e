"""``tiaojie report KIND``: the statistics reports as PDF, XLSX, CSV or JSON.

The same tables as the 统计报表 page (app/reports): pick the period with
``--from``/``--to`` and narrow the scope with ``--org`` or ``--region``
inside what the signed-in user may see.  ``--format json`` prints every cell
under its row and column keys for scripts (to standard output unless ``-o``
is given).  Bad input — an unknown kind, a malformed date, an unknown
organisation — exits 2 with one line.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from app.cli.common import Commands, Options, UsageError, acting_user, open_case_base
from app.domain.text import _

KINDS = ("mediation", "by-organisation", "multi-source", "mediators", "meetings")
FORMATS = ("pdf", "xlsx", "csv", "json")


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise UsageError(_("{option}：日期格式无效：“{value}”，应如 2026-01-31").format(
            option=option, value=text)) from exc


def cmd_report(args: argparse.Namespace) -> int:
    """Compute one report and write it (or print its JSON)."""
    from app.reports.chart_data import chart_data
    from app.reports.compute import compute_report
    from app.reports.files import named_format, write_report
    from app.reports.model import Period, ReportKind, Scope
    from app.reports.render_csv import json_text

    period = Period(_day(args.date_from, "--from"), _day(args.date_to, "--to"))
    if args.org and args.region:
        raise UsageError(_("--org 和 --region 只能选一个"))
    scope = Scope(region_code=args.region, organisation_code=args.org)
    if args.output is None and args.format not in (None, "json"):
        raise UsageError(_("{fmt} 格式需要用 -o 指定输出文件").format(fmt=args.format))
    fmt = "json" if args.output is None else named_format(args.output, args.format, FORMATS)
    with open_case_base(args) as db:
        actor = acting_user(db, args.user)
        kind = ReportKind(args.kind)
        table = compute_report(db, actor, kind, period, scope)
        charts = chart_data(db, actor, period, scope) if (
            fmt == "pdf" and kind in (ReportKind.MEDIATION, ReportKind.BY_ORGANISATION)
        ) else None
    if args.output is None:
        sys.stdout.write(json_text(table) + "\n")
        return 0
    written = write_report(table, fmt, args.output, charts)
    print(_("已生成{title}（{scope}，{period}）：{file}").format(
        title=table.title, scope=table.scope_label, period=table.period_label, file=written))
    if table.empty:
        print(_("本期无数据（零上报）"))
    return 0


def register(sub: Commands, options: Options) -> None:
    """Add ``report`` to the top-level commands."""
    report = sub.add_parser("report", help=_("统计报表（PDF、XLSX、CSV 或 JSON）"), parents=options)
    report.add_argument("kind", choices=KINDS,
                        help=_("mediation 人民调解案件统计表；by-organisation 按调解组织；"
                               "multi-source 多元调解；mediators 调解员；meetings 村民说事"))
    report.add_argument("--from", dest="date_from", required=True, metavar="DATE",
                        help=_("统计期开始日期，如 2026-10-01"))
    report.add_argument("--to", dest="date_to", required=True, metavar="DATE",
                        help=_("统计期结束日期（含），如 2026-10-31"))
    report.add_argument("--org", metavar="CODE", help=_("只统计这个调解组织"))
    report.add_argument("--region", metavar="CODE", help=_("只统计这个行政区划（县、镇、村）"))
    report.add_argument("--format", choices=FORMATS,
                        help=_("不指定时按 -o 文件名的扩展名；没有 -o 时打印 JSON"))
    report.add_argument("-o", "--output", metavar="OUT",
                        help=_("输出文件（json 可省略，打印到屏幕）"))
    report.set_defaults(handler=cmd_report)
