"""Which organisations and villages a report covers, inside what the user may see.

A report's scope is the user's own scope (app/services/security/access.py)
narrowed to a region subtree or one organisation.  A case counts for the
organisation handling it (else the one that received it); a 村民说事 meeting
for its village.  A region or organisation outside the user's scope is
"unknown", exactly as elsewhere, so nobody learns that it exists.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from app.domain.text import _
from app.reports.definitions import handling_organisation
from app.reports.model import Scope, ScopeChoice
from app.services.errors import NotFoundError
from app.services.security.access import Access
from app.store.models import Meeting, Organisation, Region


@dataclass(frozen=True)
class Resolved:
    """A scope made concrete: its printed name, organisations and regions (None: all)."""

    label: str
    organisations: frozenset[int] | None
    regions: frozenset[int] | None

    def cases(self) -> list[ColumnElement[bool]]:
        """Conditions on ``Case`` rows (none when the scope is everything)."""
        if self.organisations is None:
            return []
        return [handling_organisation().in_(sorted(self.organisations))]

    def meetings(self) -> list[ColumnElement[bool]]:
        """Conditions on ``Meeting`` rows."""
        if self.regions is None:
            return []
        return [Meeting.village_id.in_(sorted(self.regions))]


@dataclass(frozen=True)
class Network:
    """Regions and organisations of the base, read once per report (a few thousand rows)."""

    regions: dict[int, tuple[str, str, str, int | None]]
    """id → (code, name, level, parent id)."""
    organisations: dict[int, tuple[str, str, str, int | None]]
    """id → (code, name, kind, region id)."""

    @classmethod
    def read(cls, session: Session) -> Network:
        """Load both tables; grids are left out (they hold no organisation or meeting)."""
        regions = {r.id: (r.code, r.name, r.level, r.parent_id) for r in session.execute(
            select(Region.id, Region.code, Region.name, Region.level, Region.parent_id)
            .where(Region.level != "grid"))}
        orgs = {o.id: (o.code, o.name, o.kind, o.region_id) for o in session.execute(
            select(Organisation.id, Organisation.code, Organisation.name, Organisation.kind,
                   Organisation.region_id))}
        return cls(regions, orgs)

    def subtree(self, region_id: int) -> frozenset[int]:
        """The region and everything below it."""
        children: dict[int | None, list[int]] = {}
        for rid, (_code, _name, _level, parent) in self.regions.items():
            children.setdefault(parent, []).append(rid)
        found, todo = set(), [region_id]
        while todo:
            rid = todo.pop()
            found.add(rid)
            todo.extend(children.get(rid, ()))
        return frozenset(found)

    def organisations_in(self, regions: frozenset[int]) -> frozenset[int]:
        """Organisations located in ``regions``."""
        return frozenset(oid for oid, org in self.organisations.items() if org[3] in regions)

    def depth(self, region_id: int | None) -> int:
        """How many ancestors a region has."""
        depth = 0
        while region_id in self.regions and (parent := self.regions[region_id][3]) is not None:
            depth, region_id = depth + 1, parent
        return depth

    def top_name(self, regions: frozenset[int] | None) -> str | None:
        """The name of the highest region of a scope (the county, for a county's base)."""
        ids = [r for r in (regions if regions is not None else self.regions)
               if r in self.regions and self.regions[r][2] in ("county", "town", "village")]
        if not ids:
            return None
        best = min(ids, key=lambda r: (self.depth(r), self.regions[r][0]))
        return self.regions[best][1]


def _narrow(mine: frozenset[int] | None, wanted: frozenset[int]) -> frozenset[int]:
    return wanted if mine is None else wanted & mine


def resolve(session: Session, access: Access, scope: Scope, network: Network) -> Resolved:
    """The organisations and regions of ``scope`` the user may see; unknown codes refused."""
    if scope.organisation_code:
        oid = next((i for i, o in network.organisations.items()
                    if o[0] == scope.organisation_code), None)
        if oid is None or (access.organisation_ids is not None
                           and oid not in access.organisation_ids):
            raise NotFoundError(_("未知的调解组织代码“{code}”").format(
                code=scope.organisation_code))
        region = network.organisations[oid][3]
        regions = network.subtree(region) if region is not None else frozenset()
        return Resolved(network.organisations[oid][1], frozenset({oid}),
                        _narrow(access.region_ids, regions))
    if scope.region_code:
        rid = next((i for i, r in network.regions.items() if r[0] == scope.region_code), None)
        if rid is None or (access.region_ids is not None and rid not in access.region_ids):
            raise NotFoundError(_("未知的行政区划代码“{code}”").format(code=scope.region_code))
        regions = network.subtree(rid)
        return Resolved(network.regions[rid][1],
                        _narrow(access.organisation_ids, network.organisations_in(regions)),
                        _narrow(access.region_ids, regions))
    return Resolved(resolve_label(access, network), access.organisation_ids, access.region_ids)


def choices(access: Access, network: Network) -> list[ScopeChoice]:
    """Everything the user may see first, then regions as a tree, then organisations."""
    out = [ScopeChoice(Scope.everything(), resolve_label(access, network), 0, "everything")]
    regions = [r for r in network.regions if access.region_ids is None or r in access.region_ids]
    regions = [r for r in regions if network.regions[r][2] != "grid"]

    def path(rid: int) -> tuple[str, ...]:
        chain: list[str] = []
        cur: int | None = rid
        while cur is not None:
            chain.append(network.regions[cur][0])
            cur = network.regions[cur][3]
        return tuple(reversed(chain))

    for rid in sorted(regions, key=path):
        code, name, _level, _parent = network.regions[rid]
        out.append(ScopeChoice(Scope.region(code), name, network.depth(rid), "region"))
    orgs = [o for o in network.organisations
            if access.organisation_ids is None or o in access.organisation_ids]
    for oid in sorted(orgs, key=lambda o: network.organisations[o][0]):
        code, name, _kind, _region = network.organisations[oid]
        out.append(ScopeChoice(Scope.organisation(code), name, 1, "organisation"))
    return out


def resolve_label(access: Access, network: Network) -> str:
    """The printed name of "everything the user may see"."""
    if access.organisation_ids is None:
        return network.top_name(None) or _("全部")
    if access.region_ids:
        return network.top_name(access.region_ids) or _("本人可见范围")
    return ", ".join(sorted(network.organisations[o][1] for o in access.organisation_ids))
