"""``tiaojie meeting list``: the 村民说事 register for scripts and county reports.

The ``meeting`` group is created here; :func:`register` returns its
subcommands so that ``meeting minutes`` (a document, built with the other
documents) is added to the same group.
"""

from __future__ import annotations

import argparse

from app import i18n
from app.cli.common import Commands, Options, acting_user, open_case_base, print_json
from app.domain.codes import label
from app.domain.meeting_codes import MEETING_KINDS
from app.domain.text import _


def cmd_meeting_list(args: argparse.Namespace) -> int:
    """List meetings, most recent first: all, or of one village (or every village of a town)."""
    from app.services.meetings.queries import meetings, region_meetings

    with open_case_base(args) as db:
        actor = acting_user(db, args.user)
        rows = (region_meetings(db, actor, args.village) if args.village
                else meetings(db, actor))
    if args.json:
        print_json([{"id": r.id, "village": r.village, "village_code": r.village_code,
                     "held_at": r.held_at.strftime("%Y-%m-%dT%H:%M"), "kind": r.kind,
                     "venue": r.venue or None, "host": r.host or None, "items": r.items,
                     "open_items": r.open_items} for r in rows])
        return 0
    for r in rows:
        print(f"{r.id}\t{i18n.format_datetime(r.held_at)}\t{r.village}\t"
              f"{label(MEETING_KINDS, r.kind)}\t"
              + _("事项 {n} 件，未办结 {o} 件").format(n=r.items, o=r.open_items))
    if not rows:
        print(_("没有说事会记录"))
    return 0


def register(sub: Commands, options: Options) -> Commands:
    """Add the ``meeting`` group with ``list``; return its subcommands."""
    meeting = sub.add_parser("meeting", help=_("村民说事"), parents=options)
    meeting_sub = meeting.add_subparsers(dest="meeting_command", required=True)
    listing = meeting_sub.add_parser("list", help=_("列出说事会"), parents=options)
    listing.add_argument("--village", metavar="CODE",
                         help=_("村（社区）代码；填乡镇（街道）代码则列出其下各村"))
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_meeting_list)
    return meeting_sub
