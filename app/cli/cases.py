"""``tiaojie case add|show|list`` and ``tiaojie search``: intake and finding cases from scripts.

Intake takes the JSON document described in README.md and checks it before
the case base is opened, so a bad file (however malformed, nested or
oversized) exits 2 with one line and nothing written.  The
``case`` group is created here; the routing and mediation modules add their
subcommands to the collection :func:`register` returns.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app import i18n
from app.cli.common import (
    Commands,
    Options,
    UsageError,
    acting_user,
    check_limit,
    open_case_base,
    print_json,
    read_json,
)
from app.domain.codes import CATEGORIES, RISKS, ROLES, SOURCES, label
from app.domain.text import _
from app.domain.workflow import STATUS_LABELS, CaseStatus

if TYPE_CHECKING:
    from app.services.cases.queries import CaseRow


def cmd_case_add(args: argparse.Namespace) -> int:
    """Register one case from an intake JSON file (schema in README.md)."""
    from app.domain.intake import check_intake
    from app.services.cases.intake import register_case

    try:
        data = read_json(args.file)
    except RecursionError as exc:
        raise UsageError(_("{file} 不是有效的受理登记：嵌套层次太深").format(
            file=args.file)) from exc
    check = check_intake(data)
    problems = check.errors + ([] if args.accept_warnings else check.warnings)
    if problems:
        raise problems[0]
    assert check.value is not None
    with open_case_base(args) as db:
        actor = acting_user(db, args.user)
        result = register_case(db, actor, check.value, actor.organisation_id)
    if args.json:
        print_json({"number": result.number, "needs_attention": result.needs_attention})
    else:
        print(_("已受理：{number}").format(number=result.number))
        if result.needs_attention:
            print(_("注意：群体性纠纷或红色风险案件，已列入重点关注"))
    return 0


def cmd_case_show(args: argparse.Namespace) -> int:
    """Show one case, as text or as the JSON superset of the intake document."""
    from app.services.cases.detail import case_json, get_case

    with open_case_base(args) as db:
        detail = get_case(db, acting_user(db, args.user), args.number)
    if args.json:
        print_json(case_json(detail))
        return 0
    print(_("案号：{v}").format(v=detail.number))
    print(_("状态：{v}").format(v=_(STATUS_LABELS[CaseStatus(detail.status)])))
    print(_("受理：{v}，{org}").format(v=i18n.format_datetime(detail.received_at),
                                    org=detail.organisation))
    if detail.registered_by:
        print(_("登记人：{v}").format(v=detail.registered_by))
    print(_("类型：{v}；来源：{s}；风险：{r}").format(
        v=label(CATEGORIES, detail.category), s=label(SOURCES, detail.source),
        r=label(RISKS, detail.risk)))
    agent = _("代理人")
    for p in detail.parties:
        role = label(ROLES, p.role) if p.role in ROLES else agent
        print("  " + _("{role}：{name}").format(role=role, name=p.name)
              + f"  {p.id_number or p.credit_code or ''}  {p.phone or ''}")
    print(_("纠纷事实：{v}").format(v=detail.facts))
    if detail.claims:
        print(_("请求事项：{v}").format(v=detail.claims))
    print(_("办理经过："))
    for event in detail.timeline:
        at = (i18n.format_date(event.at.date()) if event.date_only
              else i18n.format_datetime(event.at))
        print(f"  {at}  {event.who}  {event.text}")
    return 0


def _print_case_rows(rows: list[CaseRow], as_json: bool) -> int:
    if as_json:
        print_json([{"number": r.number, "received_at": r.received_at.strftime("%Y-%m-%dT%H:%M"),
                     "category": r.category, "source": r.source, "status": r.status,
                     "risk": r.risk, "parties": r.parties, "organisation": r.organisation,
                     "deadline": r.deadline.isoformat() if r.deadline else None}
                    for r in rows])
        return 0
    for r in rows:
        print(f"{r.number}\t{i18n.format_date(r.received_at.date())}\t"
              f"{_(STATUS_LABELS[CaseStatus(r.status)])}\t{label(CATEGORIES, r.category)}\t"
              f"{r.parties}")
    return 0


def cmd_case_list(args: argparse.Namespace) -> int:
    """List cases, newest first, optionally by status and category."""
    from app.domain.codes import require_key
    from app.services.cases.queries import CaseFilter, case_page

    if args.status:
        require_key({s.value: s.value for s in CaseStatus}, args.status, "--status")
    if args.category:
        require_key(CATEGORIES, args.category, "--category")
    check_limit(args.limit)
    with open_case_base(args) as db:
        actor = acting_user(db, args.user)
        rows = case_page(db, actor, CaseFilter(status=args.status, category=args.category), 0,
                         args.limit)
    return _print_case_rows(rows, args.json)


def cmd_search(args: argparse.Namespace) -> int:
    """Find cases by any fragment of number, name, ID, phone or facts, or pinyin initials."""
    from app.services.cases.queries import CaseFilter, case_page
    from app.services.security.masking import plan_search

    if not args.text.strip():
        raise UsageError(_("请输入要查找的内容"))
    check_limit(args.limit)
    with open_case_base(args) as db:
        actor = acting_user(db, args.user)
        if plan_search(args.text, actor).refused:
            raise UsageError(_("为保护个人信息，您的角色只能按完整的身份证号或手机号查找"))
        rows = case_page(db, actor, CaseFilter(text=args.text), 0, args.limit)
    return _print_case_rows(rows, args.json)


def register(sub: Commands, options: Options) -> Commands:
    """Add the ``case`` group with ``add``, ``show`` and ``list``; return its subcommands."""
    case = sub.add_parser("case", help=_("案件"), parents=options)
    case_sub = case.add_subparsers(dest="case_command", required=True)
    add_case = case_sub.add_parser("add", help=_("从 JSON 文件受理登记一件案件"), parents=options)
    add_case.add_argument("file")
    add_case.add_argument("--accept-warnings", action="store_true",
                          help=_("统一社会信用代码校验位不符时仍然登记"))
    add_case.add_argument("--json", action="store_true")
    add_case.set_defaults(handler=cmd_case_add)
    show = case_sub.add_parser("show", help=_("查看案件"), parents=options)
    show.add_argument("number")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=cmd_case_show)
    listing = case_sub.add_parser("list", help=_("列出案件"), parents=options)
    listing.add_argument("--status")
    listing.add_argument("--category")
    listing.add_argument("--limit", type=int, default=50)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_case_list)
    return case_sub


def register_search(sub: Commands, options: Options) -> None:
    """Add ``search`` to the top-level commands."""
    find = sub.add_parser("search", help=_("查找案件"), parents=options)
    find.add_argument("text")
    find.add_argument("--limit", type=int, default=50)
    find.add_argument("--json", action="store_true")
    find.set_defaults(handler=cmd_search)
