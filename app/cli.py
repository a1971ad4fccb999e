"""The ``tiaojie`` command: the same services the GUI uses, for batch work and scripts.

Exit status: 0 success; 2 bad input or unusable database (one line on stderr,
nothing written); 1 a check that ran and failed (e.g. a broken audit chain).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import i18n
from app.config import SUPPORTED_LOCALES, Settings, resolve_db_url
from app.domain.codes import CATEGORIES, RISKS, ROLES, SOURCES, label
from app.domain.errors import DomainError
from app.domain.search_terms import probes_hidden_digits
from app.domain.text import _
from app.domain.workflow import STATUS_LABELS, CaseStatus
from app.store.database import Database

if TYPE_CHECKING:
    from app.services.cases.queries import CaseRow
    from app.services.security.users import UserInfo

Handler = Callable[[argparse.Namespace], int]


class UsageError(Exception):
    """Bad command-line input; reported in one line with exit status 2."""


def _open(args: argparse.Namespace) -> Database:
    from app.services.casebase.opening import open_database

    return open_database(resolve_db_url(args.db))


def cmd_init(args: argparse.Namespace) -> int:
    """Create or upgrade the database to this release's schema."""
    db = _open(args)
    from app.store import schema

    print(_("数据库已就绪：{name}（结构版本 {rev}）").format(
        name=db.display_name, rev=schema.current_revision(db.engine)))
    db.dispose()
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Fill an empty database with realistic synthetic cases."""
    from app.demo.generator import generate_demo

    if args.cases < 1:
        raise UsageError(_("--cases 必须是正整数"))
    db = _open(args)
    last = [-1]

    def progress(done: int, total: int) -> bool:
        percent = done * 100 // max(total, 1)
        if percent != last[0] and not args.quiet:
            print(f"\r{percent:3d}%", end="", file=sys.stderr, flush=True)
            last[0] = percent
        return True

    summary = generate_demo(db, cases=args.cases, seed=args.seed, progress=progress)
    if not args.quiet:
        print(file=sys.stderr)
    print(_("已生成演示数据：{cases} 件案件，{parties} 名当事人").format(
        cases=i18n.format_number(summary.cases), parties=i18n.format_number(summary.parties)))
    db.dispose()
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    """Prove that no audit entry was altered or removed."""
    from app.services.security.audit import verify

    db = _open(args)
    report = verify(db)
    db.dispose()
    if report.ok:
        print(_("审计链完整：已核验 {n} 条记录").format(n=i18n.format_number(report.checked)))
        return 0
    print(_("审计链在第 {id} 号记录处断开（此前 {n} 条完好）：该记录或其前一条已被篡改或删除")
          .format(id=report.broken_entry_id, n=report.checked), file=sys.stderr)
    return 1


def cmd_user_add(args: argparse.Namespace) -> int:
    """Create a login account."""
    from app.services.security.users import add_user

    db = _open(args)
    user = add_user(db, args.user, args.name, args.role, args.display_name, args.password)
    print(_("已创建用户 {login}（{role}）").format(login=user.login, role=user.role_label))
    db.dispose()
    return 0


def _viewer(db: Database, login: str) -> UserInfo:
    from app.services.security.users import get_user

    return get_user(db, login)


def cmd_case_add(args: argparse.Namespace) -> int:
    """Register one case from an intake JSON file (DESIGN §4)."""
    from app.domain.intake import check_intake
    from app.services.cases.intake import register_case

    try:
        data = json.loads(Path(args.file).read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(_("无法读取文件 {file}：{reason}").format(
            file=args.file, reason=exc.strerror)) from exc
    except ValueError as exc:
        raise UsageError(_("{file} 不是有效的 JSON：{reason}").format(
            file=args.file, reason=exc)) from exc
    check = check_intake(data)
    problems = check.errors + ([] if args.accept_warnings else check.warnings)
    if problems:
        raise problems[0]
    assert check.value is not None
    db = _open(args)
    result = register_case(db, args.user, check.value, _viewer(db, args.user).organisation_id)
    db.dispose()
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

    db = _open(args)
    detail = get_case(db, _viewer(db, args.user), args.number)
    db.dispose()
    if args.json:
        print_json(case_json(detail))
        return 0
    print(_("案号：{v}").format(v=detail.number))
    print(_("状态：{v}").format(v=_(STATUS_LABELS[CaseStatus(detail.status)])))
    print(_("受理：{v}，{org}").format(v=i18n.format_datetime(detail.received_at),
                                    org=detail.organisation))
    print(_("类型：{v}；来源：{s}；风险：{r}").format(
        v=label(CATEGORIES, detail.category), s=label(SOURCES, detail.source),
        r=label(RISKS, detail.risk)))
    agent = _("代理人")
    for p in detail.parties:
        role = label(ROLES, p.role) if p.role in ROLES else agent
        print(f"  {role}: {p.name}  {p.id_number or p.credit_code or ''}  {p.phone or ''}")
    print(_("纠纷事实：{v}").format(v=detail.facts))
    if detail.claims:
        print(_("请求事项：{v}").format(v=detail.claims))
    print(_("办理经过："))
    for event in detail.timeline:
        print(f"  {i18n.format_datetime(event.at)}  {event.who}  {event.text}")
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
    if args.limit < 1:
        raise UsageError(_("--limit 必须是正整数"))
    db = _open(args)
    rows = case_page(db, CaseFilter(status=args.status, category=args.category), 0, args.limit)
    db.dispose()
    return _print_case_rows(rows, args.json)


def cmd_search(args: argparse.Namespace) -> int:
    """Find cases by any fragment of number, name, ID, phone or facts, or pinyin initials."""
    from app.services.cases.queries import CaseFilter, case_page

    if not args.text.strip():
        raise UsageError(_("请输入要查找的内容"))
    if args.limit < 1:
        raise UsageError(_("--limit 必须是正整数"))
    db = _open(args)
    viewer = _viewer(db, args.user)
    if probes_hidden_digits(args.text) and not viewer.may_see_full_ids:
        raise UsageError(_("为保护个人信息，您的角色只能按完整的身份证号或手机号查找"))
    rows = case_page(db, CaseFilter(text=args.text, masked_viewer=not viewer.may_see_full_ids),
                     0, args.limit)
    db.dispose()
    return _print_case_rows(rows, args.json)


def cmd_user_passwd(args: argparse.Namespace) -> int:
    """Set an account's password (asked for the GUI sign-in from then on)."""
    import getpass

    from app.services.security.users import set_password

    password = args.password or getpass.getpass(_("新密码："))
    db = _open(args)
    set_password(db, args.user, args.name, password)
    db.dispose()
    print(_("已设置 {login} 的密码").format(login=args.name))
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    """Open the desktop window."""
    from app.ui.app import run_gui

    return run_gui(db_url=args.db, demo_if_empty=args.demo_if_empty, user=args.user_given,
                   locale=args.lang)


def _parser() -> argparse.ArgumentParser:
    def global_options(default: object) -> argparse.ArgumentParser:
        options = argparse.ArgumentParser(add_help=False, argument_default=default)
        options.add_argument("--db", metavar="URL",
                             help=_("数据库地址（SQLite 文件或 PostgreSQL）"))
        options.add_argument("--user", dest="user_given", metavar="LOGIN",
                             help=_("以哪个用户身份操作"))
        options.add_argument("--lang", choices=SUPPORTED_LOCALES, help=_("界面语言"))
        return options

    parser = argparse.ArgumentParser(prog="tiaojie", description=_("调解台：人民调解案件管理"),
                                     parents=[global_options(None)])
    common = [global_options(argparse.SUPPRESS)]
    sub = parser.add_subparsers(dest="command")

    gui = sub.add_parser("gui", help=_("打开图形界面"), parents=common)
    gui.add_argument("--demo-if-empty", action="store_true", help=_("数据库为空时填入演示数据"))
    gui.set_defaults(handler=cmd_gui)

    sub.add_parser("init", help=_("创建或升级数据库"), parents=common).set_defaults(
        handler=cmd_init)

    demo = sub.add_parser("demo", help=_("生成演示数据"), parents=common)
    demo.add_argument("--cases", type=int, default=2000)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--quiet", action="store_true")
    demo.set_defaults(handler=cmd_demo)

    audit = sub.add_parser("audit", help=_("审计记录"), parents=common)
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    audit_sub.add_parser("verify", help=_("核验审计链"), parents=common).set_defaults(
        handler=cmd_audit_verify)

    case = sub.add_parser("case", help=_("案件"), parents=common)
    case_sub = case.add_subparsers(dest="case_command", required=True)
    add_case = case_sub.add_parser("add", help=_("从 JSON 文件受理登记一件案件"), parents=common)
    add_case.add_argument("file")
    add_case.add_argument("--accept-warnings", action="store_true",
                          help=_("统一社会信用代码校验位不符时仍然登记"))
    add_case.add_argument("--json", action="store_true")
    add_case.set_defaults(handler=cmd_case_add)
    show = case_sub.add_parser("show", help=_("查看案件"), parents=common)
    show.add_argument("number")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=cmd_case_show)
    listing = case_sub.add_parser("list", help=_("列出案件"), parents=common)
    listing.add_argument("--status")
    listing.add_argument("--category")
    listing.add_argument("--limit", type=int, default=50)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_case_list)
    from app import cli_assignment

    cli_assignment.register(case_sub, common)
    from app import cli_mediation

    cli_mediation.register(sub, case_sub, common)

    find = sub.add_parser("search", help=_("查找案件"), parents=common)
    find.add_argument("text")
    find.add_argument("--limit", type=int, default=50)
    find.add_argument("--json", action="store_true")
    find.set_defaults(handler=cmd_search)

    user = sub.add_parser("user", help=_("用户管理"), parents=common)
    user_sub = user.add_subparsers(dest="user_command", required=True)
    add = user_sub.add_parser("add", help=_("新建用户"), parents=common)
    add.add_argument("name")
    add.add_argument("--role", required=True)
    add.add_argument("--display-name")
    add.add_argument("--password")
    add.set_defaults(handler=cmd_user_add)
    passwd = user_sub.add_parser("passwd", help=_("设置密码"), parents=common)
    passwd.add_argument("name")
    passwd.add_argument("--password")
    passwd.set_defaults(handler=cmd_user_passwd)

    from app.cli_meetings import add_meeting_commands

    add_meeting_commands(sub, common)
    from app.cli_documents import add_doc_commands, add_minutes_command

    add_doc_commands(sub, common)
    add_minutes_command(sub, common)  # last: joins a ``meeting`` command added above
    return parser




def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``tiaojie`` console script."""
    settings = Settings.load()
    raw = list(sys.argv[1:] if argv is None else argv)
    lang = _peek_lang(raw) or settings.locale
    i18n.activate(lang)
    parser = _parser()
    try:
        args = parser.parse_args(raw)
    except SystemExit as exc:
        return int(exc.code or 0)
    args.lang = args.lang or settings.locale
    args.user = args.user_given or settings.user
    handler: Handler = getattr(args, "handler", cmd_gui)
    if not hasattr(args, "demo_if_empty"):
        args.demo_if_empty = False
    try:
        return handler(args)
    except (DomainError, UsageError) as exc:
        field = getattr(exc, "field", None)
        message = f"{field}: {exc}" if field else str(exc)
        print(_one_line(message), file=sys.stderr)
        return 2


def gui_main() -> int:
    """Entry point of the ``tiaojie-gui`` launcher (no console on Windows)."""
    return main(["gui"])


def _peek_lang(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _one_line(message: str) -> str:
    return " ".join(message.split())


def print_json(data: Any) -> None:
    """Machine-readable output for ``--json``: UTF-8, stable key order."""
    print(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str))
