"""村民说事 papers: the sign-in sheet, the meeting minutes (会议记录) and the public notice (公示).

Zhejiang makes minutes mandatory for village meetings, and decisions and
their handling must be posted publicly by the villagers' committee, for a
stated period (村民委员会组织法 art 30).  No official form exists, so the
minutes follow the fields 宁波市法治乡村建设促进条例 art 18 asks the ledger
to record: meeting type, date and place, chair, attendance against the
total (quorum), each matter with who raised it, discussion, vote, decision,
handler and deadline, and signatures.  The minutes record that meeting
only: the villagers' later rating (评事) goes to the ledger.

A notice names no party of a private dispute (人民调解法 art 15; 个人信息保护法),
and a decision the law reserves to another body is posted as a
recommendation (:mod:`app.documents.village_matters`).
"""

from __future__ import annotations

from datetime import timedelta

from app.documents import layout as L
from app.documents.parts import day
from app.documents.village_matters import recommendation, reserved_to
from app.domain.codes import label
from app.domain.dates import format_date_cn, format_datetime_cn
from app.domain.document_model import MeetingData, MeetingItemData
from app.domain.meeting_codes import ITEM_CATEGORIES
from app.domain.text import _

NOTICE_DAYS = 7
"""公示期 of a notice, in days with the first day counted (local practice: the law sets
no period for ordinary matters, only that the period be stated)."""


def _attendance(m: MeetingData) -> str:
    if m.members_total:
        return _("应到{total}人，实到{present}人").format(total=m.members_total,
                                                       present=m.present)
    return _("实到{present}人").format(present=m.present)


def _decision(item: MeetingItemData, body: str) -> str:
    """The decision as minuted: a recommendation, so labelled, when another body decides it."""
    decision = item.decision or ""
    who = reserved_to(item, body) if decision else None
    return recommendation(decision, who) if who else decision


def _labelled_decision(item: MeetingItemData, body: str) -> str:
    """议定：… for a decision, 建议…：… for a recommendation, as the notice posts it."""
    text = _decision(item, body).rstrip("。")
    if reserved_to(item, body):
        return text
    return _("议定：{decision}").format(decision=text)


def minutes(m: MeetingData) -> L.Form:
    """会议记录 of one 村民说事 meeting: every matter raised, discussed, voted and assigned."""
    head = (
        (_("会议类型"), m.kind, _("时间"), format_datetime_cn(m.held_at)),
        (_("地点"), m.venue or "", _("主持人"), m.host or ""),
        (_("记录人"), m.recorder or "", _("出席情况"), _attendance(m)),
        (_("出席人员"), "、".join(m.attendees) or _("见签到表")),
    )
    labels = frozenset({(r, 0) for r in range(4)} | {(r, 2) for r in range(3)})
    blocks: list[L.Block] = [
        L.Title(_("村民说事会议记录"), m.org.name),
        L.Grid(head, (0.15, 0.35, 0.15, 0.35), labels),
    ]
    sections: list[L.Block] = []
    for item in m.items:
        rows = (
            (_("说事人"), item.raised_by),
            (_("所说事项"), item.matter),
            (_("议事情况"), item.discussion or ""),
            (_("表决情况"), item.vote or _("未表决")),
            (_("议定事项"), _decision(item, m.body)),
            (_("办理人及期限"), (item.responsible or "") + (
                _("，{date}以前（含当日）办结").format(date=day(item.deadline))
                if item.deadline else "")),
        )
        sections += [L.Heading(_("事项{n}").format(n=item.ordinal + 1)),
                     L.Grid(rows, (0.2, 0.8), frozenset((r, 0) for r in range(len(rows))))]
    if not m.items:
        sections.append(L.Para(_("本次会议未登记说事事项。")))
    signatures = L.Signatures((L.Signer(_("主持人：{name}").format(name=m.host or ""),
                                        (_("签名："),)),
                               L.Signer(_("记录人：{name}").format(name=m.recorder or ""),
                                        (_("签名："),))))
    blocks += [*sections[:-1], L.Together((sections[-1], L.Spacer(), signatures))]
    return L.Form("meeting-minutes", _("村民说事会议记录"), tuple(blocks), m.org,
                  _reference(m))


def _reference(m: MeetingData) -> str:
    return f"{m.village} {format_date_cn(m.held_at.date())}"


SIGN_IN_SPARE_ROWS = 8


def sign_in(m: MeetingData) -> L.Form:
    """签到表: everyone expected signs by hand; spare lines for people who come on the day.

    The signed sheet is what proves the quorum later, so it lists the people
    already signed in with their role and leaves the signature column blank.
    """
    rows: list[tuple[str, ...]] = [(_("序号"), _("姓名"), _("身份"), _("签名"))]
    roles = m.attendee_roles or ("",) * len(m.attendees)
    signed_in = zip(m.attendees, roles, strict=True)
    rows += [(str(n), name, role, "") for n, (name, role) in enumerate(signed_in, 1)]
    first_spare = len(m.attendees) + 1
    rows += [(str(n), "", "", "") for n in range(first_spare, first_spare + SIGN_IN_SPARE_ROWS)]
    blocks: list[L.Block] = [
        L.Title(_("村民说事签到表"), m.org.name),
        L.Para(_("时间：{when}　地点：{venue}　主持人：{host}").format(
            when=format_datetime_cn(m.held_at), venue=m.venue or "", host=m.host or "")),
        L.Grid(tuple(rows), (0.1, 0.25, 0.3, 0.35), header=True),
        L.Para(_("应到人数：{total}　实到人数：______").format(
            total=m.members_total if m.members_total else "______")),
    ]
    return L.Form("meeting-signin", _("村民说事签到表"), tuple(blocks), m.org, _reference(m))


def _posted_item(n: int, item: MeetingItemData, body: str) -> str:
    """One line of the notice; a private dispute shows its kind only, never its parties."""
    if item.private_dispute:
        text = _("{n}. 村民反映的一起{kind}（涉及当事人个人信息，不予公示）").format(
            n=n, kind=label(ITEM_CATEGORIES, item.category))
        if item.became_case:
            text += _("，已转入人民调解程序")
        return text + "。"
    text = _("{n}. {matter}。{decision}").format(
        n=n, matter=item.matter.rstrip("。"), decision=_labelled_decision(item, body))
    if item.vote:
        text += _("（{vote}）").format(vote=item.vote)
    if item.responsible:
        text += _("；办理人：{who}").format(who=item.responsible)
    if item.deadline:
        text += _("；办结期限：{date}以前（含当日）").format(date=day(item.deadline))
    return text + "。"


def notice(m: MeetingData) -> L.Form:
    """公示 by the villagers' committee: what the meeting decided, for a stated period."""
    decided = [i for i in m.items if i.decision]
    start = m.posted_on or m.held_at.date()
    end = start + timedelta(days=NOTICE_DAYS - 1)
    blocks: list[L.Block] = [
        L.Title(_("村民说事议定事项公示"), m.org.name),
        L.Para(_("{when}，本村在{venue}召开{kind}会议（{attendance}），议定以下事项，现予公示：")
               .format(when=format_datetime_cn(m.held_at), venue=m.venue or _("村委会"),
                       kind=m.kind, attendance=_attendance(m))),
        *[L.Para(_posted_item(n, item, m.body)) for n, item in enumerate(decided, 1)],
    ]
    if not decided:
        blocks.append(L.Para(_("本次会议没有形成议定事项。")))
    blocks += [L.Together((
                   L.Para(_("公示期：{start}至{end}（共{days}天）。").format(
                       start=format_date_cn(start), end=format_date_cn(end), days=NOTICE_DAYS)),
                   L.Para(_("公示期间，村民对上述事项有意见的，可向村民委员会或村务监督委员会反映，"
                            "本村将在二十日内答复。")),
                   L.Seal(m.org.name, start)))]
    return L.Form("meeting-notice", _("村民说事议定事项公示"), tuple(blocks), m.org,
                  _reference(m))


MEETING_FORMS = {"meeting-minutes": minutes, "meeting-notice": notice, "meeting-signin": sign_in}
"""The papers printed from a 村民说事 meeting, by document kind."""
