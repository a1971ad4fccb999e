"""Errors services raise for the GUI and CLI to show as messages."""

from __future__ import annotations

from app.domain.errors import DomainError


class ConflictError(DomainError):
    """Someone else saved the same record first; nothing of ours was written."""


class NotFoundError(DomainError):
    """The record asked for does not exist (or is outside the user's scope)."""


class PermissionDenied(DomainError):
    """The current user's role does not allow this action."""
