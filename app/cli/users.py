"""``tiaojie user add|passwd``: accounts from a script, e.g. when setting up a new centre.

These are the setup commands: they still run on a real case base whose
administrator has no password yet, so that ``user passwd admin`` can give
it one.  A new password obeys app.domain.passwords; it comes from
``--password``, else is typed twice at a terminal, else is the next line of
standard input (after the acting password when ``--password-stdin`` is given).
"""

from __future__ import annotations

import argparse
import sys

from app.cli.common import (
    Commands,
    Options,
    UsageError,
    acting_user,
    open_case_base,
    prompt_password,
)
from app.domain.text import _


def cmd_user_add(args: argparse.Namespace) -> int:
    """Create a login account."""
    from app.domain.passwords import check_password
    from app.services.organisations.queries import organisation_id_for_code
    from app.services.security.users import add_user

    if args.password is not None:
        check_password(args.password)
    with open_case_base(args) as db:
        actor = acting_user(db, args.user, setup=True)
        organisation_id = None
        if args.organisation:
            organisation_id = organisation_id_for_code(db, actor, args.organisation)
            if organisation_id is None:
                raise UsageError(_("未知的调解组织代码“{code}”").format(code=args.organisation))
        user = add_user(db, actor, args.name, args.role, args.display_name, args.password,
                        organisation_id, args.case_role)
    print(_("已创建用户 {login}（{role}）").format(login=user.login, role=user.role_label))
    return 0


def cmd_user_passwd(args: argparse.Namespace) -> int:
    """Set an account's password (asked at every sign-in from then on)."""
    from app.services.security.users import set_password

    with open_case_base(args) as db:
        actor = acting_user(db, args.user, setup=True)
        password = args.password if args.password is not None else _new_password()
        set_password(db, actor, args.name, password)
    print(_("已设置 {login} 的密码").format(login=args.name))
    return 0


def _new_password() -> str:
    """The new password typed twice at a terminal, or the next line of standard input."""
    if not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise UsageError(_("没有给出新密码：请用 --password，或在标准输入中给出"))
        return password
    password = prompt_password(_("新密码："))
    if prompt_password(_("再输入一次新密码：")) != password:
        raise UsageError(_("两次输入的新密码不一致"))
    return password


def register(sub: Commands, options: Options) -> None:
    """Add the ``user`` group to the top-level commands."""
    user = sub.add_parser("user", help=_("用户管理"), parents=options)
    user_sub = user.add_subparsers(dest="user_command", required=True)
    add = user_sub.add_parser("add", help=_("新建用户"), parents=options)
    add.add_argument("name")
    add.add_argument("--role", required=True)
    add.add_argument("--display-name")
    add.add_argument("--password", help=_("至少 8 个字符，同时包含字母和数字"))
    add.add_argument("--organisation", metavar="CODE",
                     help=_("所属调解组织代码：只能查看和办理本辖区的案件"))
    add.add_argument("--case-role", help=_("系统管理员另兼的办案角色，如 director"))
    add.set_defaults(handler=cmd_user_add)
    passwd = user_sub.add_parser("passwd", help=_("设置密码"), parents=options)
    passwd.add_argument("name")
    passwd.add_argument("--password", help=_("不给出时在终端输入两次，或读标准输入的下一行"))
    passwd.set_defaults(handler=cmd_user_passwd)
