"""Turning exceptions into the one sentence a user should read."""

from __future__ import annotations

from app.domain.errors import DomainError
from app.domain.text import _


def error_text(exc: BaseException) -> str:
    """The message for ``exc``: domain errors as written, anything else as unexpected.

    A full disk or a damaged database file reaches the GUI as a driver error;
    it is shown as the one sentence saying what to do (free space, restore a
    backup), as the CLI does.
    """
    if isinstance(exc, DomainError):
        return str(exc)
    from app.services.casebase.opening import storage_failure

    failure = storage_failure(exc)
    if failure is not None:
        return str(failure)
    return _("发生了意外错误：{error}").format(error=repr(exc))
