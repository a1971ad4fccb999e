"""Writing a file the user named, whole or not at all: reports, exported lists, error copies.

The page's 导出, ``tiaojie report -o``, ``tiaojie export`` and the ledger's
error copy all come here.  A file is written beside its target under a
hidden temporary name and moved into place only when complete, so a failure,
a full disk, Cancel or Ctrl-C never leaves half a file where the clerk
expects one, and never destroys the file that was there before.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.errors import ValidationError
from app.domain.text import _

if TYPE_CHECKING:
    from app.reports.chart_data import ChartData
    from app.reports.model import ReportTable

FORMATS = ("pdf", "xlsx", "csv", "json")


@dataclass
class PendingFile:
    """The temporary file being written; :meth:`discard` keeps the target as it was."""

    path: Path
    keep: bool = True

    def discard(self) -> None:
        """Drop what was written (Cancel) instead of moving it into place."""
        self.keep = False


def writable_target(path: str | Path) -> Path:
    """``path`` if a file can be written there, else a one-line ValidationError.

    The folder must exist (nothing creates folders behind the user's back)
    and ``path`` must not be a folder itself.
    """
    target = Path(path)
    if target.is_dir():
        raise ValidationError(_("{path} 是一个文件夹，请给出文件名").format(path=target))
    if not target.parent.is_dir():
        raise ValidationError(_("文件夹不存在：{folder}").format(folder=target.parent))
    return target


@contextmanager
def replacing(path: str | Path) -> Iterator[PendingFile]:
    """A temporary file beside ``path``, moved over it when the block ends without error.

    An exception (Ctrl-C included) or :meth:`PendingFile.discard` removes the
    temporary file and leaves ``path`` untouched.  The new file gets the
    permissions of the one it replaces, or the usual ones (the umask's) for a
    new file, not the owner-only mode of :func:`tempfile.mkstemp`.
    """
    target = writable_target(path)
    pending = PendingFile(target.with_name(f".tiaojie-{secrets.token_hex(8)}{target.suffix}"))
    created = False
    try:
        with _one_line(target):
            os.close(os.open(pending.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            created = True
        yield pending
        if pending.keep:
            with _one_line(target):
                if target.exists():
                    shutil.copymode(target, pending.path)
                os.replace(pending.path, target)
    finally:
        if created:
            pending.path.unlink(missing_ok=True)


def named_format(path: str | Path, fmt: str | None, formats: Sequence[str]) -> str:
    """The format a file is written in: ``fmt`` when given, else the one its name says.

    A file opens in whatever its name promises: a name that says another of
    ``formats`` than ``fmt`` is refused (CSV text in a .xlsx, JSON in a .pdf),
    and without ``fmt`` a name that says none of them is refused rather than
    guessed at.
    """
    named = Path(path).suffix.lower().removeprefix(".")
    if fmt is not None:
        if named in formats and named != fmt:
            raise ValidationError(_("文件名“{file}”是 .{named} 文件，与导出格式 {fmt} 不符").format(
                file=Path(path).name, named=named, fmt=fmt))
        return fmt
    if named not in formats:
        raise ValidationError(_("文件名应以 {suffixes} 结尾：{file}").format(
            suffixes=" / ".join(f".{f}" for f in formats), file=path))
    return named


DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
"""Left as they are: the CLI and the GUI already say "storage full" in one line for these."""


@contextmanager
def _one_line(target: Path) -> Iterator[None]:
    """Creating or replacing ``target`` refused by the system (permissions, a file held open
    by another program on Windows) as one line naming the file."""
    try:
        yield
    except OSError as exc:
        if exc.errno in DISK_FULL:
            raise
        raise ValidationError(_("无法写入文件 {file}：{reason}").format(
            file=target, reason=exc.strerror or exc)) from exc


def _writer(fmt: str, charts: ChartData | None, filled_on: date | None
            ) -> Callable[[ReportTable, Path], None]:
    if fmt == "pdf":
        from app.reports.render_pdf import write_pdf
        return lambda table, path: write_pdf(table, path, charts, filled_on)
    if fmt == "xlsx":
        from app.reports.render_xlsx import write_xlsx
        return lambda table, path: write_xlsx(table, path, filled_on)
    from app.reports.render_csv import json_text, write_csv
    if fmt == "csv":
        return write_csv
    def write_json(table: ReportTable, path: Path) -> None:
        path.write_text(json_text(table) + "\n", encoding="utf-8")
    return write_json


def write_report(table: ReportTable, fmt: str, path: str | Path,
                 charts: ChartData | None = None, filled_on: date | None = None) -> Path:
    """Write ``table`` as ``fmt`` to ``path`` atomically; returns the path written."""
    if fmt not in FORMATS:
        raise ValidationError(_("不支持的报表格式“{fmt}”，可选：{allowed}").format(
            fmt=fmt, allowed=", ".join(FORMATS)), "format")
    write = _writer(fmt, charts, filled_on)
    with replacing(path) as pending:
        write(table, pending.path)
    return Path(path)
