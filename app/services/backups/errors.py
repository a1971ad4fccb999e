"""Why a backup, a verification or a restore stopped: one line each, in the user's language.

Every refusal is a :class:`BackupError` (a DomainError), so the CLI prints it
as one line with exit status 2 and the GUI shows it in its dialog.
"""

from __future__ import annotations

from app.domain.errors import DomainError


class BackupError(DomainError):
    """A backup cannot be written, read or restored; the message says why and what to do."""


class BackupDamaged(BackupError):
    """A member's checksum, the row counts, the signature or the encryption does not check out."""


class WrongPassphrase(BackupError):
    """The passphrase does not open this encrypted backup (or none was given)."""


class BackupKeyMissing(BackupError):
    """This computer does not hold the audit key the backup was signed with."""


class RestoreRefused(BackupError):
    """The target is not empty, or the backup is from a newer release, or it is partial."""


class BackupCancelled(BackupError):
    """The user cancelled; nothing was left behind."""
