"""What a password must be: one rule for the CLI, the GUI and the services alike.

The graded-protection baseline (GB/T 22239-2019, identification and
authentication) asks for passwords that resist guessing; for an office
program typed into many times a day that means at least eight characters
mixing letters and digits.  Keeping the rule here, in one function, lets
``user add``, ``user passwd``, the GUI's first-password dialog and the
services refuse a weak password with the same sentence.
"""

from __future__ import annotations

from app.domain.errors import ValidationError
from app.domain.text import _

MIN_LENGTH = 8


def check_password(password: str) -> None:
    """Refuse ``password`` unless it has at least 8 characters and both letters and digits."""
    long_enough = len(password) >= MIN_LENGTH
    has_letter = any(c.isalpha() for c in password)
    has_digit = any(c.isdigit() for c in password)
    if not (long_enough and has_letter and has_digit):
        raise ValidationError(
            _("密码至少需要 {n} 个字符，并且要同时包含字母和数字").format(n=MIN_LENGTH),
            "password")
