"""``tiaojie meeting …``: the 村民说事 register for scripts and county reports (DESIGN §4).

The ``meeting`` command group is built here so that every meeting
subcommand lives next to its siblings: :func:`add_meeting_commands` returns
the group's sub-parser collection and further subcommands (such as
``meeting minutes``) are added to it the same way ``list`` is.
"""

from __future__ import annotations

import argparse
from typing import Any

from app import i18n
from app.cli import _open, print_json
from app.domain.codes import label
from app.domain.meeting_codes import MEETING_KINDS
from app.domain.text import _


def cmd_meeting_list(args: argparse.Namespace) -> int:
    """List meetings, most recent first: all, or of one village (or every village of a town)."""
    from app.services.meetings.queries import meetings, region_meetings

    db = _open(args)
    rows = region_meetings(db, args.village) if args.village else meetings(db)
    db.dispose()
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


def add_meeting_commands(sub: Any, common: list[argparse.ArgumentParser]) -> Any:
    """Add the ``meeting`` group to ``sub``; returns its sub-parsers for sibling commands."""
    meeting = sub.add_parser("meeting", help=_("村民说事"), parents=common)
    meeting_sub = meeting.add_subparsers(dest="meeting_command", required=True)
    listing = meeting_sub.add_parser("list", help=_("列出说事会"), parents=common)
    listing.add_argument("--village", metavar="CODE",
                         help=_("村（社区）代码；填乡镇（街道）代码则列出其下各村"))
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_meeting_list)
    return meeting_sub
