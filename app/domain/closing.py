"""Ending mediation without agreement, archiving the file, and reopening it.

When mediation fails the mediator must end it and tell the parties which
other routes are open — arbitration, administrative handling or the courts
(PML art 26) — so the guidance given is recorded with the reason.  The file
is then archived (立卷归档, PML art 27) under a dossier number
（年）简称人调字第N号, after which it is read-only: a record that
can change silently after archiving proves nothing.  Only an administrator
may reopen it, with a reason, and the case returns to where it stood.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.domain.case_number import format_case_number
from app.domain.errors import ValidationError
from app.domain.text import N_, _
from app.domain.workflow import CaseStatus

CLOSE_OUTCOMES: Mapping[str, str] = {
    "not_agreed": N_("调解不成（终止调解）"),
    "withdrawn": N_("当事人撤回"),
}
GUIDANCE: Mapping[str, str] = {
    "litigation": N_("引导向人民法院起诉"),
    "arbitration": N_("引导申请仲裁"),
    "administrative": N_("引导通过行政途径解决"),
}
FILE_QUALITY: Mapping[str, str] = {
    "excellent": N_("优秀"),
    "good": N_("良好"),
    "qualified": N_("合格"),
    "unqualified": N_("不合格"),
}
ARCHIVE_PATTERN = "（{year}）{org}人调字第{seq}号"
"""The dossier number on the file cover (the case-file cover's 人调字 number)."""


def check_close(outcome: str, reason: str, guidance: str | None) -> None:
    """A termination needs its reason and the route the parties were told about."""
    if outcome not in CLOSE_OUTCOMES:
        raise ValidationError(
            _("结果只能是调解不成或撤回：{allowed}").format(allowed=", ".join(CLOSE_OUTCOMES)),
            "outcome")
    if guidance is not None and guidance not in GUIDANCE:
        raise ValidationError(
            _("“{key}”不是有效的引导途径，可选：{allowed}").format(
                key=guidance, allowed=", ".join(GUIDANCE)), "guidance")
    if outcome == "not_agreed":
        if not reason.strip():
            raise ValidationError(_("请填写终止调解的原因"), "reason")
        if guidance is None:
            raise ValidationError(
                _("终止调解时须告知当事人其他解决途径：请选择诉讼、仲裁或行政途径"), "guidance")
    elif guidance is not None:
        raise ValidationError(_("当事人撤回时不记录引导途径"), "guidance")


def format_archive_number(year: int, org_short: str, seq: int) -> str:
    """The ``seq``-th dossier archived by organisation ``org_short`` in ``year``."""
    return format_case_number(ARCHIVE_PATTERN, year, org_short, seq)


def archive_seq(number: str, year: int, org_short: str) -> int | None:
    """The serial in ``number`` if it is this organisation's dossier number for ``year``."""
    prefix, _sep, _rest = ARCHIVE_PATTERN.partition("{seq}")
    head = prefix.format(year=year, org=org_short)
    if not number.startswith(head) or not number.endswith("号"):
        return None
    digits = number[len(head):-1]
    return int(digits) if digits.isdigit() else None


def reopened_status(outcome: str | None, refused: bool) -> CaseStatus:
    """Where a reopened case returns to: the status it was archived from.

    Archiving is only allowed from a finished status, and the outcome says
    which one: an agreement case was archived after its follow-up.
    """
    if refused:
        return CaseStatus.REFUSED
    if outcome in (CaseStatus.NOT_AGREED, CaseStatus.WITHDRAWN, CaseStatus.REFERRED_OUT):
        return CaseStatus(outcome)
    return CaseStatus.FOLLOWED_UP


def check_reopen(reason: str) -> None:
    """Reopening an archived file must say why: the audit trail keeps the reason."""
    if not reason.strip():
        raise ValidationError(_("请填写重新打开的理由"), "reason")
