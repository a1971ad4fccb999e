"""Exceptions the domain raises when a rule is broken.

Every layer above (services, CLI, GUI) catches these to show the user a
translated, field-specific message instead of a traceback.  The messages are
already translated when the exception is raised.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base of every rule violation the domain reports to users."""


class ValidationError(DomainError):
    """A value entered by a user breaks a rule; ``field`` says which value.

    ``field`` is a path such as ``"parties[1].id_number"`` (``None`` when the
    validator does not know where its input came from); callers add their
    part of the path with :meth:`with_field` as the error travels outwards.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"ValidationError({self.message!r}, field={self.field!r})"

    def with_field(self, prefix: str) -> ValidationError:
        """Return a copy whose field path starts with ``prefix``."""
        if self.field is None:
            field = prefix
        elif self.field.startswith("["):
            field = prefix + self.field
        else:
            field = f"{prefix}.{self.field}"
        return ValidationError(self.message, field)


class IllegalTransition(DomainError):
    """A case was asked to move to a status its workflow does not allow.

    ``current`` and ``target`` are status keys; ``reason`` is a translated
    sentence telling the user why and what has to happen first.
    """

    def __init__(self, current: str, target: str, reason: str) -> None:
        super().__init__(reason)
        self.current = current
        self.target = target
        self.reason = reason

    def __str__(self) -> str:
        return self.reason
