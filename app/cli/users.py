"""``tiaojie user add|passwd``: accounts from a script, e.g. when setting up a new centre."""

from __future__ import annotations

import argparse

from app.cli.common import Commands, Options, acting_user, open_case_base
from app.domain.text import _


def cmd_user_add(args: argparse.Namespace) -> int:
    """Create a login account."""
    from app.services.security.users import add_user

    with open_case_base(args) as db:
        actor = acting_user(db, args.user, unknown_ok=True)
        user = add_user(db, actor, args.name, args.role, args.display_name, args.password)
    print(_("已创建用户 {login}（{role}）").format(login=user.login, role=user.role_label))
    return 0


def cmd_user_passwd(args: argparse.Namespace) -> int:
    """Set an account's password (asked for the GUI sign-in from then on)."""
    import getpass

    from app.services.security.users import set_password

    password = args.password or getpass.getpass(_("新密码："))
    with open_case_base(args) as db:
        set_password(db, acting_user(db, args.user, unknown_ok=True), args.name, password)
    print(_("已设置 {login} 的密码").format(login=args.name))
    return 0


def register(sub: Commands, options: Options) -> None:
    """Add the ``user`` group to the top-level commands."""
    user = sub.add_parser("user", help=_("用户管理"), parents=options)
    user_sub = user.add_subparsers(dest="user_command", required=True)
    add = user_sub.add_parser("add", help=_("新建用户"), parents=options)
    add.add_argument("name")
    add.add_argument("--role", required=True)
    add.add_argument("--display-name")
    add.add_argument("--password")
    add.set_defaults(handler=cmd_user_add)
    passwd = user_sub.add_parser("passwd", help=_("设置密码"), parents=options)
    passwd.add_argument("name")
    passwd.add_argument("--password")
    passwd.set_defaults(handler=cmd_user_passwd)
