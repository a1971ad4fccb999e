"""Backups of a whole case base, restoring them, and partial exports in the same archive format.

A village office keeps years of cases in one SQLite file; one broken disk
must not lose them, and the same file must be able to move onto the county's
PostgreSQL server.  So a backup is a portable archive (one zip: every table
as ordered JSON lines, a manifest with row counts and a SHA-256 per member,
signed with the installation's audit key), optionally encrypted with a
passphrase, and a restore rebuilds it into an empty database of either kind.

The stable API (the GUI and the automatic backups code against these names):

``write_backup(db, actor, out, *, passphrase=None, progress=None,
              cancelled=None) -> BackupReport``
    A consistent snapshot (SQLite: one read transaction; PostgreSQL: one
    REPEATABLE READ READ ONLY transaction) streamed to a temporary file beside
    ``out`` and renamed at the end; cancelled or failed, nothing is left.
    ``progress(done, total)`` counts rows; ``cancelled()`` True stops it
    (raises :class:`BackupCancelled`).
``verify_backup(path, *, passphrase=None) -> BackupManifest``
    Reads every member back and checks checksums, row counts and the
    signature; any problem raises a :class:`BackupError` (a DomainError) with
    one line in the user's language.
``restore_backup(path, target_url, actor, *, passphrase=None, progress=None,
                cancelled=None) -> RestoreReport``
    Verifies first, refuses a non-empty target or a backup from a newer
    release, loads every row in one transaction, rebuilds the search index,
    then checks the audit trail; the report holds the fingerprint (rows per
    table and a digest, equal to the one recorded at backup) and the audit
    check's result.  ``actor`` None means the operating-system user (CLI).
``archive_is_encrypted(path) -> bool``
    Whether opening it needs a passphrase (the GUI asks only then).
``export_partial(db, actor, organisation_code, out, *, received_from=None, received_to=None,
                passphrase=None, progress=None, cancelled=None) -> BackupReport``
    One organisation's cases and what they reference, in the same format.
``authorise_restore(db, actor) -> UserInfo``
    Whether the signed-in account may restore (the GUI asks before offering).
``casebase_fingerprint(db, actor) -> Fingerprint``
    The live base's fingerprint, comparable with a backup's.

Errors: :class:`BackupError` and its kinds (:class:`BackupDamaged`,
:class:`WrongPassphrase`, :class:`BackupKeyMissing`, :class:`RestoreRefused`,
:class:`BackupCancelled`), each with one translated line.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.services.backups.archive_format import BackupManifest, Fingerprint
    from app.services.backups.errors import (
        BackupCancelled,
        BackupDamaged,
        BackupError,
        BackupKeyMissing,
        RestoreRefused,
        WrongPassphrase,
    )
    from app.services.backups.fingerprint import casebase_fingerprint
    from app.services.backups.partial import export_partial
    from app.services.backups.reader import archive_is_encrypted, verify_backup
    from app.services.backups.restore import RestoreReport, authorise_restore, restore_backup
    from app.services.backups.writer import BackupReport, write_backup

_HOMES = {
    "BackupManifest": "archive_format", "Fingerprint": "archive_format",
    "BackupCancelled": "errors", "BackupDamaged": "errors", "BackupError": "errors",
    "BackupKeyMissing": "errors", "RestoreRefused": "errors", "WrongPassphrase": "errors",
    "casebase_fingerprint": "fingerprint", "export_partial": "partial",
    "archive_is_encrypted": "reader", "verify_backup": "reader",
    "RestoreReport": "restore", "authorise_restore": "restore", "restore_backup": "restore",
    "BackupReport": "writer", "write_backup": "writer",
}
"""Where each name of the API lives.  They are loaded on first use (PEP 562): the
program imports this package at start for the automatic backups' status, and the
writer, restore and crypto code behind these names is not needed until a backup runs."""


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)


__all__ = [
    "BackupCancelled",
    "BackupDamaged",
    "BackupError",
    "BackupKeyMissing",
    "BackupManifest",
    "BackupReport",
    "Fingerprint",
    "RestoreRefused",
    "RestoreReport",
    "WrongPassphrase",
    "archive_is_encrypted",
    "authorise_restore",
    "casebase_fingerprint",
    "export_partial",
    "restore_backup",
    "verify_backup",
    "write_backup",
]
