"""``tiaojie org list|deactivate|activate`` and ``tiaojie region deactivate|activate``.

Scripts name organisations by code (``case assign --org``, ``case refer
--to``, ``user add --organisation``), so ``org list`` shows the codes; an
administrator sets aside an organisation or region entered by mistake
instead of deleting it, since old cases point at it.
"""

from __future__ import annotations

import argparse

from app import i18n
from app.cli.common import Commands, Options, acting_user, open_case_base, print_json
from app.domain.codes import ORG_KINDS, label
from app.domain.text import _


def cmd_org_list(args: argparse.Namespace) -> int:
    """Every organisation with its code, kind, region and load (inactive ones with --all)."""
    from app.services.organisations.queries import organisations

    with open_case_base(args) as db:
        rows = organisations(db, acting_user(db, args.user), include_inactive=args.all)
    if args.json:
        print_json([{"code": r.code, "name": r.name, "short_name": r.short_name,
                     "kind": r.kind, "region": r.region, "region_code": r.region_code,
                     "mediators": r.mediators, "open_cases": r.open_cases, "active": r.active}
                    for r in rows])
        return 0
    for r in rows:
        print("\t".join([r.code, r.name, label(ORG_KINDS, r.kind), r.region,
                         _("调解员 {n}").format(n=i18n.format_number(r.mediators)),
                         _("在办 {n}").format(n=i18n.format_number(r.open_cases)),
                         "" if r.active else _("已停用")]).rstrip("\t"))
    return 0


def _org_status(args: argparse.Namespace, active: bool) -> int:
    from app.services.organisations.status import set_organisation_active

    with open_case_base(args) as db:
        name = set_organisation_active(db, acting_user(db, args.user), args.code, active)
    print((_("已启用 {name}") if active else _("已停用 {name}")).format(name=name))
    return 0


def _region_status(args: argparse.Namespace, active: bool) -> int:
    from app.services.organisations.status import set_region_active

    with open_case_base(args) as db:
        name = set_region_active(db, acting_user(db, args.user), args.code, active)
    print((_("已启用 {name}") if active else _("已停用 {name}")).format(name=name))
    return 0


def cmd_org_deactivate(args: argparse.Namespace) -> int:
    """Set an organisation aside: it leaves pickers and routing, old cases keep it."""
    return _org_status(args, False)


def cmd_org_activate(args: argparse.Namespace) -> int:
    """Take a deactivated organisation back into use."""
    return _org_status(args, True)


def cmd_region_deactivate(args: argparse.Namespace) -> int:
    """Set a region aside (it must hold no active region or organisation)."""
    return _region_status(args, False)


def cmd_region_activate(args: argparse.Namespace) -> int:
    """Take a deactivated region back into use."""
    return _region_status(args, True)


def register(sub: Commands, options: Options) -> None:
    """Add the ``org`` and ``region`` groups to the top-level commands."""
    org = sub.add_parser("org", help=_("调解组织（代码、停用、启用）"), parents=options)
    org_sub = org.add_subparsers(dest="org_command", required=True)
    p = org_sub.add_parser("list", help=_("列出调解组织及其代码"), parents=options)
    p.add_argument("--json", action="store_true")
    p.add_argument("--all", action="store_true", help=_("包括已停用的组织"))
    p.set_defaults(handler=cmd_org_list)
    for name, handler, text in (("deactivate", cmd_org_deactivate, _("停用录错的调解组织")),
                                ("activate", cmd_org_activate, _("重新启用调解组织"))):
        p = org_sub.add_parser(name, help=text, parents=options)
        p.add_argument("code", metavar="CODE")
        p.set_defaults(handler=handler)
    region = sub.add_parser("region", help=_("行政区划（停用、启用）"), parents=options)
    region_sub = region.add_subparsers(dest="region_command", required=True)
    for name, handler, text in (("deactivate", cmd_region_deactivate, _("停用录错的行政区划")),
                                ("activate", cmd_region_activate, _("重新启用行政区划"))):
        p = region_sub.add_parser(name, help=text, parents=options)
        p.add_argument("code", metavar="CODE")
        p.set_defaults(handler=handler)
