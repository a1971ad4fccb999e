"""``tiaojie backup``, ``backup verify`` and ``restore``: proven copies of a case base.

``backup OUT`` writes the whole case base (as ``--user``) to one archive;
``--encrypt`` seals it with a passphrase.  ``backup verify IN`` reads an
archive back and checks every checksum and the signature (exit 1 when it
fails: the check ran and found damage).  ``restore IN --db URL`` rebuilds
an archive into an empty database (SQLite file or PostgreSQL) and prints the
fingerprint and the audit check; a refused restore is one line, exit 2, the
target untouched.  ``export --format archive`` (app/cli/data.py) calls
:func:`cmd_export_archive` here.

The passphrase comes from ``--passphrase-stdin`` (a line of standard input,
after the account's password if ``--password-stdin`` is also given), else
``TIAOJIE_BACKUP_PASSPHRASE``, else it is typed on the terminal (twice when
encrypting).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import i18n
from app.cli.common import (
    Commands,
    Options,
    UsageError,
    acting_user,
    one_line,
    open_case_base,
    print_json,
    prompt_password,
)
from app.domain.text import _

if TYPE_CHECKING:
    from app.services.backups import BackupManifest, BackupReport, Fingerprint

PASSPHRASE_ENV = "TIAOJIE_BACKUP_PASSPHRASE"
MIN_PASSPHRASE = 8


def _passphrase(args: argparse.Namespace, *, new: bool) -> str:
    """The backup passphrase from stdin, the environment or the terminal (twice if ``new``)."""
    if getattr(args, "passphrase_stdin", False):
        value = sys.stdin.readline().rstrip("\r\n")
        if not value:
            raise UsageError(_("--passphrase-stdin：标准输入中没有备份口令"))
    elif os.environ.get(PASSPHRASE_ENV):
        value = os.environ[PASSPHRASE_ENV]
    elif sys.stdin.isatty():
        value = prompt_password(_("备份口令："))
        if new and prompt_password(_("再输入一次备份口令：")) != value:
            raise UsageError(_("两次输入的备份口令不一致，未写入备份"))
    else:
        raise UsageError(_("需要备份口令：请在终端输入，或用环境变量 {env}、"
                           "选项 --passphrase-stdin 给出").format(env=PASSPHRASE_ENV))
    if new and len(value) < MIN_PASSPHRASE:
        raise UsageError(_("备份口令太短：至少 {n} 个字符").format(n=MIN_PASSPHRASE))
    return value


def _archive_passphrase(args: argparse.Namespace, path: Path) -> str | None:
    from app.services.backups import archive_is_encrypted

    if not path.is_file():
        raise UsageError(_("找不到备份文件 {file}").format(file=path))
    return _passphrase(args, new=False) if archive_is_encrypted(path) else None


def _size(size: int) -> str:
    return _("{n} MB").format(n=i18n.format_number(round(size / 1_000_000, 1)))


def _fingerprint_json(fingerprint: Fingerprint) -> dict[str, Any]:
    return {"digest": fingerprint.digest, "rows": fingerprint.rows}


def _print_fingerprint(fingerprint: Fingerprint) -> None:
    print(_("指纹：{digest}（共 {n} 行）").format(
        digest=fingerprint.digest, n=i18n.format_number(fingerprint.total)))
    for table, rows in sorted(fingerprint.rows.items()):
        if rows:
            print(f"  {table}\t{i18n.format_number(rows)}")


def _report_written(args: argparse.Namespace, report: BackupReport) -> None:
    if args.json:
        print_json({"file": str(report.path), "bytes": report.size, "encrypted": report.encrypted,
                    "kind": report.manifest.kind, "seconds": round(report.seconds, 2),
                    "fingerprint": _fingerprint_json(report.fingerprint)})
        return
    print(_("已写入 {file}（{size}，{n} 行{enc}）").format(
        file=report.path, size=_size(report.size), n=i18n.format_number(report.rows),
        enc=_("，已加密") if report.encrypted else ""))
    _print_fingerprint(report.fingerprint)


def cmd_backup(args: argparse.Namespace) -> int:
    """Back up the whole case base to OUT, or (``backup verify IN``) check an archive."""
    if args.out == "verify":
        if args.archive is None:
            raise UsageError(_("backup verify 需要一个备份文件：tiaojie backup verify IN"))
        return _verify(args, Path(args.archive))
    if args.archive is not None:
        raise UsageError(_("多余的参数：{value}").format(value=args.archive))
    from app.services.backups import write_backup

    passphrase = _passphrase(args, new=True) if args.encrypt else None
    with open_case_base(args) as db:
        report = write_backup(db, acting_user(db, args.user), Path(args.out),
                              passphrase=passphrase)
    _report_written(args, report)
    return 0


def _manifest_json(manifest: BackupManifest) -> dict[str, Any]:
    return {"kind": manifest.kind, "program_version": manifest.program_version,
            "schema_revision": manifest.schema_revision,
            "created_at": manifest.created_at.isoformat(sep=" "),
            "created_by": manifest.created_by, "source": manifest.source,
            "scope": manifest.scope, "fingerprint": _fingerprint_json(manifest.fingerprint)}


def _verify(args: argparse.Namespace, path: Path) -> int:
    from app.services.backups import BackupError, verify_backup

    passphrase = _archive_passphrase(args, path)
    try:
        manifest = verify_backup(path, passphrase=passphrase)
    except BackupError as exc:
        print(one_line(str(exc)), file=sys.stderr)
        return 1
    if args.json:
        print_json(_manifest_json(manifest))
        return 0
    print(_("备份完好：{file}，{when} 由 {user} 从 {source} 备份"
            "（程序版本 {version}，结构版本 {rev}）").format(
                file=path, when=i18n.format_datetime(manifest.created_at),
                user=manifest.created_by, source=manifest.source,
                version=manifest.program_version, rev=manifest.schema_revision))
    _print_fingerprint(manifest.fingerprint)
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Restore an archive into the empty database named by ``--db``."""
    from app.services.backups import restore_backup

    if not getattr(args, "db", None):
        raise UsageError(_("请用 --db 指定要恢复到的空数据库（SQLite 文件或 PostgreSQL 地址）"))
    path = Path(args.archive)
    passphrase = _archive_passphrase(args, path)
    report = restore_backup(path, args.db, None, passphrase=passphrase)
    if args.json:
        print_json({"target": report.target, "restored_by": report.restored_by,
                    "fingerprint": _fingerprint_json(report.fingerprint),
                    "matches_backup": report.fingerprint == report.manifest.fingerprint,
                    "audit_ok": report.audit_ok, "audit_checked": report.audit.checked,
                    "audit_problems": report.audit_lines})
    else:
        print(_("已恢复到 {target}（{when} 的备份，恢复人 {who}）").format(
            target=report.target, when=i18n.format_datetime(report.manifest.created_at),
            who=report.restored_by))
        _print_fingerprint(report.fingerprint)
        print(_("与备份时记录的指纹一致"))
        if report.audit_ok:
            print(_("审计链完整：已核验 {n} 条记录").format(
                n=i18n.format_number(report.audit.checked)))
    for line in report.audit_lines:
        print(one_line(line), file=sys.stderr)
    return 0 if report.audit_ok else 1


def cmd_export_archive(args: argparse.Namespace, received_from: date | None,
                       received_to: date | None) -> int:
    """``export --format archive --org CODE``: one organisation's cases as an archive."""
    from app.services.backups import export_partial

    if not args.org:
        raise UsageError(_("导出档案需要用 --org 指定调解组织代码"))
    passphrase = _passphrase(args, new=True) if getattr(args, "encrypt", False) else None
    with open_case_base(args) as db:
        report = export_partial(db, acting_user(db, args.user), args.org, Path(args.output),
                                received_from=received_from, received_to=received_to,
                                passphrase=passphrase)
    _report_written(args, report)
    return 0


def register(sub: Commands, options: Options) -> None:
    """Add ``backup`` and ``restore`` to the top-level commands."""
    backup = sub.add_parser("backup", parents=options,
                            help=_("备份整个案件库；backup verify IN 核验一个备份"))
    backup.add_argument("out", metavar="OUT", help=_("备份文件（或 verify）"))
    backup.add_argument("archive", nargs="?", metavar="IN", help=_("要核验的备份文件"))
    backup.add_argument("--encrypt", action="store_true", help=_("用备份口令加密"))
    backup.add_argument("--passphrase-stdin", action="store_true",
                        help=_("从标准输入读取备份口令"))
    backup.add_argument("--json", action="store_true")
    backup.set_defaults(handler=cmd_backup)
    restore = sub.add_parser("restore", parents=options,
                             help=_("把备份恢复到一个空数据库（--db 指定）"))
    restore.add_argument("archive", metavar="IN")
    restore.add_argument("--passphrase-stdin", action="store_true",
                         help=_("从标准输入读取备份口令"))
    restore.add_argument("--json", action="store_true")
    restore.set_defaults(handler=cmd_restore)
