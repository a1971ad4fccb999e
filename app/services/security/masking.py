"""Hiding ID numbers, phones and birth dates from roles that may not see them (PIPL art. 51).

One helper for every record a service returns, so no list or detail view can
forget a field: a masked ID number next to an unmasked birth date would give
the hidden digits away.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any, TypeVar

from app.domain.idnumber import mask_id_number
from app.domain.phone import mask_phone
from app.domain.search_terms import probes_hidden_digits
from app.services.security.users import UserInfo

T = TypeVar("T")


def masked(record: T, viewer: UserInfo) -> T:
    """``record`` (a dataclass) with identifying fields hidden unless ``viewer`` may see them."""
    if viewer.may_see_full_ids:
        return record
    names = {f.name for f in fields(record)}  # type: ignore[arg-type]
    changes: dict[str, Any] = {}
    if getattr(record, "id_number", None):
        changes["id_number"] = mask_id_number(record.id_number)  # type: ignore[attr-defined]
    if getattr(record, "phone", None):
        changes["phone"] = mask_phone(record.phone)  # type: ignore[attr-defined]
    if "birth_date" in names:
        changes["birth_date"] = None
    if "masked" in names:
        changes["masked"] = True
    return replace(record, **changes)  # type: ignore[type-var]


def search_allowed(query: str, viewer: UserInfo) -> bool:
    """False for digit fragments that would let a masked viewer probe hidden digits."""
    return viewer.may_see_full_ids or not probes_hidden_digits(query)
