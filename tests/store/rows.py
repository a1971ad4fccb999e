"""Rows the store tests build by hand under the triggers they check."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.store.models import Organisation


def town_committee(session: Session) -> int:
    """A town committee for hand-built cases to belong to; its id."""
    org = Organisation(code="T-1", name="测试调委会", short_name="测试", kind="town_committee")
    session.add(org)
    session.flush()
    return org.id
