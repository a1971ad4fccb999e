"""``tiaojie audit verify [--deep]``: prove from a script that the audit trail is intact.

Exit status 1 (not 2) when the check finds tampering or a damaged file: the
check ran and found something, which a scheduled job must tell apart from a
bad command line.  Each problem is one line on standard error.
"""

from __future__ import annotations

import argparse
import sys

from app import i18n
from app.cli.common import Commands, Options, acting_user, one_line, open_case_base
from app.domain.text import _


def cmd_audit_verify(args: argparse.Namespace) -> int:
    """Check the file, every entry, every chain's end and (``--deep``) every row."""
    from app.services.security.audit import report_lines, verify

    with open_case_base(args) as db:
        report = verify(db, acting_user(db, args.user), deep=args.deep)
    for note in report.notes:
        print(one_line(note))
    if report.ok:
        print(_("审计链完整：已核验 {n} 条记录").format(n=i18n.format_number(report.checked)))
        if report.deep is not None:
            print(_("逐行比对 {n} 行，均与最后一次审计记录一致").format(
                n=i18n.format_number(report.deep.rows)))
        return 0
    for line in report_lines(report):
        print(one_line(line), file=sys.stderr)
    return 1


def register(sub: Commands, options: Options) -> None:
    """Add the ``audit`` group to the top-level commands."""
    audit = sub.add_parser("audit", help=_("审计记录"), parents=options)
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    verify = audit_sub.add_parser("verify", help=_("核验审计链"), parents=options)
    verify.add_argument("--deep", action="store_true",
                        help=_("再逐行比对数据与最后一次审计记录，找出绕过程序的改动"))
    verify.set_defaults(handler=cmd_audit_verify)
