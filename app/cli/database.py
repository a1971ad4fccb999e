"""``tiaojie init`` and ``tiaojie demo``: the life of the case base itself.

``init`` creates or upgrades the schema (opening does that) and is the one
command that creates the missing folders of a new SQLite file (``0700``);
``demo`` fills an empty case base with synthetic cases for training and
trying things out.
"""

from __future__ import annotations

import argparse
import sys

from app import i18n
from app.cli.common import Commands, Options, UsageError, open_case_base
from app.domain.text import _


def cmd_init(args: argparse.Namespace) -> int:
    """Create or upgrade the database to this release's schema (and a SQLite file's folders)."""
    from app.services.casebase.opening import schema_revision

    with open_case_base(args, create_folder=True) as db:
        print(_("数据库已就绪：{name}（结构版本 {rev}）").format(
            name=db.display_name, rev=schema_revision(db)))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Fill an empty database with realistic synthetic cases."""
    from app.demo.generator import generate_demo

    if args.cases < 1:
        raise UsageError(_("--cases 必须是正整数"))
    last = [-1]

    def progress(done: int, total: int) -> bool:
        percent = done * 100 // max(total, 1)
        if percent != last[0] and not args.quiet:
            print(f"\r{percent:3d}%", end="", file=sys.stderr, flush=True)
            last[0] = percent
        return True

    with open_case_base(args) as db:
        summary = generate_demo(db, cases=args.cases, seed=args.seed, progress=progress)
    if not args.quiet:
        print(file=sys.stderr)
    print(_("已生成演示数据：{cases} 件案件，{parties} 名当事人").format(
        cases=i18n.format_number(summary.cases), parties=i18n.format_number(summary.parties)))
    return 0


def register(sub: Commands, options: Options) -> None:
    """Add ``init`` and ``demo`` to the top-level commands."""
    sub.add_parser("init", help=_("创建或升级数据库"), parents=options).set_defaults(
        handler=cmd_init)

    demo = sub.add_parser("demo", help=_("生成演示数据"), parents=options)
    demo.add_argument("--cases", type=int, default=2000)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--quiet", action="store_true")
    demo.set_defaults(handler=cmd_demo)
