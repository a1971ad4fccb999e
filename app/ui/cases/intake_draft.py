"""The intake form's draft on disk, apart from the form itself.

The case list asks at start whether a draft was left (to offer 继续登记)
without loading the intake form, its party editor and their rules: those
load when the form is first opened.
"""

from __future__ import annotations

from typing import Any

from app.services.cases.drafts import load_draft
from app.services.security.users import UserInfo

DRAFT = "intake"


def pending_draft(user: UserInfo) -> dict[str, Any] | None:
    """The intake draft left from a previous session, if any."""
    return load_draft(user, DRAFT)
