"""Hiding ID numbers, phones and birth dates from roles that may not see them (PIPL art. 51).

One helper for every record a service returns, so no list or detail view can
forget a field: a masked ID number next to an unmasked birth date would give
the hidden digits away.  And one plan for every search such a role makes, so
no search can be used to guess the hidden digits either.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any, TypeVar

from app.domain.idnumber import mask_id_number
from app.domain.phone import mask_phone
from app.domain.search_terms import normalise_query, probes_hidden_digits, whole_number
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


@dataclass(frozen=True)
class SearchPlan:
    """How a query is searched for one viewer.

    ``text`` is the normalised query the index is asked for; ``number`` is
    set when a masked role gave one complete ID or phone number, which is
    then compared whole with the stored numbers instead; ``refused`` when the
    query could match a fragment of a number the viewer may not see.
    """

    text: str
    number: str | None = None
    refused: bool = False


def plan_search(query: str, viewer: UserInfo) -> SearchPlan:
    """The search ``viewer`` may make for ``query`` (the guard sees what the index sees)."""
    text = normalise_query(query)
    if viewer.may_see_full_ids or not text:
        return SearchPlan(text)
    number = whole_number(text)
    if number is not None:
        return SearchPlan(text, number=number)
    return SearchPlan(text, refused=probes_hidden_digits(text))
