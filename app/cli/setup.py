"""``tiaojie setup FILE``: set up a real office's own, empty case base from a small TOML file.

The file lists the office's regions, organisations (kinds, case-number
patterns), mediators and accounts (resources/setup/example.toml shows every
key).  Everything is written in one transaction or nothing is.  The
administrator's new password comes from the file's ``[admin] password``,
else is typed twice at a terminal, else is the next line of standard input.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

from app import i18n
from app.cli.common import (
    Commands,
    Options,
    UsageError,
    acting_user,
    open_case_base,
    prompt_password,
)
from app.domain.text import _


def _read(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except FileNotFoundError:
        raise UsageError(_("找不到文件：{path}").format(path=path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(_("无法读取文件 {path}：{reason}").format(path=path, reason=exc)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(_("设置文件 {path} 的格式有误：{reason}").format(
            path=path, reason=exc)) from exc


def _new_password() -> str:
    """The administrator's new password typed twice at a terminal, or the next line of stdin."""
    if not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise UsageError(_("没有给出系统管理员的密码：请写在设置文件的 [admin] password 中，"
                               "或在标准输入中给出"))
        return password
    password = prompt_password(_("系统管理员 admin 的新密码："))
    if prompt_password(_("再输入一次新密码：")) != password:
        raise UsageError(_("两次输入的新密码不一致"))
    return password


def cmd_setup(args: argparse.Namespace) -> int:
    """Check the file, then write the office's network, accounts and admin password at once."""
    from dataclasses import replace

    from app.domain.office_setup import check_setup
    from app.domain.office_setup_file import setup_from_mapping
    from app.services.casebase.divisions import divisions_by_code
    from app.services.casebase.setup import admin_has_password, set_up_office

    setup = check_setup(setup_from_mapping(_read(Path(args.file)), divisions_by_code()),
                        need_password=False)
    with open_case_base(args) as db:
        actor = acting_user(db, args.user, setup=True)
        if setup.admin_password is None and not admin_has_password(db, actor):
            setup = replace(setup, admin_password=_new_password())
        summary = set_up_office(db, actor, setup)
    print(_("已设置本单位：{regions} 个行政区划、{orgs} 个调解组织、{mediators} 名调解员、"
            "{accounts} 个账号").format(
        regions=i18n.format_number(summary.regions), orgs=i18n.format_number(summary.organisations),
        mediators=i18n.format_number(summary.mediators),
        accounts=i18n.format_number(summary.accounts)))
    print(_("组织代码（case assign --org、case refer --to 用）：{codes}").format(
        codes="、".join(o.code for o in setup.organisations)))
    return 0


def register(sub: Commands, options: Options) -> None:
    """Add ``setup`` to the top-level commands."""
    setup = sub.add_parser("setup", help=_("用设置文件建立本单位的数据库（行政区划、调解组织、"
                                           "调解员、账号）"), parents=options)
    setup.add_argument("file", metavar="FILE", help=_("TOML 设置文件，参见 "
                                                      "resources/setup/example.toml"))
    setup.set_defaults(handler=cmd_setup)
