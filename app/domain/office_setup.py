"""What a real office's first setup may contain, and the checks it passes before any write.

A town justice office or a village committee starts its own case base with
its region (county, towns, villages, grids), its organisations with their
kinds and case-number patterns, its mediators and its accounts, and the
administrator's password.  The GUI wizard and ``tiaojie setup FILE`` both
build an :class:`OfficeSetup` and have it checked here, so a mistake is
reported with where it is ("organisations[2].kind") and the same sentence
in both, before the one transaction that writes it all.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from app.domain.case_number import validate_pattern
from app.domain.codes import (
    CATEGORIES,
    GENDERS,
    MEDIATION_TYPES,
    ORG_KINDS,
    USER_ROLES,
    require_key,
)
from app.domain.divisions import (
    STORED_LEVELS,
    Division,
    check_code,
    level_of,
    normalise_code,
    parent_in,
)
from app.domain.errors import ValidationError
from app.domain.passwords import check_password
from app.domain.phone import parse_phone
from app.domain.text import N_, _

ORG_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z\-_]{0,39}$")
LOGIN = re.compile(r"^\S{1,60}$")
ADMIN_LOGIN = "admin"


@dataclass(frozen=True)
class RegionSpec:
    """A region to create; ``parent`` is another region's code (None at the top)."""

    code: str
    name: str
    level: str
    parent: str | None = None


@dataclass(frozen=True)
class OrganisationSpec:
    """An organisation to create; ``region`` is a region code of the same setup."""

    code: str
    name: str
    short_name: str
    kind: str
    region: str | None
    number_pattern: str | None = None
    mediation_types: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    address: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class MediatorSpec:
    """A mediator to create, member of the organisations with these codes."""

    name: str
    organisations: tuple[str, ...]
    title: str | None = None
    phone: str | None = None
    gender: str | None = None
    specialties: tuple[str, ...] = ()


@dataclass(frozen=True)
class AccountSpec:
    """An account to create; ``mediator`` names a mediator of the same setup (their own cases)."""

    login: str
    name: str
    role: str
    organisation: str | None = None
    mediator: str | None = None
    password: str | None = None


@dataclass(frozen=True)
class OfficeSetup:
    """Everything a new office's case base starts with."""

    regions: tuple[RegionSpec, ...]
    organisations: tuple[OrganisationSpec, ...]
    mediators: tuple[MediatorSpec, ...] = ()
    accounts: tuple[AccountSpec, ...] = ()
    admin_password: str | None = None
    admin_name: str | None = None


def region_from(code: str, name: str = "", level: str = "", parent: str | None = None,
                known: Mapping[str, Division] | None = None) -> RegionSpec:
    """A region from what was typed or picked: level, parent and name follow from the code.

    ``known`` (the bundled list) gives the name when none was typed.
    """
    code = normalise_code(code)
    bundled = (known or {}).get(code)
    level = level.strip() or level_of(code) or ""
    name = name.strip() or (bundled.name if bundled else "")
    return RegionSpec(code, name, level, normalise_code(parent) if parent else None)


def check_setup(setup: OfficeSetup, *, need_password: bool = True) -> OfficeSetup:
    """``setup`` with codes normalised and parents filled in, if every rule holds; else why not.

    The administrator's password is checked when given (and required unless
    ``need_password`` is False: the CLI may ask for it at a prompt afterwards).
    """
    if not setup.regions:
        raise ValidationError(_("至少要有一个行政区划（本单位所在的县、乡镇或村）"), "regions")
    if not setup.organisations:
        raise ValidationError(_("至少要有一个调解组织"), "organisations")
    regions = _check_regions(setup.regions)
    codes = {r.code for r in regions}
    orgs = tuple(_at("organisations", i, _check_organisation, o, codes)
                 for i, o in enumerate(setup.organisations))
    _unique([o.code for o in orgs], "organisations", _("组织代码“{key}”重复"))
    org_codes = {o.code for o in orgs}
    mediators = tuple(_at("mediators", i, _check_mediator, m, org_codes)
                      for i, m in enumerate(setup.mediators))
    _unique([m.name for m in mediators], "mediators",
            _("调解员“{key}”重复：同名的调解员请在姓名后加以区分"))
    names = {m.name for m in mediators}
    accounts = tuple(_at("accounts", i, _check_account, a, org_codes, names)
                     for i, a in enumerate(setup.accounts))
    _unique([a.login for a in accounts], "accounts", _("登录名“{key}”重复"))
    if setup.admin_password is not None:
        try:
            check_password(setup.admin_password)
        except ValidationError as exc:
            raise ValidationError(exc.message, "admin.password") from exc
    elif need_password:
        raise ValidationError(_("请设置系统管理员的密码"), "admin.password")
    admin_name = (setup.admin_name or "").strip() or None
    return replace(setup, regions=regions, organisations=orgs, mediators=mediators,
                   accounts=accounts, admin_name=admin_name)


def _at(part: str, index: int, check: Any, *args: Any) -> Any:
    try:
        return check(*args)
    except ValidationError as exc:
        raise ValidationError(_("{part}第 {n} 项：{message}").format(
            part=_(_PART_LABELS[part]), n=index + 1, message=exc.message),
            f"{part}[{index}].{exc.field or ''}".rstrip(".")) from exc


_PART_LABELS = {"regions": N_("行政区划"), "organisations": N_("调解组织"),
                "mediators": N_("调解员"), "accounts": N_("账号")}


def _unique(keys: Sequence[str], part: str, message: str) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise ValidationError(message.format(key=key), part)
        seen.add(key)


def _check_regions(regions: Sequence[RegionSpec]) -> tuple[RegionSpec, ...]:
    """Regions checked one by one, parents filled in from the codes, parents before children."""
    checked: list[RegionSpec] = []
    seen: set[str] = set()
    for index, region in enumerate(regions):
        checked.append(_at("regions", index, _check_region, region))
        if checked[-1].code in seen:
            raise ValidationError(_("区划代码“{key}”重复").format(key=checked[-1].code), "regions")
        seen.add(checked[-1].code)
    codes = [r.code for r in checked]
    by_code = {r.code: r for r in checked}
    result: list[RegionSpec] = []
    for index, region in enumerate(checked):
        parent = region.parent or (parent_in(region.code, codes) if region.level != "grid"
                                   else None)
        if parent is not None and parent not in by_code:
            raise ValidationError(_("行政区划第 {n} 项：上级区划“{parent}”不在清单中").format(
                n=index + 1, parent=parent), f"regions[{index}].parent")
        if parent is not None and (STORED_LEVELS.index(by_code[parent].level)
                                   >= STORED_LEVELS.index(region.level)):
            raise ValidationError(_("行政区划第 {n} 项：上级区划的层级必须高于本级").format(
                n=index + 1), f"regions[{index}].parent")
        if region.level == "grid":
            _at("regions", index, check_code, region.code, "grid", parent)
        result.append(replace(region, parent=parent))
    return tuple(_parents_first(result))


def _parents_first(regions: list[RegionSpec]) -> list[RegionSpec]:
    by_code = {r.code: r for r in regions}

    def depth(region: RegionSpec) -> int:
        n, parent = 0, region.parent
        while parent is not None and n <= len(regions):
            n, parent = n + 1, by_code[parent].parent
        return n

    if any(depth(r) > len(regions) for r in regions):
        raise ValidationError(_("行政区划的上下级关系成环"), "regions")
    return sorted(regions, key=depth)


def _check_region(region: RegionSpec) -> RegionSpec:
    if not region.name.strip():
        raise ValidationError(_("区划“{code}”没有名称").format(code=region.code), "name")
    if region.level not in STORED_LEVELS:
        raise ValidationError(_("层级只能是 {levels}").format(levels=", ".join(STORED_LEVELS)),
                              "level")
    parent = normalise_code(region.parent) if region.parent else None
    code = (check_code(region.code, region.level, parent) if region.level != "grid"
            else normalise_code(region.code))
    return RegionSpec(code, region.name.strip()[:100], region.level, parent)


def _check_organisation(org: OrganisationSpec, regions: set[str]) -> OrganisationSpec:
    code = org.code.strip()
    if not ORG_CODE.match(code):
        raise ValidationError(_("组织代码只能由字母、数字、连字符和下划线组成，最长 40 位"), "code")
    name, short = org.name.strip(), org.short_name.strip()
    if not name or not short:
        raise ValidationError(_("组织代码、名称和简称都不能为空"),
                              "name" if not name else "short_name")
    if len(name) > 200 or len(short) > 20:
        raise ValidationError(_("组织名称最长 200 字，简称最长 20 字"), "name")
    require_key(ORG_KINDS, org.kind, "kind")
    for key in org.mediation_types:
        require_key(MEDIATION_TYPES, key, "mediation_types")
    for key in org.categories:
        require_key(CATEGORIES, key, "categories")
    region = normalise_code(org.region) if org.region else None
    if region is not None and region not in regions:
        raise ValidationError(_("所在区划“{code}”不在本次录入的行政区划中").format(code=region),
                              "region")
    pattern = (org.number_pattern or "").strip() or None
    if pattern is not None:
        try:
            validate_pattern(pattern)
        except ValidationError as exc:
            raise exc.with_field("number_pattern") from exc
    return replace(org, code=code, name=name, short_name=short, region=region,
                   number_pattern=pattern, address=(org.address or "").strip() or None,
                   phone=_phone(org.phone))


def _phone(text: str | None) -> str | None:
    if not text or not text.strip():
        return None
    try:
        return parse_phone(text)
    except ValidationError as exc:
        raise exc.with_field("phone") from exc


def _check_mediator(mediator: MediatorSpec, orgs: set[str]) -> MediatorSpec:
    name = mediator.name.strip()
    if not name:
        raise ValidationError(_("调解员姓名不能为空"), "name")
    if not mediator.organisations:
        raise ValidationError(_("调解员至少要属于一个调解组织"), "organisations")
    for code in mediator.organisations:
        if code not in orgs:
            raise ValidationError(_("调解组织“{code}”不在本次录入的组织中").format(code=code),
                                  "organisations")
    for key in mediator.specialties:
        require_key(CATEGORIES, key, "specialties")
    if mediator.gender is not None:
        require_key(GENDERS, mediator.gender, "gender")
    return replace(mediator, name=name[:100], title=(mediator.title or "").strip() or None,
                   phone=_phone(mediator.phone))


def _check_account(account: AccountSpec, orgs: set[str], mediators: set[str]) -> AccountSpec:
    login = account.login.strip()
    if not LOGIN.match(login):
        raise ValidationError(_("登录名不能为空、不能含空格，最长 60 个字符"), "login")
    if login == ADMIN_LOGIN:
        raise ValidationError(_("系统管理员账号 admin 已有，请在“系统管理员”一项中设置"), "login")
    require_key(USER_ROLES, account.role, "role")
    if account.organisation is not None and account.organisation not in orgs:
        raise ValidationError(_("调解组织“{code}”不在本次录入的组织中").format(
            code=account.organisation), "organisation")
    if account.mediator is not None and account.mediator not in mediators:
        raise ValidationError(_("调解员“{name}”不在本次录入的调解员中").format(
            name=account.mediator), "mediator")
    if account.password is not None:
        check_password(account.password)
    return replace(account, login=login, name=account.name.strip() or login)
