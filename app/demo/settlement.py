"""How an agreed case goes on: the agreement, its obligations, court confirmation, 回访.

An agreed case's status says how far performance has got: obligations paid in
instalments or at once, some missed while the case is performing, a few
agreements confirmed by the court (司法确认), and follow-up visits after the
last payment fell due.  Drawn here, in the random stream's fixed order, and
written as rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.demo import words
from app.demo.case import Case
from app.demo.values import CN_ORDINALS, choice
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
    agreement_id = maker.next_id("agreements")
    debtor, creditor = case.respondents[0], case.applicants[0]
    partial = status == S.FOLLOWED_UP and r() < 0.05
    performed_any = missed_any = False
    for n, (kind, yuan, what, due, manner) in enumerate(terms):
        last = n == len(terms) - 1
        # Some instalments that fell due while a case is performing were missed (履行逾期).
        done = (status in (S.FOLLOWED_UP, S.ARCHIVED) and not (partial and last)) or (
            status == S.PERFORMING and due <= end and not last and r() >= 0.3)
        performed_on = max(closed, min(due, end) - int(r() * 3)) if done else None
        performed_any = performed_any or done
        missed_any = missed_any or (not done and due < end)
        money = values.money(yuan) if yuan else None
        short = partial and last and yuan
        obligation_id = maker.next_id("obligations")
        maker.rows["obligations"].append((
            obligation_id, agreement_id, n, debtor.id, creditor.id, kind, money,
            what, values.day[due], manner,
            money if done else values.money(yuan // 2) if short and yuan else None,
            values.day[performed_on] if performed_on is not None else None,
            "performed" if done else "partial" if short else "pending", 1,
        ))
        if done or short:
            maker.rows["performance_records"].append((
                maker.next_id("performance_records"), obligation_id,
                values.day[performed_on if performed_on is not None else min(due, end)],
                money if done else values.money(yuan // 2) if yuan else None,
                manner if kind == "money" else "已按协议履行", case.org.registered_by, 1,
            ))
    written = r() >= (0.3 if not case.amount or case.amount < 5000 else 0.04)
    performance = (
        "pending" if status == S.AGREED
        else "performed" if status in (S.FOLLOWED_UP, S.ARCHIVED) and not partial
        else "partial" if performed_any or partial
        else "unperformed" if missed_any else "pending"
    )
    maker.rows["agreements"].append((
        agreement_id, case.id, "written" if written else "oral", case.number, facts,
        choice(r, words.DISPUTED_MATTERS).format_map(slots),
        choice(r, words.RESPONSIBILITIES).format_map(slots), words.CLOSING_TERM,
        case.principals + 1 if written else None, values.day[closed], values.day[closed],
        performance, 1,
    ))
    last_paper = closed
    if written and case.category != "marriage_family" and r() < 0.18:
        last_paper = max(last_paper, _confirmation(maker, agreement_id, closed))
    if status in (S.FOLLOWED_UP, S.ARCHIVED) or (status == S.PERFORMING and r() < 0.3):
        last_paper = max(last_paper, _followups(maker, case, closed, max(t[3] for t in terms),
                                                visitor, partial))
    return last_paper


def _confirmation(maker: CaseMaker, agreement_id: int, effective: int) -> int:
    """司法确认 applied for within 30 days of the agreement, decided within 15 more.

    Returns the last day of it on record (the effective day when there is none yet).
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


def _followups(maker: CaseMaker, case: Case, effective: int, last_due: int, visitor: str,
               partial: bool) -> int:
    """回访 after the last payment fell due; a second visit when the first found a shortfall.

    Returns the day of the last visit.
    """
    r, values, end = maker.r, maker.values, maker.today
    performing = case.status == S.PERFORMING
    visits = 2 if r() < 0.15 and not performing else 1
    scheduled = min(max(effective + 10 + int(r() * 20), last_due + 3), end)
    last = effective
    for n in range(visits):
        found = "performed" if n == visits - 1 and not performing and not partial else "partial"
        s = r()
        score = 5 if s < 0.7 else 4 if s < 0.92 else 3 if s < 0.98 else 2
        notes = (words.FOLLOWUP_NOTES[int(r() * 3)] if found == "performed"
                 else words.FOLLOWUP_NOTES[3])
        visited = min(scheduled + int(r() * 3), end)
        last = max(last, visited)
        maker.rows["followups"].append((
            maker.next_id("followups"), case.id, values.day[scheduled],
            values.day[visited], visitor,
            choice(r, ("phone", "phone", "visit", "visit", "online")), found, score,
            min(5, score + (r() < 0.3)), score, notes.format_map(case.slots), 1,
        ))
        scheduled = min(scheduled + 15 + int(r() * 15), end)
    return last

