"""The wizard's organisations, mediators and accounts pages: one editable table each.

The organisations page starts with one committee for each town ticked (and
the county's centre when no town is), named the way committees are named,
so a small office mostly checks and corrects rather than types.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWizardPage

from app.domain.case_number import DEFAULT_PATTERN
from app.domain.codes import ORG_KINDS, USER_ROLES, label
from app.domain.office_setup import (
    AccountSpec,
    MediatorSpec,
    OrganisationSpec,
    RegionSpec,
)
from app.domain.text import _
from app.ui.setup.rows import Column, RowTable

_SUFFIXES = ("街道", "镇", "乡", "县", "市", "区")


def short_name(name: str) -> str:
    """A committee's short name for case numbers: the place without 镇/乡/街道 (墙头镇 → 墙头)."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


class TablePage(QWizardPage):
    """A wizard page around one :class:`RowTable` with a line of advice."""

    def __init__(self, title: str, advice: str, table: RowTable) -> None:
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(advice)
        self.rows = table
        layout = QVBoxLayout(self)
        layout.addWidget(self.rows, 1)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #b71c1c;")
        layout.addWidget(self.note)


class OrganisationsPage(TablePage):
    """调解组织: code, name, short name, kind, region and case-number pattern."""

    def __init__(self, regions: Callable[[], Sequence[RegionSpec]]) -> None:
        self.regions = regions
        super().__init__(
            _("调解组织"),
            _("组织代码用于命令行（case assign --org、case refer --to）；编号格式中 {year} 是年度，"
              "{org} 是简称，{seq:04d} 是四位序号。"),
            RowTable([
                Column("code", _("代码"), 90),
                Column("name", _("名称"), 230),
                Column("short_name", _("简称"), 70),
                Column("kind", _("类别"), 200, lambda: [(label(ORG_KINDS, k), k)
                                                       for k in ORG_KINDS]),
                Column("region", _("所在区划"), 120, self._region_choices),
                Column("number_pattern", _("案件编号格式"), 200),
            ], _("添加组织")))
        self.prefilled_for: tuple[str, ...] = ()

    def _region_choices(self) -> list[tuple[str, str | None]]:
        return [(r.name or r.code, r.code) for r in self.regions()]

    def initializePage(self) -> None:
        """Offer the regions just chosen; suggest committees while nothing was typed here."""
        regions = list(self.regions())
        self.rows.refresh_choices()
        codes = tuple(r.code for r in regions)
        if self.rows.table.rowCount() and self.prefilled_for != codes:
            return
        self.rows.table.setRowCount(0)
        towns = [r for r in regions if r.level == "town"] or [
            r for r in regions if r.level == "county"]
        for index, region in enumerate(towns, start=1):
            town = region.level == "town"
            self.rows.add_row({
                "code": f"TW{index:02d}" if town else "ZX", "short_name": short_name(region.name),
                "name": f"{region.name}人民调解委员会" if town
                else f"{region.name}社会矛盾纠纷调处化解中心",
                "kind": "town_committee" if town else "county_centre", "region": region.code,
                "number_pattern": DEFAULT_PATTERN})
        self.prefilled_for = codes

    def organisations(self) -> list[OrganisationSpec]:
        """The rows as organisation specs (checked on the last page)."""
        return [OrganisationSpec(code=r["code"] or "", name=r["name"] or "",
                                 short_name=r["short_name"] or "", kind=r["kind"] or "",
                                 region=r["region"], number_pattern=r["number_pattern"] or None)
                for r in self.rows.rows()]


class MediatorsPage(TablePage):
    """调解员: name, organisation, title and phone."""

    def __init__(self, organisations: Callable[[], Sequence[OrganisationSpec]]) -> None:
        self.organisations = organisations
        super().__init__(
            _("调解员"), _("每名调解员至少属于一个调解组织；以后可在“调解组织”页面增补。"),
            RowTable([
                Column("name", _("姓名"), 110),
                Column("organisation", _("所属组织"), 260, self._org_choices),
                Column("title", _("职务"), 130),
                Column("phone", _("电话"), 150),
            ], _("添加调解员")))

    def _org_choices(self) -> list[tuple[str, str | None]]:
        return [(f"{o.name}（{o.code}）", o.code) for o in self.organisations()]

    def initializePage(self) -> None:
        """Offer the organisations of the previous page."""
        self.rows.refresh_choices()

    def mediators(self) -> list[MediatorSpec]:
        """The rows as mediator specs."""
        return [MediatorSpec(name=r["name"] or "",
                             organisations=(r["organisation"],) if r["organisation"] else (),
                             title=r["title"] or None, phone=r["phone"] or None)
                for r in self.rows.rows()]


class AccountsPage(TablePage):
    """账号: login, name, role, organisation and first password."""

    def __init__(self, organisations: Callable[[], Sequence[OrganisationSpec]]) -> None:
        self.organisations = organisations
        super().__init__(
            _("账号"), _("为登记员、调解员等建立登录账号；密码至少 8 个字符，同时包含字母和数字。"
                        "系统管理员账号 admin 在下一页设置。"),
            RowTable([
                Column("login", _("登录名"), 100),
                Column("name", _("姓名"), 100),
                Column("role", _("角色"), 110, lambda: [(label(USER_ROLES, k), k)
                                                       for k in USER_ROLES if k != "admin"]),
                Column("organisation", _("所属组织"), 220, self._org_choices),
                Column("password", _("密码"), 120, secret=True),
            ], _("添加账号")))

    def _org_choices(self) -> list[tuple[str, str | None]]:
        return [(_("（全县）"), None)] + [(f"{o.name}（{o.code}）", o.code)
                                       for o in self.organisations()]

    def initializePage(self) -> None:
        """Offer the organisations of the earlier page."""
        self.rows.refresh_choices()

    def accounts(self) -> list[AccountSpec]:
        """The rows as account specs."""
        return [AccountSpec(login=r["login"] or "", name=r["name"] or "", role=r["role"] or "",
                            organisation=r["organisation"], password=r["password"] or None)
                for r in self.rows.rows()]
