"""How an agreed case goes on: the agreement, its obligations, court confirmation, 回访.

An agreed case's status says how far performance has got: obligations paid in
instalments or at once, some missed while the case is performing (and urged
by reminder visits from the grace day on), a few agreements confirmed by the
court (司法确认), and follow-up visits after the last payment fell due.  The
rules are the program's own (app.domain.performance): a 已回访 case's visit
found everything performed, and the agreement's performance code is worked
out from its obligations as the ledger would.  Drawn here, in the random
stream's fixed order, and written as rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.demo import words
from app.demo.case import Case
from app.demo.values import CN_ORDINALS, choice
from app.domain import performance as rules
from app.domain.workflow import CaseStatus as S

if TYPE_CHECKING:
    from app.demo.cases import CaseMaker


def agreement(maker: CaseMaker, case: Case, facts: str, closed: int, visitor: str) -> int:
    """The agreement, its obligations as performed so far, court confirmation, follow-ups.

    Returns the last day a paper of the case file is dated (a confirmation, a
    follow-up visit), so the volume is not archived before it.
    """
    r, values, end, status, slots = maker.r, maker.values, maker.today, case.status, case.slots
    money_word = words.CATEGORY_TEXTS[case.category].money_word
    terms: list[tuple[str, int | None, str, int, str | None]] = []
    if case.amount:
        total = max(100, int(round(case.amount * (0.5 + 0.5 * r()), -2)))
        if total >= 20000 and r() < 0.35:
            parts = 2 + (r() < 0.4)
            share = total // parts // 100 * 100
            way = choice(r, words.PAYMENT_MANNERS[1:4])
            for k in range(parts):
                terms.append(("money", share if k < parts - 1 else total - share * (parts - 1),
                              f"第{CN_ORDINALS[k]}期{money_word}", closed + 30 * k, way))
        elif r() < 0.5:
            terms.append(("money", total, money_word, closed,
                          choice(r, (words.PAYMENT_MANNERS[0], words.PAYMENT_MANNERS[4]))))
        else:
            terms.append(("money", total, money_word, closed + 7 + int(r() * 24),
                          choice(r, words.PAYMENT_MANNERS[1:4])))
    if not terms or (len(terms) < 3 and r() < 0.3):
        terms.append(("act", None, choice(r, case.template.terms).format_map(slots),
                      closed + 7 + int(r() * 24), None))
    if "last_due_ago" in case.forced:
        kind, yuan, what, _due, manner = terms[-1]
        terms[-1] = (kind, yuan, what, max(closed, end - case.forced["last_due_ago"]), manner)
    agreement_id = maker.next_id("agreements")
    debtor, creditor = case.respondents[0], case.applicants[0]
    standing: list[rules.ObligationProgress] = []
    missed: list[int] = []
    for n, (kind, yuan, what, due, manner) in enumerate(terms):
        last = n == len(terms) - 1
        # A case is 已回访 only once a visit found everything performed; while it is
        # performing some instalments that fell due were missed (履行逾期), some paid in part.
        done = status in (S.FOLLOWED_UP, S.ARCHIVED) or (
            status == S.PERFORMING and due <= end and not last and r() >= 0.3)
        paid = yuan if done else yuan // 2 if (
            status == S.PERFORMING and yuan and due < end and r() < 0.3) else None
        on = max(closed, min(due, end) - int(r() * 3)) if done or paid else None
        if not done and due < end:
            missed.append(due)
        money = values.money(yuan) if yuan else None
        state = "performed" if done else "partial" if paid else "pending"
        standing.append(rules.ObligationProgress(state, None, None, None,
                                                 not done and due < end))
        obligation_id = maker.next_id("obligations")
        maker.rows["obligations"].append((
            obligation_id, agreement_id, n, debtor.id, creditor.id, kind, money,
            what, values.day[due], manner, values.money(paid) if paid else None,
            values.day[on] if on is not None else None, state, 1,
        ))
        if on is not None:
            maker.rows["performance_records"].append((
                maker.next_id("performance_records"), obligation_id, values.day[on],
                values.money(paid) if paid else None,
                manner if kind == "money" else "已按协议履行", case.org.registered_by, 1,
            ))
    written = r() >= (0.3 if not case.amount or case.amount < 5000 else 0.04)
    last_paper = closed
    applied = False
    if written and case.category != "marriage_family" and r() < 0.18:
        confirmation = _confirmation(maker, agreement_id, closed)
        applied = confirmation > closed
        last_paper = max(last_paper, confirmation)
    finding = None
    visited = closed
    if missed and status == S.PERFORMING:
        visited, finding = _reminders(maker, case, missed[0], visitor, any(
            o.status != "pending" for o in standing))
    elif status in (S.FOLLOWED_UP, S.ARCHIVED) or (status == S.PERFORMING and r() < 0.3):
        visited, finding = _followups(maker, case, closed, [t[3] for t in terms], visitor)
    maker.rows["agreements"].append((
        agreement_id, case.id, "written" if written else "oral", case.number, facts,
        choice(r, words.DISPUTED_MATTERS).format_map(slots),
        choice(r, words.RESPONSIBILITIES).format_map(slots), words.CLOSING_TERM,
        case.principals + 1 if written else None, values.day[closed], values.day[closed],
        rules.agreement_code(standing, confirmation_applied=applied, latest_finding=finding), 1,
    ))
    return max(last_paper, visited)


def _confirmation(maker: CaseMaker, agreement_id: int, effective: int) -> int:
    """司法确认 applied for within 30 days of the agreement, decided within 15 more.

    Returns the last day of it on record (the effective day when none was applied for).
    """
    r, values, end = maker.r, maker.values, maker.today
    applied = effective + 1 + int(r() * 20)
    if applied > end:
        return effective
    decided = applied + 3 + int(r() * 12)
    ruling = result = None
    if decided <= end:
        year = values.dates[decided].year
        serial = maker.ruling_seq.get(year) or 80 + int(r() * 150)
        maker.ruling_seq[year] = serial + 1 + int(r() * 3)
        ruling = f"（{year}）{words.COURT_RULING_PREFIX}{serial}号"
        result = "confirmed" if r() < 0.96 else "rejected"
    maker.rows["judicial_confirmations"].append((
        maker.next_id("judicial_confirmations"), agreement_id, words.COURT_NAME,
        values.day[applied], result, ruling, values.day[decided] if ruling else None, 1,
    ))
    return decided if ruling else applied


def _followups(maker: CaseMaker, case: Case, effective: int, dues: list[int],
               visitor: str) -> tuple[int, str]:
    """回访 after the last due date; a first visit after the first instalment when there are more.

    A 已回访 case's last visit found everything performed (the ledger says so); a
    performing case's visit found it partly done.  Returns the day of the last visit
    and what it found.
    """
    r, values, end = maker.r, maker.values, maker.today
    performing = case.status == S.PERFORMING
    first, last_due = min(dues), max(dues)
    days = [min(max(effective + 10 + int(r() * 20), last_due + rules.GRACE_DAYS), end)]
    if not performing and last_due - first > 20 and first + rules.GRACE_DAYS < end and r() < 0.3:
        days.insert(0, first + rules.GRACE_DAYS)
    last = effective
    found = "partial"
    for n, scheduled in enumerate(days):
        found = "performed" if n == len(days) - 1 and not performing else "partial"
        s = r()
        score = 5 if s < 0.7 else 4 if s < 0.92 else 3 if s < 0.98 else 2
        notes = (words.FOLLOWUP_NOTES[int(r() * 3)] if found == "performed"
                 else words.FOLLOWUP_NOTES[3])
        visited = max(min(scheduled + int(r() * 3), end), last)
        last = visited
        maker.rows["followups"].append((
            maker.next_id("followups"), case.id, values.day[scheduled],
            values.day[visited], visitor,
            choice(r, ("phone", "phone", "visit", "visit", "online")), found, score,
            min(5, score + (r() < 0.3)), score, notes.format_map(case.slots), 1,
        ))
    return last, found


def _reminders(maker: CaseMaker, case: Case, due: int, visitor: str,
               some_done: bool) -> tuple[int, str | None]:
    """督促履行: visits after a missed due date, about a month apart, until today.

    The first is planned for the grace day after the due date (as
    app.domain.performance.followup_plan plans it), the next ones about
    :data:`~app.domain.performance.REMINDER_DAYS` after the last; after three
    reminders the mediator also points the creditor to the court.  Each found the agreement
    partly or not performed, so the case stays 履行中.  Returns the day of the
    last visit (the due date when none has been made yet) and what it found.
    """
    r, values, end = maker.r, maker.values, maker.today
    scheduled = due + rules.GRACE_DAYS
    found = "partial" if some_done else "unperformed"
    last, finding = due, None
    n = 0
    while scheduled <= end:
        visited = min(scheduled + int(r() * 3), end)
        notes = (choice(r, words.REMINDER_COURT_NOTES) if n >= 3 and r() < 0.5
                 else choice(r, words.REMINDER_NOTES))
        maker.rows["followups"].append((
            maker.next_id("followups"), case.id, values.day[scheduled], values.day[visited],
            visitor, "visit" if r() < 0.4 else "phone", found, None, None, None,
            notes.format_map(case.slots), 1,
        ))
        last, finding = visited, found
        n += 1
        scheduled = visited + rules.REMINDER_DAYS - 5 + int(r() * 11)
    return last, finding
