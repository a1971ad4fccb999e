"""Turning exceptions into the one sentence a user should read."""

from __future__ import annotations

from app.domain.errors import DomainError
from app.domain.text import _


def error_text(exc: BaseException) -> str:
    """The message for ``exc``: domain errors as written, anything else as unexpected."""
    if isinstance(exc, DomainError):
        return str(exc)
    return _("发生了意外错误：{error}").format(error=repr(exc))
