"""``tiaojie case session|close|prevented|extend|archive|reopen`` and ``tiaojie overdue``.

The same services the case detail window calls, for scripts and batch work.
Bad input — an unknown case, an illegal move, a malformed date — exits 2
with one line on stderr, and the service's single transaction means nothing
was written.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime
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
)
from app.domain.closing import CLOSE_OUTCOMES, FILE_QUALITY, GUIDANCE
from app.domain.errors import ValidationError
from app.domain.prevention import PREVENTION_KINDS, parse_prevention
from app.domain.text import _
from app.domain.workflow import STATUS_LABELS, CaseStatus

if TYPE_CHECKING:
    from app.services.casebase.opening import Database
    from app.services.security.users import UserInfo


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(_("{option} 应为日期，例如 2026-12-01").format(option=option)) from None


def _moment(text: str | None) -> datetime:
    if text is None:
        return datetime.now().replace(second=0, microsecond=0)
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(_("--at 应为日期时间，例如 2026-12-01T09:30")) from None


def _case_id(db: Database, actor: UserInfo, number: str) -> int:
    from app.services.cases.progress import case_id_for

    return case_id_for(db, actor, number)


def cmd_session(args: argparse.Namespace) -> int:
    """Record one 调解记录; an assigned case enters mediation with it."""
    from app.services.mediation.sessions import SessionInput, record_session

    entry = SessionInput(
        held_at=_moment(args.at), record=args.record, place=args.place,
        mediators=args.mediators, recorder=args.recorder, attendees=args.attendees,
        proposals=args.proposals, next_step=args.next_step, rights_read=args.rights_read,
        sides_confirmed=args.sides_confirmed)
    with open_case_base(args) as db:
        actor = acting_user(db, args.user)
        saved = record_session(db, actor, _case_id(db, actor, args.number), entry)
    print(_("已记录第 {n} 次调解：{number}").format(n=saved.ordinal, number=args.number))
    return 0


def cmd_close(args: argparse.Namespace) -> int:
    """End mediation without agreement (with guidance) or record a withdrawal."""
    from app.services.mediation.sessions import close_without_agreement

    on = _day(args.on, "--on")
    with open_case_base(args) as db:
        actor = acting_user(db, args.user)
        closed = close_without_agreement(db, actor, _case_id(db, actor, args.number),
                                         args.outcome, args.reason or "", args.guidance, on,
                                         _preventions(args.prevented))
    print(_("{number}：{status}").format(
        number=args.number, status=_(STATUS_LABELS[CaseStatus(closed.status)])))
    return 0


def _preventions(items: list[str] | None) -> dict[str, int]:
    """``--prevented KIND:PEOPLE`` options as kind → people; a kind given twice is an error."""
    found: dict[str, int] = {}
    for item in items or []:
        kind, people = parse_prevention(item)
        if kind in found:
            raise ValidationError(_("防止类型“{kind}”重复").format(kind=kind), "preventions")
        found[kind] = people
    return found


def cmd_prevented(args: argparse.Namespace) -> int:
    """Record what a concluded mediation prevented (replaces what was recorded before)."""
    from app.services.mediation.preventions import record_preventions

    if not args.prevented and not args.none:
        raise ValidationError(_("请用 --prevented 类型:人数 登记防止结果，或用 --none 清除"),
                              "preventions")
    wanted = _preventions(args.prevented)
    with open_case_base(args) as db:
        actor = acting_user(db, args.user)
        stored = record_preventions(db, actor, _case_id(db, actor, args.number), wanted)
    listed = "；".join(_("{label} {people} 人").format(label=_(PREVENTION_KINDS[k]), people=n)
                      for k, n in stored.items())
    print(_("{number}：{outcomes}").format(number=args.number,
                                          outcomes=listed or _("未登记防止结果")))
    return 0


def cmd_extend(args: argparse.Namespace) -> int:
    """Extend a running case's deadline with reason and approver."""
    from app.services.mediation.deadlines import extend_deadline

    new = _day(args.to, "--to")
    assert new is not None
    with open_case_base(args) as db:
        actor = acting_user(db, args.user)
        extension = extend_deadline(db, actor, _case_id(db, actor, args.number), new,
                                    args.reason, args.approver, args.requested_by)
    print(_("{number}：办理期限延长至 {date}").format(
        number=args.number, date=i18n.format_date(extension.new_deadline)))
    return 0


def cmd_archive(args: argparse.Namespace) -> int:
    """File a finished case under its dossier number."""
    from app.services.cases.progress import case_progress
    from app.services.mediation.archive import archive_case

    on = _day(args.on, "--on")
    with open_case_base(args) as db:
        actor = acting_user(db, args.user)
        case_id = _case_id(db, actor, args.number)
        progress = case_progress(db, actor, case_id)
        summary = args.summary or progress.outcome_reason or _(
            STATUS_LABELS[CaseStatus(progress.status)])
        archived = archive_case(db, actor, case_id, args.location, args.quality, summary, on)
    print(_("{number} 已归档，档案号 {archive}").format(number=args.number,
                                                   archive=archived.archive_number))
    return 0


def cmd_reopen(args: argparse.Namespace) -> int:
    """Reopen an archived case (administrators only)."""
    from app.services.mediation.archive import reopen_case

    with open_case_base(args) as db:
        actor = acting_user(db, args.user)
        status = reopen_case(db, actor, _case_id(db, actor, args.number), args.reason)
    print(_("{number} 已重新打开：{status}").format(
        number=args.number, status=_(STATUS_LABELS[CaseStatus(status)])))
    return 0


def cmd_overdue(args: argparse.Namespace) -> int:
    """Cases still being mediated whose deadline has passed, most overdue first."""
    from app.services.mediation.dashboard import overdue_cases

    check_limit(args.limit)
    today = _day(args.today, "--today") or date.today()
    with open_case_base(args) as db:
        found = overdue_cases(db, acting_user(db, args.user), today, args.limit)
    if args.json:
        print_json([{"number": r.number, "status": r.status, "deadline": r.deadline,
                     "days_overdue": (today - r.deadline).days if r.deadline else None,
                     "organisation": r.organisation, "mediator": r.mediator, "risk": r.risk}
                    for r in found.rows])
        return 0
    for r in found.rows:
        late = (today - r.deadline).days if r.deadline else 0
        print(f"{r.number}\t{i18n.format_date(r.deadline)}\t"
              + _("超期 {n} 天").format(n=late) + f"\t{r.organisation}\t{r.mediator or ''}")
    print(_("共 {n} 件超期").format(n=i18n.format_number(found.total)))
    return 0


def register(case_sub: Commands, options: Options) -> None:
    """Add the mediation steps to the ``case`` group."""
    session = case_sub.add_parser("session", help=_("记录一次调解"), parents=options)
    session.add_argument("number")
    session.add_argument("--record", required=True, help=_("调解经过"))
    session.add_argument("--at", help=_("调解时间，如 2026-12-01T09:30（默认现在）"))
    for option in ("--place", "--mediators", "--recorder", "--attendees", "--proposals",
                   "--next-step"):
        session.add_argument(option)
    session.add_argument("--rights-read", action="store_true", help=_("已告知权利义务"))
    session.add_argument("--sides-confirmed", action="store_true", help=_("各方已确认记录"))
    session.set_defaults(handler=cmd_session)

    close = case_sub.add_parser("close", help=_("调解不成或撤回"), parents=options)
    close.add_argument("number")
    close.add_argument("--outcome", required=True, help=" | ".join(CLOSE_OUTCOMES))
    close.add_argument("--reason")
    close.add_argument("--guidance", help=" | ".join(GUIDANCE))
    close.add_argument("--on", help=_("结案日期（默认今天）"))
    close.add_argument("--prevented", action="append", metavar="KIND:PEOPLE",
                       help=_("防止结果及涉及人数，可重复：{kinds}").format(
                           kinds=" | ".join(PREVENTION_KINDS)))
    close.set_defaults(handler=cmd_close)
    prevented = case_sub.add_parser("prevented", help=_("登记调解结束案件的防止结果"),
                                    parents=options)
    prevented.add_argument("number")
    prevented.add_argument("--prevented", action="append", metavar="KIND:PEOPLE",
                           help=_("防止结果及涉及人数，可重复：{kinds}").format(
                               kinds=" | ".join(PREVENTION_KINDS)))
    prevented.add_argument("--none", action="store_true", help=_("清除已登记的防止结果"))
    prevented.set_defaults(handler=cmd_prevented)

    extend = case_sub.add_parser("extend", help=_("延长办理期限"), parents=options)
    extend.add_argument("number")
    extend.add_argument("--to", required=True)
    extend.add_argument("--reason", required=True)
    extend.add_argument("--approver", required=True)
    extend.add_argument("--requested-by")
    extend.set_defaults(handler=cmd_extend)

    archive = case_sub.add_parser("archive", help=_("归档"), parents=options)
    archive.add_argument("number")
    archive.add_argument("--location", default=_("本组织档案室"))
    archive.add_argument("--quality", default="qualified", help=" | ".join(FILE_QUALITY))
    archive.add_argument("--summary", help=_("结案报告（默认用结案原因）"))
    archive.add_argument("--on", help=_("归档日期（默认今天）"))
    archive.set_defaults(handler=cmd_archive)

    reopen = case_sub.add_parser("reopen", help=_("重新打开已归档案件（管理员）"),
                                 parents=options)
    reopen.add_argument("number")
    reopen.add_argument("--reason", required=True)
    reopen.set_defaults(handler=cmd_reopen)


def register_overdue(sub: Commands, options: Options) -> None:
    """Add ``overdue`` to the top-level commands."""
    overdue = sub.add_parser("overdue", help=_("列出超期案件"), parents=options)
    overdue.add_argument("--today", help=_("按哪一天计算（默认今天）"))
    overdue.add_argument("--limit", type=int, default=200)
    overdue.add_argument("--json", action="store_true")
    overdue.set_defaults(handler=cmd_overdue)
