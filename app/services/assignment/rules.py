"""The routing-rule table an administrator edits: add, change, disable, reorder.

Rules are county policy, not code: when a county sets up a new specialised
committee or changes which cases it supervises, an administrator edits these
rows and the next recommendation follows them.  Every change is audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.domain.codes import (
    CATEGORIES,
    MEDIATION_TYPES,
    ORG_KINDS,
    RISKS,
    SOURCES,
    require_key,
)
from app.domain.errors import ValidationError
from app.domain.routing import Rule
from app.domain.text import _
from app.services.assignment.common import load_rules
from app.services.errors import NotFoundError
from app.services.security.access import require
from app.services.security.users import UserInfo
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import RoutingRule

LEVELS = ("village", "town", "county")


@dataclass(frozen=True)
class RuleInput:
    """A rule as the editor or a script gives it; empty conditions mean "any"."""

    priority: int
    mediation_type: str
    reason: str
    category: str | None = None
    source: str | None = None
    risk: str | None = None
    min_people: int | None = None
    organisation_kind: str | None = None
    level: str | None = None
    supervised: bool = False
    active: bool = True


def rules(db: Database, actor: UserInfo) -> list[Rule]:
    """All rules in the order they are tried."""
    with db.session() as s:
        require(s, actor, "network.read")
        return load_rules(s)


def _check(rule: RuleInput) -> RuleInput:
    for vocab, value, field in ((CATEGORIES, rule.category, "category"),
                                (SOURCES, rule.source, "source"), (RISKS, rule.risk, "risk"),
                                (ORG_KINDS, rule.organisation_kind, "organisation_kind")):
        if value is not None:
            require_key(vocab, value, field)
    require_key(MEDIATION_TYPES, rule.mediation_type, "mediation_type")
    if rule.level is not None and rule.level not in LEVELS:
        raise ValidationError(_("层级只能是 village、town 或 county"), "level")
    if not 0 <= rule.priority <= 100000:
        raise ValidationError(_("优先级须在 0 到 100000 之间"), "priority")
    if rule.min_people is not None and rule.min_people < 1:
        raise ValidationError(_("最少涉及人数须为正整数"), "min_people")
    if not rule.reason.strip():
        raise ValidationError(_("请写明分流理由：推荐时会显示给调解员"), "reason")
    return rule


def save_rule(db: Database, actor: UserInfo, rule: RuleInput, rule_id: int | None = None) -> Rule:
    """Add a rule, or change rule ``rule_id``."""
    _check(rule)
    with UnitOfWork(db, actor) as uow:
        require(uow.session, actor, "rules.admin")
        if rule_id is None:
            row = RoutingRule()
            uow.session.add(row)
        else:
            found = uow.session.get(RoutingRule, rule_id)
            if found is None:
                raise NotFoundError(_("分流规则不存在"))
            row = found
        for key, value in rule.__dict__.items():
            setattr(row, key, value.strip() if isinstance(value, str) and key == "reason"
                    else value)
        uow.commit()
        return Rule(row.id, row.priority, row.category, row.source, row.risk, row.min_people,
                    row.mediation_type, row.organisation_kind, row.level, row.supervised,
                    row.reason, row.active)


def set_active(db: Database, actor: UserInfo, rule_id: int, active: bool) -> None:
    """Disable a rule without losing it (or enable it again)."""
    with UnitOfWork(db, actor) as uow:
        require(uow.session, actor, "rules.admin")
        row = uow.session.get(RoutingRule, rule_id)
        if row is None:
            raise NotFoundError(_("分流规则不存在"))
        row.active = active
        uow.commit()


def move(db: Database, actor: UserInfo, rule_id: int, step: int) -> None:
    """Swap a rule's place with its neighbour (step −1 up, +1 down) in the order tried."""
    with UnitOfWork(db, actor) as uow:
        require(uow.session, actor, "rules.admin")
        rows = list(uow.session.execute(select(RoutingRule).order_by(
            RoutingRule.priority, RoutingRule.id)).scalars())
        index = next((n for n, r in enumerate(rows) if r.id == rule_id), None)
        if index is None:
            raise NotFoundError(_("分流规则不存在"))
        other = index + step
        if not 0 <= other < len(rows):
            return
        a, b = rows[index], rows[other]
        if a.priority == b.priority:
            b.priority += step
        a.priority, b.priority = b.priority, a.priority
        uow.commit()
