"""Reading a setup file (``tiaojie setup FILE``) into an :class:`OfficeSetup`.

The file is small TOML an office writes by hand (resources/setup/example.toml
shows every key), so it is read strictly: an unknown key is refused, because
a misspelt ``number_patern`` silently ignored would number a year of cases
the wrong way.  A region may be given by its code alone when the code is in
the bundled list of divisions; its name, level and parent then follow.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from app.domain.divisions import Division
from app.domain.errors import ValidationError
from app.domain.office_setup import (
    AccountSpec,
    MediatorSpec,
    OfficeSetup,
    OrganisationSpec,
    RegionSpec,
    region_from,
)
from app.domain.text import _

T = TypeVar("T")
_TOP = {"admin", "regions", "organisations", "mediators", "accounts"}
_ADMIN = {"name", "password"}
_REGION = {"code", "name", "level", "parent"}
_ORG = {"code", "name", "short_name", "kind", "region", "number_pattern", "mediation_types",
        "categories", "address", "phone"}
_MEDIATOR = {"name", "organisations", "title", "phone", "gender", "specialties"}
_ACCOUNT = {"login", "name", "role", "organisation", "mediator", "password"}


def setup_from_mapping(data: Mapping[str, Any],
                       known: Mapping[str, Division] | None = None) -> OfficeSetup:
    """The setup a parsed file describes (not yet checked: see ``check_setup``)."""
    _keys(data, _TOP, "")
    admin = data.get("admin", {})
    if not isinstance(admin, Mapping):
        raise ValidationError(_("“admin”必须是一个表（[admin]）"), "admin")
    _keys(admin, _ADMIN, "admin")
    regions = _list(data, "regions", lambda r: _region(r, known))
    return OfficeSetup(
        regions=regions,
        organisations=_list(data, "organisations", _organisation),
        mediators=_list(data, "mediators", _mediator),
        accounts=_list(data, "accounts", _account),
        admin_password=_text(admin, "password"),
        admin_name=_text(admin, "name"),
    )


def _keys(table: Mapping[str, Any], allowed: set[str], where: str) -> None:
    for key in table:
        if key not in allowed:
            raise ValidationError(_("{where}不认识的项“{key}”，可用：{allowed}").format(
                where=f"[{where}] " if where else "", key=key,
                allowed=", ".join(sorted(allowed))), f"{where}.{key}".lstrip("."))


def _list(data: Mapping[str, Any], part: str, read: Callable[[Any], T]) -> tuple[T, ...]:
    items = data.get(part, [])
    if not isinstance(items, list):
        raise ValidationError(_("“{part}”必须写成 [[{part}]] 表的列表").format(part=part), part)
    result = []
    for index, item in enumerate(items):
        where = f"{part}[{index}]"
        if isinstance(item, str) and part == "regions":
            item = {"code": item}
        if not isinstance(item, Mapping):
            raise ValidationError(_("{where} 必须是一个表").format(where=where), where)
        try:
            result.append(read(item))
        except ValidationError as exc:
            raise ValidationError(f"{where}: {exc.message}", f"{where}.{exc.field or ''}"
                                  .rstrip(".")) from exc
    return tuple(result)


def _text(table: Mapping[str, Any], key: str, required: bool = False) -> str | None:
    value = table.get(key)
    if value is None:
        if required:
            raise ValidationError(_("缺少“{key}”").format(key=key), key)
        return None
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise ValidationError(_("“{key}”必须是文字").format(key=key), key)
    return str(value)


def _words(table: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("“{key}”必须是文字列表，如 [\"people\"]").format(key=key), key)
    return tuple(value)


def _region(table: Mapping[str, Any], known: Mapping[str, Division] | None) -> RegionSpec:
    _keys(table, _REGION, "regions")
    return region_from(_text(table, "code", True) or "",
                       _text(table, "name") or "",
                       _text(table, "level") or "",
                       _text(table, "parent"), known)


def _organisation(table: Mapping[str, Any]) -> OrganisationSpec:
    _keys(table, _ORG, "organisations")
    name = _text(table, "name", True) or ""
    return OrganisationSpec(
        code=_text(table, "code", True) or "",
        name=name,
        short_name=_text(table, "short_name") or name[:4],
        kind=_text(table, "kind", True) or "",
        region=_text(table, "region"),
        number_pattern=_text(table, "number_pattern"),
        mediation_types=_words(table, "mediation_types"),
        categories=_words(table, "categories"),
        address=_text(table, "address"),
        phone=_text(table, "phone"),
    )


def _mediator(table: Mapping[str, Any]) -> MediatorSpec:
    _keys(table, _MEDIATOR, "mediators")
    return MediatorSpec(
        name=_text(table, "name", True) or "",
        organisations=_words(table, "organisations"),
        title=_text(table, "title"),
        phone=_text(table, "phone"),
        gender=_text(table, "gender"),
        specialties=_words(table, "specialties"),
    )


def _account(table: Mapping[str, Any]) -> AccountSpec:
    _keys(table, _ACCOUNT, "accounts")
    login = _text(table, "login", True) or ""
    return AccountSpec(
        login=login,
        name=_text(table, "name") or login,
        role=_text(table, "role", True) or "",
        organisation=_text(table, "organisation"),
        mediator=_text(table, "mediator"),
        password=_text(table, "password"),
    )
