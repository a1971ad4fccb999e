"""村民说事 papers: the sign-in sheet, the meeting minutes (会议记录) and the public notice (公示).

Zhejiang makes minutes mandatory for village meetings, and decisions and
their handling must be posted publicly (组织法 art. 30).  No
official form exists, so the minutes follow the fields 宁波市法治乡村建设促进条例
art 18 asks the ledger to record:
meeting type, date and place, chair, attendance against the total (quorum),
each matter with who raised it, discussion, vote, decision, handler and
deadline, evaluation, and signatures.
"""

from __future__ import annotations

from app.documents import layout as L
from app.documents.parts import day
from app.domain.dates import format_datetime_cn
from app.domain.document_model import MeetingData
from app.domain.text import _


def _attendance(m: MeetingData) -> str:
    if m.members_total:
        return _("应到{total}人，实到{present}人").format(total=m.members_total,
                                                       present=m.present)
    return _("实到{present}人").format(present=m.present)


def minutes(m: MeetingData) -> L.Form:
    """会议记录 of one 村民说事 meeting, every matter through 说、议、办、评."""
    head = (
        (_("会议类型"), m.kind, _("时间"), format_datetime_cn(m.held_at)),
        (_("地点"), m.venue or "", _("主持人"), m.host or ""),
        (_("记录人"), m.recorder or "", _("出席情况"), _attendance(m)),
        (_("出席人员"), "、".join(m.attendees) or _("见签到表")),
    )
    labels = frozenset({(r, 0) for r in range(4)} | {(r, 2) for r in range(3)})
    blocks: list[L.Block] = [
        L.Title(_("村民说事会议记录"), m.village),
        L.Grid(head, (0.15, 0.35, 0.15, 0.35), labels),
    ]
    for item in m.items:
        rows = (
            (_("说事人"), item.raised_by),
            (_("所说事项"), item.matter),
            (_("议事情况"), item.discussion or ""),
            (_("表决情况"), item.vote or _("未表决")),
            (_("议定事项"), item.decision or ""),
            (_("办理人及期限"), (item.responsible or "") + (
                _("，{date}前办结").format(date=day(item.deadline)) if item.deadline else "")),
            (_("评议情况"), item.evaluation or ""),
        )
        blocks += [L.Heading(_("事项{n}").format(n=item.ordinal + 1)),
                   L.Grid(rows, (0.2, 0.8), frozenset((r, 0) for r in range(len(rows))))]
    if not m.items:
        blocks.append(L.Para(_("本次会议未登记说事事项。")))
    blocks += [L.Spacer(), L.Signatures(((_("主持人"), m.host or "", _("签名")),
                                         (_("记录人"), m.recorder or "", _("签名"))))]
    return L.Form("meeting-minutes", _("村民说事会议记录"), tuple(blocks), m.org)


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
        L.Title(_("村民说事签到表"), m.village),
        L.Para(_("时间：{when}　地点：{venue}　主持人：{host}").format(
            when=format_datetime_cn(m.held_at), venue=m.venue or "", host=m.host or "")),
        L.Grid(tuple(rows), (0.1, 0.25, 0.3, 0.35), header=True),
        L.Para(_("应到人数：{total}　实到人数：______").format(
            total=m.members_total if m.members_total else "______")),
    ]
    return L.Form("meeting-signin", _("村民说事签到表"), tuple(blocks), m.org)


def notice(m: MeetingData) -> L.Form:
    """公示: what the meeting decided and who carries it out, for the notice board."""
    blocks: list[L.Block] = [
        L.Title(_("村民说事议定事项公示"), m.village),
        L.Para(_("{when}，本村在{venue}召开{kind}会议（{attendance}），议定以下事项，现予公示：")
               .format(when=format_datetime_cn(m.held_at), venue=m.venue or _("村委会"),
                       kind=m.kind, attendance=_attendance(m))),
    ]
    decided = [i for i in m.items if i.decision]
    for n, item in enumerate(decided, 1):
        text = _("{n}. {matter}。议定：{decision}").format(n=n, matter=item.matter.rstrip("。"),
                                                          decision=item.decision)
        if item.vote:
            text += _("（{vote}）").format(vote=item.vote)
        if item.responsible:
            text += _("；办理人：{who}").format(who=item.responsible)
        if item.deadline:
            text += _("；办结期限：{date}").format(date=day(item.deadline))
        blocks.append(L.Para(text + "。"))
    if not decided:
        blocks.append(L.Para(_("本次会议没有形成议定事项。")))
    blocks += [L.Para(_("公示期间，村民对上述事项有意见的，可向村民委员会或村务监督委员会反映，"
                        "本村将在二十日内答复。")),
               L.Spacer(2), L.Seal(m.org, m.held_at.date())]
    return L.Form("meeting-notice", _("村民说事议定事项公示"), tuple(blocks), m.org)


MEETING_FORMS = {"meeting-minutes": minutes, "meeting-notice": notice, "meeting-signin": sign_in}
"""The papers printed from a 村民说事 meeting, by document kind."""
