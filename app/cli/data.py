"""``tiaojie import``, ``tiaojie imports`` and ``tiaojie export``: ledgers in, lists out.

``import FILE`` brings in a ledger (.xlsx, .xls, .ods, .csv) as one batch or
not at all: with any problem nothing is written, every problem is listed on
standard error by row and column, and the exit status is 2.  The office's
saved mapping is used, with ``--mapping MAP.json`` laid over it (and saved for
next time once the import succeeds).  ``--dry-run`` checks and shows the
first rows as they would be stored.  ``export cases`` writes the case list
filtered as on screen, ``export parties`` the registry, each masked for the
user's role.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import i18n
from app.cli.common import (
    Commands,
    Options,
    UsageError,
    acting_user,
    one_line,
    open_case_base,
    print_json,
    read_json,
)
from app.domain.text import _

if TYPE_CHECKING:
    from app.domain.ledger_mapping import LedgerMapping
    from app.domain.ledger_rows import RowProblem
    from app.services.imports.types import ImportCounts, ImportPreview

SHOWN_PROBLEMS = 200
"""Problems printed one per line; past this only their number is said."""


def _mapping_file(path: str | None) -> LedgerMapping | None:
    from app.domain.ledger_mapping import mapping_from_json

    if path is None:
        return None
    return mapping_from_json(read_json(path))


def _print_problems(problems: tuple[RowProblem, ...], count: int) -> None:
    for problem in problems[:SHOWN_PROBLEMS]:
        print(one_line(str(problem)), file=sys.stderr)
    if count > SHOWN_PROBLEMS:
        print(_("……另有 {n} 处错误").format(n=i18n.format_number(count - SHOWN_PROBLEMS)),
              file=sys.stderr)


def _counts_line(counts: ImportCounts) -> str:
    return _("{cases} 件案件（其中 {agreements} 件调解成功，{assigned} 件导入时编号）；"
             "新建当事人 {new} 名，沿用名册中的 {found} 名").format(
        cases=counts.cases, agreements=counts.agreements, assigned=counts.numbers_assigned,
        new=counts.parties_new, found=counts.parties_found + counts.name_phone_merged)


def _print_preview(preview: ImportPreview) -> None:
    from app.domain.codes import CATEGORIES, label
    from app.domain.workflow import STATUS_LABELS, CaseStatus

    print(_("检查结果：") + _counts_line(preview.counts))
    for row in preview.rows:
        where = _("第{row}行").format(row=row.row)
        print(f"  {where}\t{row.number}\t"
              f"{i18n.format_date(row.received_at.date())}\t{row.applicants} — "
              f"{row.respondents}\t{label(CATEGORIES, row.category)}\t"
              f"{_(STATUS_LABELS[CaseStatus(row.status)])}\t"
              f"{'' if row.amount is None else i18n.format_number(row.amount)}")
    for skipped in preview.skipped:
        print(_("跳过第{row}行：{reason}").format(row=skipped.row, reason=skipped.reason))
    for warning in preview.warnings:
        print(_("提示：") + one_line(str(warning)))
    if preview.counts.name_phone_offers and not preview.counts.name_phone_merged:
        print(_("提示：{n} 名没有证件号码的当事人与名册中姓名、电话相同的记录一致；"
                "加 --match-name-phone 可视为同一人").format(n=preview.counts.name_phone_offers))
    if preview.earlier is not None:
        print(_("注意：这个文件已于 {at} 由 {user} 导入（批次 {batch}）").format(
            at=preview.earlier.imported_at.strftime("%Y-%m-%d %H:%M"),
            user=preview.earlier.imported_by, batch=preview.earlier.batch_id))


def _write_errors_copy(args: argparse.Namespace, problems: tuple[RowProblem, ...],
                       header_rows: tuple[int, ...]) -> None:
    from app.reports.ledger_errors import write_error_copy

    if args.errors_copy:
        write_error_copy(args.file, args.sheet, problems, header_rows, args.errors_copy)
        print(_("已把错误写入副本：{file}").format(file=args.errors_copy), file=sys.stderr)


def cmd_import(args: argparse.Namespace) -> int:
    """Check a ledger and import it as one batch, or write nothing and list the problems."""
    from app.services.imports.plan import check_columns_named, survey_ledger
    from app.services.imports.run import import_ledger, own_organisation, preview_ledger
    from app.services.imports.saved import save_mapping, saved_mapping
    from app.services.imports.types import (
        NO_CASES,
        ImportRejected,
        ImportRequest,
        SameFileImported,
    )

    given = _mapping_file(args.mapping)
    if not Path(args.file).exists():  # a folder is refused by the reader, like any bad file
        raise UsageError(_("找不到文件 {file}").format(file=args.file))
    with open_case_base(args) as db:
        actor = acting_user(db, args.user)
        org = args.org or own_organisation(db, actor)
        if org is None:
            raise UsageError(_("请用 --org 指定案件所属的调解组织代码"))
        saved = saved_mapping(db, actor, org)
        mapping = saved.merged_with(given) if given is not None else saved
        if given is not None:
            check_columns_named(args.file, args.sheet, mapping, given)
        request = ImportRequest(args.file, args.sheet, mapping, org, args.yes,
                                args.match_name_phone)
        if args.dry_run:
            preview = preview_ledger(db, actor, request)
            if args.json:
                print_json(_preview_json(preview))
            else:
                _print_preview(preview)
            _print_problems(preview.problems, preview.problem_count)
            if preview.problem_count:
                print(_("台账有 {n} 处错误：改正后才能导入").format(n=preview.problem_count),
                      file=sys.stderr)
            elif not preview.counts.cases:
                print(_(NO_CASES), file=sys.stderr)
                return 2
            if preview.problems:
                header = survey_ledger(args.file, args.sheet, mapping).header_rows
                _write_errors_copy(args, preview.problems, header)
            return 2 if preview.problem_count else 0
        try:
            result = import_ledger(db, actor, request)
        except SameFileImported as exc:
            raise UsageError(str(exc) + _("（加 --yes 确认）")) from exc
        except ImportRejected as exc:
            _print_problems(exc.problems, exc.count)
            header = survey_ledger(args.file, args.sheet, mapping).header_rows
            _write_errors_copy(args, exc.problems, header)
            print(one_line(str(exc)), file=sys.stderr)
            return 2
        if given is not None:
            save_mapping(db, actor, org, mapping)
    if args.json:
        print_json({"batch": result.batch_id, **vars(result.counts)})
        return 0
    print(_("已导入（批次 {batch}）：").format(batch=result.batch_id) + _counts_line(result.counts))
    for warning in result.warnings:
        print(_("提示：") + one_line(str(warning)))
    return 0


def _preview_json(preview: ImportPreview) -> dict[str, Any]:
    return {"counts": vars(preview.counts),
            "rows": [{"row": r.row, "number": r.number, "number_on_import": r.number_on_import,
                      "received_at": r.received_at.isoformat(), "category": r.category,
                      "source": r.source, "status": r.status, "applicants": r.applicants,
                      "respondents": r.respondents,
                      "amount": None if r.amount is None else str(r.amount)}
                     for r in preview.rows],
            "problems": [str(p) for p in preview.problems],
            "problem_count": preview.problem_count,
            "earlier_batch": None if preview.earlier is None else preview.earlier.batch_id}


def cmd_imports_list(args: argparse.Namespace) -> int:
    """List import batches, newest first."""
    from app.services.imports.batches import import_batches

    with open_case_base(args) as db:
        rows = import_batches(db, acting_user(db, args.user))
    if args.json:
        print_json([{"batch": r.id, "file": r.file_name, "sha256": r.sha256,
                     "organisation": r.organisation, "imported_by": r.imported_by,
                     "imported_at": r.imported_at.isoformat(), "cases": r.cases,
                     "undone_at": r.undone_at.isoformat() if r.undone_at else None}
                    for r in rows])
        return 0
    for r in rows:
        state = _("已撤销") if r.undone_at else ""
        print(f"{r.id}\t{r.file_name}\t{r.organisation}\t{r.imported_by}\t"
              f"{i18n.format_datetime(r.imported_at)}\t{r.cases}\t{state}")
    return 0


def cmd_imports_undo(args: argparse.Namespace) -> int:
    """Undo one import batch (administrators; only while none of its cases has changed)."""
    from app.services.imports.batches import undo_batch

    with open_case_base(args) as db:
        result = undo_batch(db, acting_user(db, args.user), args.batch)
    print(_("已撤销批次 {batch}：删除案件 {cases} 件、当事人 {parties} 名").format(
        batch=result.batch_id, cases=result.cases, parties=result.parties))
    return 0


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise UsageError(_("{option}：日期格式无效：“{value}”，应如 2026-01-31").format(
            option=option, value=text)) from exc


CASE_FILTERS = (("status", "--status"), ("category", "--category"), ("source", "--source"),
                ("risk", "--risk"), ("org", "--org"), ("date_from", "--from"),
                ("date_to", "--to"), ("search", "--search"), ("overdue", "--overdue"),
                ("attention", "--attention"))
"""``export`` options that filter cases: the party registry has no such filter."""
ARCHIVE_OPTIONS = (("encrypt", "--encrypt"), ("passphrase_stdin", "--passphrase-stdin"),
                   ("json", "--json"))
"""``export`` options only ``--format archive`` reads."""


def _refuse_ignored_options(args: argparse.Namespace) -> None:
    """An option the list being written would silently ignore is refused, not dropped."""
    for dest, option in ARCHIVE_OPTIONS:
        if getattr(args, dest):
            raise UsageError(_("{option} 只用于 --format archive").format(option=option))
    if args.what == "parties":
        for dest, option in CASE_FILTERS:
            if getattr(args, dest):
                raise UsageError(_("{option} 是案件的筛选条件，导出当事人名册时不能使用").format(
                    option=option))


def cmd_export(args: argparse.Namespace) -> int:
    """Write the filtered case list, or the party registry, as XLSX or CSV."""
    from app.domain.codes import CATEGORIES, RISKS, SOURCES, require_key
    from app.domain.workflow import CaseStatus
    from app.reports.exports import export_cases, export_format, export_parties
    from app.services.cases.queries import CaseFilter
    from app.services.organisations.queries import organisation_id_for_code

    for value, vocab, option in ((args.status, {s.value: s.value for s in CaseStatus},
                                  "--status"), (args.category, CATEGORIES, "--category"),
                                 (args.source, SOURCES, "--source"), (args.risk, RISKS, "--risk")):
        if value:
            require_key(vocab, value, option)
    received_from, received_to = _day(args.date_from, "--from"), _day(args.date_to, "--to")
    if received_from is not None and received_to is not None and received_to < received_from:
        raise UsageError(_("--to 的日期不能早于 --from 的日期"))
    if args.format == "archive":
        result: int = args.export_archive(args, received_from, received_to)
        return result
    if args.what is None:
        raise UsageError(_("请指定要导出的内容：cases 或 parties"))
    _refuse_ignored_options(args)
    fmt = export_format(args.output, args.format)
    with open_case_base(args) as db:
        actor = acting_user(db, args.user)
        if args.what == "parties":
            count = export_parties(db, actor, args.output, fmt)
        else:
            org_id = None
            if args.org:
                org_id = organisation_id_for_code(db, actor, args.org)
                if org_id is None:
                    raise UsageError(_("未知的调解组织代码“{code}”").format(code=args.org))
            f = CaseFilter(status=args.status, category=args.category, source=args.source,
                           risk=args.risk, organisation_id=org_id, received_from=received_from,
                           received_to=received_to,
                           overdue_on=date.today() if args.overdue else None,
                           attention=args.attention, text=args.search)
            count = export_cases(db, actor, f, args.output, fmt)
    print(_("已导出 {n} 行：{file}").format(n=i18n.format_number(count), file=args.output))
    return 0


def register(sub: Commands, options: Options) -> None:
    """Add ``import``, ``imports`` and ``export`` to the top-level commands."""
    ledger = sub.add_parser("import", help=_("导入台账（xlsx、xls、ods、csv）"), parents=options)
    ledger.add_argument("file")
    ledger.add_argument("--sheet", help=_("工作表名称（默认第一个）"))
    ledger.add_argument("--mapping", metavar="MAP.json", help=_("列和取值对照表（JSON）"))
    ledger.add_argument("--dry-run", action="store_true", help=_("只检查，不写入"))
    ledger.add_argument("--org", metavar="CODE", help=_("案件所属的调解组织代码"))
    ledger.add_argument("--yes", action="store_true", help=_("确认再次导入已导入过的文件"))
    ledger.add_argument("--match-name-phone", action="store_true",
                        help=_("没有证件号码时，把姓名和电话相同的名册记录视为同一人"))
    ledger.add_argument("--errors-copy", metavar="OUT", help=_("有错误时，另存一份带错误列的副本"))
    ledger.add_argument("--json", action="store_true")
    ledger.set_defaults(handler=cmd_import)
    batches = sub.add_parser("imports", help=_("导入批次"), parents=options)
    batches_sub = batches.add_subparsers(dest="imports_command", required=True)
    listing = batches_sub.add_parser("list", help=_("列出导入批次"), parents=options)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_imports_list)
    undo = batches_sub.add_parser("undo", help=_("撤销一个导入批次"), parents=options)
    undo.add_argument("batch", type=int)
    undo.set_defaults(handler=cmd_imports_undo)
    export = sub.add_parser("export", help=_("导出案件清单或当事人名册"), parents=options)
    export.add_argument("what", choices=("cases", "parties"), nargs="?")
    export.add_argument("--format", choices=("xlsx", "csv", "archive"),
                        help=_("xlsx 或 csv（不指定时按 -o 文件名的扩展名）；"
                               "archive：一个调解组织的案件档案（与备份同格式，需 --org）"))
    export.add_argument("--encrypt", action="store_true", help=_("archive：用备份口令加密"))
    export.add_argument("--passphrase-stdin", action="store_true",
                        help=_("archive：从标准输入读取备份口令"))
    export.add_argument("--json", action="store_true", help=_("archive：以 JSON 输出结果"))
    export.add_argument("-o", "--output", required=True, metavar="OUT")
    export.add_argument("--status")
    export.add_argument("--category")
    export.add_argument("--source")
    export.add_argument("--risk")
    export.add_argument("--org", metavar="CODE")
    export.add_argument("--from", dest="date_from", metavar="DATE")
    export.add_argument("--to", dest="date_to", metavar="DATE")
    export.add_argument("--search", metavar="TEXT")
    export.add_argument("--overdue", action="store_true")
    export.add_argument("--attention", action="store_true")
    export.set_defaults(handler=cmd_export)
