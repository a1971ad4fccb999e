"""Performance of an agreement, worked out from its ledger (人民调解法 art 31).

The committee must monitor performance and urge the parties to perform.  To
do that from facts rather than impressions, each obligation keeps a ledger of
what was actually paid or done and when; its status and the agreement's
performance code are *computed* from those lines, never typed in, so the
warning panel, the follow-up form and the statistics all agree.

Follow-up visits are planned from the same data (see :func:`followup_plan`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from app.domain.errors import ValidationError
from app.domain.text import N_, _

OBLIGATION_STATUSES: Mapping[str, str] = {
    "pending": N_("未履行"),
    "partial": N_("部分履行"),
    "performed": N_("已履行"),
}
PERFORMANCE_CODES: Mapping[str, str] = {
    "pending": N_("待履行"),
    "performed": N_("已履行"),
    "partial": N_("部分履行"),
    "unperformed": N_("未履行（督促中）"),
    "confirmation_applied": N_("已申请司法确认"),
    "sued": N_("已起诉"),
}
"""Performance codes (人民调解法 arts 31–33), plus "pending" while nothing has fallen due."""
FOLLOWUP_FINDINGS: Mapping[str, str] = {
    "performed": N_("已履行"),
    "partial": N_("部分履行"),
    "unperformed": N_("未履行"),
    "sued": N_("已起诉"),
}
"""What a follow-up visit found; "sued" means a party has gone to court over the agreement."""
FIRST_VISIT_DAYS = 15
"""With nothing left to fall due, visit this many days after the agreement took effect."""
GRACE_DAYS = 3
"""Visit this many days after a due date: time for a transfer to arrive or a receipt to come."""
REMINDER_DAYS = 30
"""While a due date stays missed, urge the debtor again this many days after the last visit."""


@dataclass(frozen=True)
class LedgerLine:
    """One payment or act recorded against an obligation."""

    on_date: date
    amount: Decimal | None


@dataclass(frozen=True)
class ObligationProgress:
    """An obligation's standing on one day, from its ledger."""

    status: str
    performed_amount: Decimal | None
    performed_on: date | None
    outstanding: Decimal | None
    overdue: bool


def check_line(kind: str, owed: Decimal | None, on_date: date, amount: Decimal | None,
               agreement_date: date | None, today: date) -> None:
    """Refuse a ledger line that cannot be true: a future date, a payment before the agreement."""
    if on_date > today:
        raise ValidationError(_("履行日期不能晚于今天"), "on_date")
    if agreement_date is not None and on_date < agreement_date:
        raise ValidationError(_("履行日期不能早于协议生效日期"), "on_date")
    if kind == "money":
        if amount is None or amount <= 0:
            raise ValidationError(_("请填写本次支付的金额（大于零）"), "amount")
        if owed is not None and amount > owed:
            raise ValidationError(_("本次支付金额超过了尚欠金额"), "amount")


def progress(kind: str, owed: Decimal | None, due: date | None,
             lines: Sequence[LedgerLine], today: date) -> ObligationProgress:
    """Paid in full, partly or not yet; overdue when the due date passed before full performance.

    A money obligation is performed when the lines add up to the amount owed;
    an act (apologise, remove the wall) is performed by its one recorded line.
    """
    ordered = sorted(lines, key=lambda line: line.on_date)
    paid = sum((line.amount or Decimal(0) for line in ordered), Decimal(0))
    last = ordered[-1].on_date if ordered else None
    if kind == "money" and owed is not None:
        outstanding: Decimal | None = max(owed - paid, Decimal(0))
        status = "performed" if paid >= owed else "partial" if paid > 0 else "pending"
    else:
        outstanding = None
        status = "performed" if ordered else "pending"
    overdue = status != "performed" and due is not None and due < today
    return ObligationProgress(status, paid if ordered and kind == "money" else None,
                              last, outstanding, overdue)


def agreement_code(obligations: Sequence[ObligationProgress], *, confirmation_applied: bool,
                   latest_finding: str | None) -> str:
    """The agreement's performance code from its obligations' progress.

    Fully performed wins; otherwise a lawsuit found at follow-up, then an
    application for judicial confirmation, say more than the ledger does.
    """
    if obligations and all(o.status == "performed" for o in obligations):
        return "performed"
    if latest_finding == "sued":
        return "sued"
    if confirmation_applied:
        return "confirmation_applied"
    if any(o.status != "pending" for o in obligations):
        return "partial"
    if any(o.overdue for o in obligations):
        return "unperformed"
    return "pending"


def followup_plan(effective_on: date, due_dates: Sequence[date]) -> tuple[date, ...]:
    """The days to visit: :data:`GRACE_DAYS` after each due date, or 15 days after the agreement.

    Instalments each get their own visit, because a missed instalment is the
    moment urging helps; an agreement performed on the spot still gets one
    visit to ask whether the dispute is truly settled.
    """
    visits = {due + timedelta(days=GRACE_DAYS) for due in due_dates if due >= effective_on}
    return tuple(sorted(visits)) or (effective_on + timedelta(days=FIRST_VISIT_DAYS),)


def suggested_visit(due: date, today: date, last_visit: date | None = None) -> date:
    """When to visit about a missed due date: its grace day, or today if that has passed.

    Once the debtor has been urged (a visit after the due date), the next
    reminder falls :data:`REMINDER_DAYS` after that visit, so an instalment
    urged last week is not shown as needing a visit today.
    """
    if last_visit is not None and last_visit > due:
        return max(last_visit + timedelta(days=REMINDER_DAYS), today)
    return max(due + timedelta(days=GRACE_DAYS), today)


def check_satisfaction(score: int | None, field: str) -> None:
    """Satisfaction is scored 1 (very dissatisfied) to 5 (very satisfied), or left blank."""
    if score is not None and not 1 <= score <= 5:
        raise ValidationError(_("满意度请打 1 到 5 分"), field)
