"""What a mediation agreement must contain, and the 30-day window for court confirmation.

PML art. 29 lists the contents of a written agreement (parties' particulars;
facts, disputed matters and responsibilities; what was agreed and how and
by when it is performed) and how it takes effect (signatures, the
mediator, the committee seal); art. 29 also fixes the copies at one per party
plus one for the committee.  A court refuses to confirm an agreement whose
content is unclear (SPC-2011 art. 7), so the app refuses to print one that
lacks an element, naming the element, instead of letting it reach the court.

CPL art. 205 / PML art. 33: the parties must apply jointly within 30 days of
the agreement taking effect (the day it takes effect is not counted, Civil
Code art. 201, so an agreement effective on 25 April may be taken to court
up to and including 25 May).  After that day the application is not
produced at all — a court would not accept it — and the clerk is told what
is left (PML art. 32: a suit on the agreement, or a fresh agreement); in the
last seven days of the window the case warns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from app.domain.dates import format_date_cn
from app.domain.errors import ValidationError
from app.domain.text import N_, _

CONFIRMATION_DAYS = 30
WARNING_DAYS = 7
"""The last this many days of the window (the last day included) warn: days 24–30."""

ELEMENTS: dict[str, str] = {
    "parties": N_("当事人基本情况"),
    "facts": N_("纠纷主要事实"),
    "disputed_matters": N_("争议事项"),
    "responsibilities": N_("各方责任"),
    "content": N_("协议内容"),
    "performance": N_("履行方式和期限"),
    "signatures": N_("当事人签名"),
    "mediator": N_("人民调解员"),
    "seal": N_("调解组织印章"),
    "copies": N_("协议份数"),
}
ORAL_ELEMENTS = ("parties", "content", "mediator")
DECISIONS = {"confirmed": N_("确认有效"), "rejected": N_("驳回申请")}


@dataclass(frozen=True)
class PartyElement:
    """A party as far as the agreement's validity is concerned."""

    name: str
    identified: bool
    """An ID number or unified social credit code is on record."""


@dataclass(frozen=True)
class ObligationElement:
    """One agreed term as far as its performance is concerned."""

    kind: str
    description: str
    amount: Decimal | None
    due_date: date | None
    manner: str | None


@dataclass(frozen=True)
class AgreementElements:
    """Everything :func:`check_agreement_elements` looks at."""

    form: str
    parties: tuple[PartyElement, ...]
    facts: str | None
    disputed_matters: str | None
    responsibilities: str | None
    obligations: tuple[ObligationElement, ...]
    terms: str | None
    mediators: tuple[str, ...]
    organisation: str | None
    copies: int | None


def _missing(key: str, detail: str | None = None) -> ValidationError:
    message = _("调解协议缺少必备要素“{element}”").format(element=_(ELEMENTS[key]))
    if detail:
        message += "：" + detail
    return ValidationError(message, key)


def copies_needed(parties: int) -> int:
    """One copy per party and one kept by the committee (PML art. 29)."""
    return parties + 1


def _check_performance(obligations: tuple[ObligationElement, ...]) -> None:
    for n, ob in enumerate(obligations, 1):
        if ob.due_date is None:
            raise _missing("performance", _("第{n}项“{what}”没有履行期限").format(
                n=n, what=ob.description))
        if ob.kind == "money" and (ob.amount is None or ob.amount <= 0):
            raise _missing("content", _("第{n}项是给付金钱，但没有填写金额").format(n=n))
        if ob.kind == "money" and not (ob.manner or "").strip():
            raise _missing("performance", _("第{n}项“{what}”没有履行方式").format(
                n=n, what=ob.description))


def check_agreement_elements(a: AgreementElements) -> None:
    """Refuse an agreement missing a required element; the message names the element."""
    required = ORAL_ELEMENTS if a.form == "oral" else tuple(ELEMENTS)
    if len(a.parties) < 2:
        raise _missing("parties", _("至少需要两方当事人"))
    for party in a.parties:
        if not party.name.strip():
            raise _missing("signatures", _("有当事人没有姓名，无法签名"))
        if "parties" in required and a.form != "oral" and not party.identified:
            raise _missing("parties", _("当事人{name}没有身份证号码或统一社会信用代码").format(
                name=party.name))
    texts = {"facts": a.facts, "disputed_matters": a.disputed_matters,
             "responsibilities": a.responsibilities}
    for key, value in texts.items():
        if key in required and not (value or "").strip():
            raise _missing(key)
    if not a.obligations and not (a.terms or "").strip():
        raise _missing("content")
    if "performance" in required:
        _check_performance(a.obligations)
    if not any(m.strip() for m in a.mediators):
        raise _missing("mediator")
    if "seal" in required and not (a.organisation or "").strip():
        raise _missing("seal")
    if "copies" in required and a.copies is not None and a.copies < copies_needed(len(a.parties)):
        raise _missing("copies", _("应不少于{n}份（每方当事人一份、调解委员会一份）").format(
            n=copies_needed(len(a.parties))))


@dataclass(frozen=True)
class ConfirmationDeadline:
    """The last day to apply for judicial confirmation and how close it is."""

    last_day: date
    days_left: int
    state: str
    """``open``, ``near`` (the last :data:`WARNING_DAYS` days) or ``passed``."""


def confirmation_last_day(effective_on: date) -> date:
    """The last day the parties may apply: 30 days after the agreement took effect."""
    return effective_on + timedelta(days=CONFIRMATION_DAYS)


def confirmation_deadline(effective_on: date, today: date) -> ConfirmationDeadline:
    """Where ``today`` falls in the application window."""
    last = confirmation_last_day(effective_on)
    left = (last - today).days
    state = "passed" if left < 0 else "near" if left < WARNING_DAYS else "open"
    return ConfirmationDeadline(last, left, state)


def last_day_text(last: date) -> str:
    """The last day written so nobody can read it as exclusive: 2025年5月25日以前（含当日）."""
    return _("{date}以前（含当日）").format(date=format_date_cn(last))


def deadline_warning(deadline: ConfirmationDeadline) -> str:
    """The warning of the last week: which day is the last, and how many days are left."""
    last = format_date_cn(deadline.last_day)
    if deadline.days_left == 0:
        return _("注意：今天（{last}）是申请司法确认的最后一天").format(last=last)
    return _("注意：申请司法确认的最后一天是{last}，仅剩{days}天").format(
        last=last, days=deadline.days_left)


def check_confirmation_paper(effective_on: date, today: date,
                             applied_on: date | None = None) -> ConfirmationDeadline:
    """Refuse to produce the joint application once the window has closed.

    An application already recorded as filed in time (``applied_on``) may be
    printed again for the case file; otherwise, after the last day, the
    refusal names that day and the way left to the parties.
    """
    deadline = confirmation_deadline(effective_on, applied_on or today)
    if deadline.state == "passed":
        raise ValidationError(_(
            "申请司法确认的期限已于{last}（含当日）届满，不能再出具司法确认申请书；"
            "当事人可以就调解协议的履行或内容向人民法院提起诉讼，或者重新调解达成新的协议"
            "（参照人民调解法第三十二条）").format(last=format_date_cn(deadline.last_day)),
            "applied_on")
    return deadline


def check_application(effective_on: date | None, applied_on: date, court: str) -> None:
    """An application needs a court and a filing date inside the 30-day window."""
    if not court.strip():
        raise ValidationError(_("请填写受理司法确认申请的法院"), "court")
    if effective_on is None:
        raise ValidationError(_("调解协议尚未生效，不能申请司法确认"), "applied_on")
    if applied_on < effective_on:
        raise ValidationError(_("申请日期不能早于协议生效日期"), "applied_on")
    last = confirmation_last_day(effective_on)
    if applied_on > last:
        raise ValidationError(_("已超过申请司法确认的期限：应在{last}申请").format(
            last=last_day_text(last)), "applied_on")


def check_decision(applied_on: date | None, result: str, ruling_number: str,
                   decided_on: date) -> None:
    """The court's ruling: confirmed or rejected, with its number and a date after filing."""
    if applied_on is None:
        raise ValidationError(_("请先登记司法确认申请"), "result")
    if result not in DECISIONS:
        raise ValidationError(_("法院决定只能是确认有效或驳回申请"), "result")
    if not ruling_number.strip():
        raise ValidationError(_("请填写法院裁定书编号"), "ruling_number")
    if decided_on < applied_on:
        raise ValidationError(_("裁定日期不能早于申请日期"), "decided_on")
