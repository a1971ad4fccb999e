"""Where a received case should go (分流), from routing rules that are data.

Each county arranges its mediation network differently, so the choice of
mediation type and organisation comes from rule rows an administrator edits
(``routing_rules``): the first active rule, by priority, whose conditions the
case meets decides the kind of mediation and of organisation.  The place of
the dispute then narrows the organisations to those covering it — the
village first, then the town, then the county ("小事不出村，大事不出镇").
Every recommendation carries the sentences that explain it, because a
mediator must be able to tell the parties why their case went where it did.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.domain.codes import CATEGORIES, MEDIATION_TYPES, ORG_KINDS, label
from app.domain.referrals import organisation_level
from app.domain.text import _

PLACE_KINDS = ("village_committee", "town_committee", "county_centre")
"""Organisations that mediate whatever happens in their area (属地调解)."""
MAX_ELSEWHERE = 10
"""When no organisation covers the place, at most this many of the right kind are listed."""


@dataclass(frozen=True)
class Rule:
    """One routing rule; ``None`` conditions match any case."""

    id: int
    priority: int
    category: str | None
    source: str | None
    risk: str | None
    min_people: int | None
    mediation_type: str
    organisation_kind: str | None
    level: str | None
    supervised: bool
    reason: str
    active: bool = True

    def matches(self, case: CaseFacts) -> bool:
        """Whether every condition of this rule holds for ``case``."""
        return (self.active
                and self.category in (None, case.category)
                and self.source in (None, case.source)
                and self.risk in (None, case.risk)
                and (self.min_people is None or case.people_involved >= self.min_people))


@dataclass(frozen=True)
class CaseFacts:
    """What routing looks at in a case."""

    category: str
    source: str
    risk: str
    people_involved: int
    region_id: int | None


@dataclass(frozen=True)
class RegionRef:
    """A node of the administrative tree."""

    id: int
    parent_id: int | None
    level: str
    name: str


@dataclass(frozen=True)
class OrgRef:
    """An organisation with what it handles."""

    id: int
    name: str
    kind: str
    region_id: int | None
    mediation_types: tuple[str, ...]
    categories: tuple[str, ...]
    active: bool = True


@dataclass(frozen=True)
class OrgChoice:
    """A recommended organisation and why."""

    id: int
    name: str
    kind: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Routing:
    """The rule applied, the mediation type, supervision and the organisations, best first."""

    rule_id: int | None
    mediation_type: str
    supervised: bool
    reasons: tuple[str, ...]
    organisations: tuple[OrgChoice, ...]


def matching_rule(case: CaseFacts, rules: Sequence[Rule]) -> Rule | None:
    """The first active rule (lowest priority, then oldest) the case meets."""
    for rule in sorted(rules, key=lambda r: (r.priority, r.id)):
        if rule.matches(case):
            return rule
    return None


def region_chain(region_id: int | None, regions: Mapping[int, RegionRef]) -> list[RegionRef]:
    """The region and its ancestors, nearest first (stops on a broken or cyclic tree)."""
    chain: list[RegionRef] = []
    seen: set[int] = set()
    while region_id is not None and region_id in regions and region_id not in seen:
        seen.add(region_id)
        node = regions[region_id]
        chain.append(node)
        region_id = node.parent_id
    return chain


def level_of(org: OrgRef, regions: Mapping[int, RegionRef]) -> str:
    """village, town or county: the level of the organisation's region."""
    region = regions.get(org.region_id) if org.region_id is not None else None
    return organisation_level(region.level if region else None)


def _handles(org: OrgRef, case: CaseFacts, mediation_type: str) -> bool:
    return (org.active
            and (not org.mediation_types or mediation_type in org.mediation_types)
            and (not org.categories or case.category in org.categories))


def _breadth(org: OrgRef) -> int:
    """How many categories an organisation takes: the more specialised one is named first."""
    return len(org.categories) if org.categories else len(CATEGORIES)


def _ranked(case: CaseFacts, orgs: Sequence[OrgRef], chain: list[RegionRef],
            regions: Mapping[int, RegionRef]) -> list[OrgChoice]:
    """Organisations covering the place, nearest and most specialised first; else the others."""
    place = chain[0].name if chain else None
    index = {r.id: n for n, r in enumerate(chain)}
    covering, elsewhere = [], []
    for org in orgs:
        reasons = []
        if org.categories and case.category in org.categories:
            reasons.append(_("受理{category}").format(category=label(CATEGORIES, case.category)))
        if org.region_id in index:
            area = regions[org.region_id].name
            reasons.append(_("纠纷发生地在{area}，属本组织管辖").format(area=area) if place == area
                           else _("纠纷发生地{place}属于{area}").format(place=place, area=area))
            covering.append((index[org.region_id], _breadth(org), org.id, org, reasons))
        else:
            if chain:
                reasons.append(_("不在纠纷发生地，仅因类别相符列出"))
            elsewhere.append((0, _breadth(org), org.id, org, reasons))
    chosen = (sorted(covering, key=lambda t: t[:3]) if covering
              else sorted(elsewhere, key=lambda t: t[:3])[:MAX_ELSEWHERE])
    return [OrgChoice(o.id, o.name, o.kind, tuple(reasons)) for *_key, o, reasons in chosen]


def route(case: CaseFacts, rules: Sequence[Rule], regions: Mapping[int, RegionRef],
          orgs: Sequence[OrgRef]) -> Routing:
    """The recommendation for ``case``: rule, mediation type, supervision, organisations."""
    rule = matching_rule(case, rules)
    chain = region_chain(case.region_id, regions)
    reasons: list[str] = []
    if rule is None:
        mediation_type, supervised, kind, level = "people", False, None, None
        reasons.append(_("没有适用的分流规则：按属地管理，由纠纷发生地的人民调解组织调解"))
    else:
        mediation_type, supervised = rule.mediation_type, rule.supervised
        kind, level = rule.organisation_kind, rule.level
        reasons.append(_("分流规则（优先级 {priority}）：{reason}").format(
            priority=rule.priority, reason=rule.reason))
    if not chain:
        reasons.append(_("案件未登记纠纷发生地，无法按属地筛选调解组织"))
    fitting = [o for o in orgs if _handles(o, case, mediation_type)
               and (o.kind == kind if kind else o.kind in PLACE_KINDS)
               and (level is None or level_of(o, regions) == level)]
    if not fitting and (kind or level):
        wanted = label(ORG_KINDS, kind) if kind else _("该层级的调解组织")
        reasons.append(_("本地没有可受理此案的{kind}，改按属地推荐人民调解组织").format(kind=wanted))
        mediation_type = "people"
        fitting = [o for o in orgs if _handles(o, case, mediation_type) and o.kind in PLACE_KINDS]
    reasons.append(_("调解类型：{type}").format(type=label(MEDIATION_TYPES, mediation_type)))
    if supervised:
        reasons.append(_("列入挂牌督办，由县级统筹跟踪"))
    return Routing(rule.id if rule else None, mediation_type, supervised, tuple(reasons),
                   tuple(_ranked(case, fitting, chain, regions)))
