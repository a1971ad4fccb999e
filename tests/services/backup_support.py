"""Reading an archive's rows back in tests, the way an IT helper's script would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.services.backups import verify_backup
from app.services.backups.archive_format import row_decoder
from app.services.backups.reader import iter_lines, open_archive


def archive_rows(path: Path, table: str, passphrase: str | None = None) -> list[dict[str, Any]]:
    """Every row of ``table`` in the (verified) archive, as dicts by column name."""
    manifest = verify_backup(path, passphrase=passphrase)
    entry = next(t for t in manifest.tables if t.name == table)
    decode = row_decoder([n for n, _k in entry.columns], [k for _n, k in entry.columns])
    with open_archive(path, passphrase) as archive:
        return [decode(line) for batch in iter_lines(archive, entry) for line in batch]
