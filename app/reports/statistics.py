"""Headline statistics for a period, as the monthly MoJ-style report counts them.

Each user counts the cases in their scope (app/services/security/access.py):
a town's clerk gets the town's figures, a county director the county's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import func, select

from app.services.security.access import require, visible_cases
from app.services.security.users import UserInfo
from app.store.database import Database
from app.store.models import Agreement, Case, Obligation

SUCCESS_STATUSES = ("agreed", "performing", "followed_up")
CLOSED_STATUSES = ("agreed", "not_agreed", "withdrawn", "performing", "followed_up", "archived")


@dataclass(frozen=True)
class PeriodSummary:
    """Counts for one period; the success rate is over cases that reached an outcome."""

    start: date
    end: date
    received: int
    by_status: dict[str, int]
    by_category: dict[str, int]
    by_source: dict[str, int]
    succeeded: int
    concluded: int
    agreement_amount: Decimal

    @property
    def success_rate(self) -> float | None:
        """调解成功率; None when nothing has concluded yet."""
        return self.succeeded / self.concluded if self.concluded else None


def summary(db: Database, actor: UserInfo, start: date, end: date) -> PeriodSummary:
    """Statistics of the cases the user may see received from ``start`` to ``end`` inclusive."""
    lo, hi = datetime.combine(start, time.min), datetime.combine(end, time.max)
    with db.session() as s:
        scope = visible_cases(require(s, actor, "stats.read"))
        in_period = (Case.received_at >= lo, Case.received_at <= hi,
                     *([] if scope is None else [scope]))

        def grouped(column: object) -> dict[str, int]:
            rows = s.execute(
                select(column, func.count()).where(*in_period).group_by(column)  # type: ignore[call-overload]
            ).all()
            return {str(k): int(n) for k, n in rows}

        by_status = grouped(Case.status)
        by_category = grouped(Case.category)
        by_source = grouped(Case.source)
        archived_with_agreement = s.scalar(
            select(func.count()).select_from(Case).join(Agreement, Agreement.case_id == Case.id)
            .where(*in_period, Case.status == "archived")
        ) or 0
        amount = s.scalar(
            select(func.coalesce(func.sum(Obligation.amount), 0))
            .select_from(Obligation)
            .join(Agreement, Agreement.id == Obligation.agreement_id)
            .join(Case, Case.id == Agreement.case_id)
            .where(*in_period, Obligation.kind == "money")
        )
    succeeded = sum(by_status.get(k, 0) for k in SUCCESS_STATUSES) + int(archived_with_agreement)
    concluded = sum(by_status.get(k, 0) for k in CLOSED_STATUSES)
    return PeriodSummary(start, end, sum(by_status.values()), by_status, by_category, by_source,
                         succeeded, concluded, Decimal(str(amount or 0)))
