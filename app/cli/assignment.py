"""``tiaojie case assign / refer / accept / return / withdraw-referral / recommend``.

Routing from scripts, through the same services as the GUI's assignment and
referral dialogs.  Mediators are named by id or by name (a name two
mediators share must be given as an id); organisations by the code
``recommend`` and ``org list`` show (or a name only one organisation has).
Bad input exits 2 with one line and writes nothing, like every other command.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.cli.common import Commands, Options, UsageError, acting_user, open_case_base, print_json
from app.domain.codes import MEDIATION_TYPES, label
from app.domain.errors import ValidationError
from app.domain.referrals import REFERABLE_KINDS, REFERRAL_KINDS
from app.domain.text import _

if TYPE_CHECKING:
    from app.services.casebase.opening import Database
    from app.services.security.users import UserInfo


def _organisation(db: Database, actor: UserInfo, code: str, option: str) -> int:
    from app.services.organisations.queries import organisation_id_for_code

    found = organisation_id_for_code(db, actor, code)
    if found is None:
        raise ValidationError(_("未知的调解组织代码“{code}”：tiaojie org list 列出可用的代码")
                              .format(code=code), option)
    return found


def _mediator(db: Database, actor: UserInfo, key: str) -> int:
    from app.services.organisations.queries import active_mediator_ids

    if key.isdigit():
        return int(key)
    ids = active_mediator_ids(db, actor, key)
    if len(ids) != 1:
        raise ValidationError(
            _("没有名为“{name}”的在职调解员").format(name=key) if not ids else
            _("有 {n} 名调解员叫“{name}”：请改用编号").format(n=len(ids), name=key), "--mediator")
    return ids[0]


def cmd_assign(args: argparse.Namespace) -> int:
    """Assign a case to an organisation and (optionally) its mediators."""
    from app.services.assignment.assign import assign

    with open_case_base(args) as db:
        actor = acting_user(db, args.user)
        org = _organisation(db, actor, args.org, "--org")
        mediators = [_mediator(db, actor, m) for m in args.mediator or []]
        lead = _mediator(db, actor, args.lead) if args.lead else None
        if lead is not None and lead not in mediators:
            mediators.insert(0, lead)
        result = assign(db, actor, args.number, org, mediators, lead,
                        args.type, args.reason or "", args.supervised, args.accept_conflicts)
    print(_("已指派 {number} 至 {org}{who}{pending}").format(
        number=result.number, org=result.organisation,
        who=_("，调解员：{names}").format(names="、".join(result.mediators))
        if result.mediators else "",
        pending=_("（待接收）") if result.pending else ""))
    return 0


def cmd_refer(args: argparse.Namespace) -> int:
    """Pass a case to another organisation or an outside body (or record one passing it in)."""
    from app.services.assignment.referrals import refer

    if bool(args.to) == bool(args.external):
        raise UsageError(_("请用 --to 指定调解组织，或用 --external 指定外部机关（二选一）"))
    with open_case_base(args) as db:
        actor = acting_user(db, args.user)
        target = _organisation(db, actor, args.to, "--to") if args.to else None
        result = refer(db, actor, args.number, args.reason, target,
                       args.external, args.kind)
    print(_("已流转 {number}：{kind} → {to}{pending}").format(
        number=result.number, kind=label(REFERRAL_KINDS, result.kind), to=result.to,
        pending=_("（待接收）") if result.pending else ""))
    return 0


def cmd_accept(args: argparse.Namespace) -> int:
    """The receiving organisation accepts the pending assignment or referral."""
    from app.services.assignment.referrals import decide

    with open_case_base(args) as db:
        decide(db, acting_user(db, args.user), args.number, True)
    print(_("已接收 {number}").format(number=args.number))
    return 0


def cmd_return(args: argparse.Namespace) -> int:
    """Send back what is pending, or record that an outside body returned the case."""
    from app.services.assignment.referrals import decide, return_from_outside
    from app.services.assignment.state import case_routing

    with open_case_base(args) as db:
        actor = acting_user(db, args.user)
        if case_routing(db, actor, args.number).pending is not None:
            decide(db, actor, args.number, False, args.reason)
        else:
            return_from_outside(db, actor, args.number, args.reason)
    print(_("已退回 {number}").format(number=args.number))
    return 0


def cmd_withdraw(args: argparse.Namespace) -> int:
    """Take back an assignment or referral entered by mistake, before it is accepted."""
    from app.services.assignment.referrals import withdraw

    with open_case_base(args) as db:
        withdraw(db, acting_user(db, args.user), args.number, args.reason)
    print(_("已撤回 {number} 的指派或流转").format(number=args.number))
    return 0


def cmd_recommend(args: argparse.Namespace) -> int:
    """Show the recommended mediation type, organisations (with codes) and mediators."""
    from app.services.assignment.recommendation import recommend
    from app.services.organisations.queries import organisation_codes

    with open_case_base(args) as db:
        actor = acting_user(db, args.user)
        rec = recommend(db, actor, args.number)
        codes = organisation_codes(db, actor, [o.id for o in rec.organisations])
    if args.json:
        print_json({
            "number": rec.number, "mediation_type": rec.mediation_type,
            "supervised": rec.supervised, "rule": rec.rule_id, "reasons": list(rec.reasons),
            "organisations": [{"id": o.id, "code": codes.get(o.id, ""), "name": o.name,
                               "kind": o.kind, "reasons": list(o.reasons)}
                              for o in rec.organisations],
            "mediators": [{"id": m.id, "name": m.name, "organisation": m.organisation,
                           "open_cases": m.open_cases, "reasons": list(m.reasons)}
                          for m in rec.mediators],
            "conflicted": [{"id": m.id, "name": m.name, "conflicts": list(m.conflicts)}
                           for m in rec.conflicted],
        })
        return 0
    print(_("{number} 的分流推荐：").format(number=rec.number))
    for reason in rec.reasons:
        print(f"  {reason}")
    print(_("推荐调解组织（方括号内为 case assign --org、case refer --to 用的代码）："))
    for o in rec.organisations[:5]:
        print(f"  [{codes.get(o.id, '')}] " + _("{name}：{why}").format(
            name=o.name, why=_("；").join(o.reasons)))
    print(_("推荐调解员："))
    for m in rec.mediators[:8]:
        print(f"  [{m.id}] " + _("{name}（{organisation}）：{why}").format(
            name=m.name, organisation=m.organisation, why=_("；").join(m.reasons)))
    for m in rec.conflicted:
        print(_("  应回避：{name}：{why}").format(name=m.name, why=_("；").join(m.conflicts)))
    return 0


def register(case_sub: Commands, options: Options) -> None:
    """Add the routing commands under ``tiaojie case``."""
    p = case_sub.add_parser("assign", help=_("分流指派"), parents=options)
    p.add_argument("number")
    p.add_argument("--org", required=True,
                   help=_("接收的调解组织代码（见 case recommend 或 org list）"))
    p.add_argument("--mediator", action="append", help=_("调解员编号或姓名，可多次使用"))
    p.add_argument("--lead", help=_("主办调解员（默认第一名）"))
    p.add_argument("--type", help=_("调解类型：{keys}").format(keys=", ".join(MEDIATION_TYPES)))
    p.add_argument("--reason")
    p.add_argument("--supervised", action="store_true", help=_("挂牌督办"))
    p.add_argument("--accept-conflicts", action="store_true",
                   help=_("已知悉应当回避的情形，仍然指派"))
    p.set_defaults(handler=cmd_assign)
    p = case_sub.add_parser("refer", help=_("流转（上报、下派、移交、移送外部机关）"),
                            parents=options)
    p.add_argument("number")
    p.add_argument("--to", help=_("接收的调解组织代码（见 case recommend 或 org list）"))
    p.add_argument("--external", help=_("外部机关名称（法院、公安、信访、行政部门）"))
    p.add_argument("--reason", required=True)
    p.add_argument("--kind", help=_("流转类型：{keys}").format(keys=", ".join(REFERABLE_KINDS)))
    p.set_defaults(handler=cmd_refer)
    p = case_sub.add_parser("accept", help=_("接收待接收的指派或流转"), parents=options)
    p.add_argument("number")
    p.set_defaults(handler=cmd_accept)
    p = case_sub.add_parser("return", help=_("退回指派或流转；或登记外部机关退回"),
                            parents=options)
    p.add_argument("number")
    p.add_argument("--reason", required=True)
    p.set_defaults(handler=cmd_return)
    p = case_sub.add_parser("withdraw-referral", help=_("撤回录错的指派或流转（对方接收前）"),
                            parents=options)
    p.add_argument("number")
    p.add_argument("--reason", required=True)
    p.set_defaults(handler=cmd_withdraw)
    p = case_sub.add_parser("recommend", help=_("查看分流推荐及理由"), parents=options)
    p.add_argument("number")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_recommend)
