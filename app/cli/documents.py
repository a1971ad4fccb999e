"""The document commands of ``tiaojie``: ``doc``, ``meeting minutes`` and ``casefile``.

Batch printing and archiving are CLI work too (README.md, "Command line").
Each command renders and stores the document first and writes the output
file only when that succeeded, so bad input exits 2 with one line and leaves
no file — a judicial-confirmation application after its 30-day window
included.  What the clerk must know about a paper produced (the last week
of that window) goes to standard error, one line each.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.common import Commands, Options, acting_user, open_case_base
from app.domain.document_kinds import FORMATS, KINDS, check_format, check_kind
from app.domain.errors import ValidationError
from app.domain.text import _


def _write(path: str, content: bytes) -> None:
    target = Path(path)
    if not target.parent.is_dir():
        raise ValidationError(_("输出目录不存在：{path}").format(path=target.parent))
    partial = target.with_name(target.name + ".part")
    try:
        partial.write_bytes(content)
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ValidationError(_("无法写入 {path}：{reason}").format(
            path=path, reason=exc.strerror)) from exc


def _check_output(path: str, fmt: str) -> None:
    if not path.lower().endswith("." + fmt):
        raise ValidationError(_("输出文件名应以 .{fmt} 结尾").format(fmt=fmt))


def cmd_doc(args: argparse.Namespace) -> int:
    """Render one form of a case (a KIND listed in README.md) to DOCX or PDF."""
    from app.documents.generation import generate_with_warnings

    check_kind(args.kind)
    check_format(args.format)
    _check_output(args.output, args.format)
    with open_case_base(args) as db:
        actor = acting_user(db, args.user)
        result, warnings = generate_with_warnings(db, actor, args.number, args.kind,
                                                  args.format)
    _write(args.output, result.content)
    for warning in warnings:
        print(warning, file=sys.stderr)
    print(_("已生成{title}（第{v}版）：{path}  SHA-256 {sha}").format(
        title=result.info.title, v=result.info.doc_version, path=args.output,
        sha=result.info.sha256))
    return 0


def cmd_meeting_minutes(args: argparse.Namespace) -> int:
    """The minutes, the public notice or the sign-in sheet of one 村民说事 meeting."""
    from app.documents.generation import generate_meeting_document

    check_format(args.format)
    _check_output(args.output, args.format)
    kind = ("meeting-notice" if args.notice else
            "meeting-signin" if args.sign_in else "meeting-minutes")
    with open_case_base(args) as db:
        actor = acting_user(db, args.user)
        result = generate_meeting_document(db, actor, args.id, args.format, kind)
    _write(args.output, result.content)
    print(_("已生成{title}：{path}").format(title=result.info.title, path=args.output))
    return 0


def cmd_casefile(args: argparse.Namespace) -> int:
    """The whole case file (卷宗) as one PDF with cover, index and continuous page numbers."""
    from app.documents.generation import generate_casefile

    _check_output(args.output, "pdf")
    with open_case_base(args) as db:
        result = generate_casefile(db, acting_user(db, args.user), args.number)
    _write(args.output, result.content)
    print(_("已生成卷宗（第{v}版）：{path}").format(v=result.info.doc_version, path=args.output))
    return 0


def register(sub: Commands, options: Options) -> None:
    """Add ``doc`` and ``casefile`` to the top-level commands."""
    doc = sub.add_parser("doc", help=_("生成文书（DOCX 或 PDF）"), parents=options)
    doc.add_argument("kind", metavar="KIND", help="、".join(KINDS))
    doc.add_argument("number", metavar="NUMBER")
    doc.add_argument("--format", required=True, metavar="|".join(FORMATS))
    doc.add_argument("-o", "--output", required=True, metavar="OUT")
    doc.set_defaults(handler=cmd_doc)
    casefile = sub.add_parser("casefile", help=_("生成案件卷宗 PDF"), parents=options)
    casefile.add_argument("number", metavar="NUMBER")
    casefile.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    casefile.set_defaults(handler=cmd_casefile)


def register_minutes(meeting_sub: Commands, options: Options) -> None:
    """Add ``minutes`` to the ``meeting`` group."""
    minutes = meeting_sub.add_parser("minutes", help=_("生成村民说事会议记录或公示"),
                                     parents=options)
    minutes.add_argument("id", type=int, metavar="ID")
    minutes.add_argument("--format", required=True, metavar="|".join(FORMATS))
    minutes.add_argument("-o", "--output", required=True, metavar="OUT")
    which = minutes.add_mutually_exclusive_group()
    which.add_argument("--notice", action="store_true", help=_("生成公示而不是会议记录"))
    which.add_argument("--sign-in", action="store_true", help=_("生成签到表而不是会议记录"))
    minutes.set_defaults(handler=cmd_meeting_minutes)
