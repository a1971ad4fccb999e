"""``tiaojie audit verify``: prove from a script that the audit trail is intact.

Exit status 1 (not 2) when the chain is broken: the check ran and found
tampering, which a scheduled job must tell apart from a bad command line.
"""

from __future__ import annotations

import argparse
import sys

from app import i18n
from app.cli.common import Commands, Options, acting_user, open_case_base
from app.domain.text import _


def cmd_audit_verify(args: argparse.Namespace) -> int:
    """Prove that no audit entry was altered or removed."""
    from app.services.security.audit import verify

    with open_case_base(args) as db:
        report = verify(db, acting_user(db, args.user, unknown_ok=True))
    if report.ok:
        print(_("审计链完整：已核验 {n} 条记录").format(n=i18n.format_number(report.checked)))
        return 0
    print(_("审计链在第 {id} 号记录处断开（此前 {n} 条完好）：该记录或其前一条已被篡改或删除")
          .format(id=report.broken_entry_id, n=report.checked), file=sys.stderr)
    return 1


def register(sub: Commands, options: Options) -> None:
    """Add the ``audit`` group to the top-level commands."""
    audit = sub.add_parser("audit", help=_("审计记录"), parents=options)
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    audit_sub.add_parser("verify", help=_("核验审计链"), parents=options).set_defaults(
        handler=cmd_audit_verify)
