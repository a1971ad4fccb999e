"""Which 村民说事 decisions a 说事 meeting may only recommend, and to whom.

村民说事 is consultative.  The law reserves some decisions to statutory
bodies: the villagers' assembly (or the representatives' meeting it
authorises) decides the use of collective income, the land-contracting
plan, homestead allocation, land-requisition compensation, collective
economic projects, public works financed by the villagers, the village
charter and rules (村民委员会组织法 arts 23–24, 27); the members of the
collective economic organisation decide its income distribution
(农村集体经济组织法 2024); land already contracted to a household is
transferred only by that household's own choice (农村土地承包法 art 38).
A decision on such a matter taken by any other meeting is printed as a
recommendation to the body that decides it.

The matters are recognised by words in the matter or the decision; the
lists are deliberately narrow (a false "recommendation" misleads less than
a false decision, but both mislead).
"""

from __future__ import annotations

from app.domain.document_model import MeetingItemData
from app.domain.text import N_, _
from app.domain.votes import VotingBody

ASSEMBLY = N_("村民会议或村民代表会议")
COLLECTIVE = N_("集体经济组织成员（代表）大会")
HOUSEHOLDS = N_("承包农户")

_RULES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (COLLECTIVE, ("股份经济合作社", "经济合作社", "集体经济组织"), ("分红", "收益分配", "股权")),
    (HOUSEHOLDS, ("承包地",), ("流转",)),
    (ASSEMBLY, ("集体收益", "集体收入的使用", "宅基地", "土地承包经营方案", "征地补偿",
                "征收补偿", "筹资筹劳", "集体经济项目", "村民自治章程", "村规民约"), ()),
)
DECIDING_BODIES = {ASSEMBLY: (VotingBody.VILLAGERS_ASSEMBLY, VotingBody.REPRESENTATIVES)}
"""Meetings that may decide a reserved matter themselves."""


def reserved_to(item: MeetingItemData, body: str) -> str | None:
    """The body that decides ``item`` when the meeting that discussed it may not, else None.

    A dispute between villagers (over a homestead, say) is mediated, not
    decided by any assembly: it is never a reserved matter.
    """
    if item.private_dispute:
        return None
    text = f"{item.matter}{item.decision or ''}"
    for who, subjects, acts in _RULES:
        if any(s in text for s in subjects) and (not acts or any(a in text for a in acts)):
            if body in DECIDING_BODIES.get(who, ()):
                return None
            return _(who)
    return None


def recommendation(decision: str, who: str) -> str:
    """A decision printed as what it is: a recommendation to the body that decides."""
    if who == _(HOUSEHOLDS):
        return _("建议（由承包农户依法自愿决定）：{decision}").format(decision=decision)
    return _("建议提交{who}决定：{decision}").format(who=who, decision=decision)
