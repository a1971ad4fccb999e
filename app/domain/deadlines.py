"""How long a case may take, and whether it is running late.

Sources: MoJ 人民调解工作若干规定 art 33; SPC 特邀调解规定 art 27.

Committee mediation usually takes a month; court pre-filing delegation 30
days; court entrustment after filing 15 days.  Those numbers are local policy
an administrator edits (the ``deadline_rules`` table), so the functions here
take the rules as a plain mapping and never read them themselves: the same
rule gives the same deadline in a test, the GUI and the CLI.

A deadline may be extended (both parties ask, a leader approves); the latest
extension wins.  The warning panel asks two questions of a deadline on a given
day: is it due within :data:`DUE_SOON_DAYS`, and is it past.  Only cases still
being mediated can run late — once an outcome is recorded the clock stops.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from enum import StrEnum

from app.domain.errors import ValidationError
from app.domain.text import _
from app.domain.workflow import CaseStatus

FALLBACK_SOURCE = "other"
"""The rule used for a source without a rule of its own."""
DEFAULT_DAYS = 30
"""Used only when the rules table has no fallback row either (PML practice: one month)."""
DEFAULT_RULES: Mapping[str, int] = {"court_pre_filing": 30, "court_entrusted": 15, "other": 30}
"""The defaults migration 0003 seeds; for callers without a case base (tests, previews)."""
DUE_SOON_DAYS = 3
MAX_RULE_DAYS = 365
RUNNING = frozenset({CaseStatus.RECEIVED, CaseStatus.ASSIGNED, CaseStatus.IN_MEDIATION})
"""Statuses whose deadline still runs."""


class DeadlineState(StrEnum):
    """Where a running case stands against its deadline on one day."""

    NONE = "none"
    ON_TIME = "on_time"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


def mediation_days(source: str, rules: Mapping[str, int] = DEFAULT_RULES) -> int:
    """Days allowed for a case from ``source``: its own rule, else the fallback rule."""
    return rules.get(source, rules.get(FALLBACK_SOURCE, DEFAULT_DAYS))


def default_deadline(source: str, received: date,
                     rules: Mapping[str, int] = DEFAULT_RULES) -> date:
    """The last day for mediating a case received on ``received`` from ``source``."""
    return received + timedelta(days=mediation_days(source, rules))


def current_deadline(initial: date | None, extended_to: list[date]) -> date | None:
    """The deadline in force: the last extension (in the order granted), else the initial one."""
    return extended_to[-1] if extended_to else initial


def check_rule_days(days: int) -> int:
    """Return ``days`` if it can be a mediation time limit, else say why not."""
    if not 1 <= days <= MAX_RULE_DAYS:
        raise ValidationError(
            _("期限天数必须在 1 到 {max} 天之间").format(max=MAX_RULE_DAYS), "days")
    return days


def check_extension(current: date | None, new: date, received: date, reason: str,
                    approver: str) -> None:
    """Refuse an extension that does not move the deadline later or lacks reason or approver.

    An extension needs both parties' consent and a responsible person's approval
    (MoJ 2002 art 33; NB-2015 art 27), so the reason and the approver are part
    of the record, not optional notes.
    """
    if not reason.strip():
        raise ValidationError(_("请填写延长期限的理由（如双方当事人同意延长）"), "reason")
    if not approver.strip():
        raise ValidationError(_("请填写批准延长的负责人"), "approver")
    if new <= received:
        raise ValidationError(_("新的期限必须晚于受理日期"), "new_deadline")
    if current is not None and new <= current:
        raise ValidationError(
            _("新的期限必须晚于现在的期限（{date}）").format(date=current.isoformat()),
            "new_deadline")


def deadline_state(deadline: date | None, status: CaseStatus, today: date) -> DeadlineState:
    """Due soon (within :data:`DUE_SOON_DAYS`, today included), overdue, or on time."""
    if deadline is None or status not in RUNNING:
        return DeadlineState.NONE
    if deadline < today:
        return DeadlineState.OVERDUE
    if deadline <= due_soon_until(today):
        return DeadlineState.DUE_SOON
    return DeadlineState.ON_TIME


def due_soon_until(today: date) -> date:
    """The last deadline that counts as "due within three days" on ``today``."""
    return today + timedelta(days=DUE_SOON_DAYS)
