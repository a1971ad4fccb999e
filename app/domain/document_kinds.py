"""The document kinds of the ``tiaojie doc`` command (README.md), in case-file order.

The order of :data:`KINDS` is the standard order of papers in the case file
(MoJ 人民调解文书格式: application or register first, then the records of the
mediation, the agreement and what followed it), so the case file and every
listing sort by it.  Which papers a case has depends only on its data, so
that rule lives here beside the names, apart from the renderers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.domain.errors import ValidationError
from app.domain.text import N_, _

if TYPE_CHECKING:  # the case's data class is not needed to list or check the kinds
    from app.domain.document_model import CaseData

KINDS: dict[str, str] = {
    "file-cover": N_("卷宗封面"),
    "file-index": N_("卷内目录"),
    "application": N_("人民调解申请书"),
    "intake-form": N_("人民调解受理登记表"),
    "session-record": N_("人民调解记录"),
    "agreement": N_("人民调解协议书"),
    "oral-agreement": N_("人民调解口头协议登记表"),
    "judicial-confirmation": N_("司法确认申请书"),
    "followup": N_("人民调解回访记录"),
    "termination": N_("终止调解通知书"),
}
FORMATS = ("docx", "pdf")
MEETING_KINDS = {"meeting-minutes": N_("村民说事会议记录"),
                 "meeting-notice": N_("村民说事议定事项公示"),
                 "meeting-signin": N_("村民说事签到表")}
CASEFILE = "casefile"
COMMITTEE_KINDS = frozenset({"village_committee", "town_committee", "professional_committee",
                             "enterprise_committee"})
"""Organisation kinds that are people's mediation committees (人民调解法 arts 8, 34): only
these issue people's-mediation papers, and a studio issues them in its committee's name."""
CLOSED_WITHOUT_AGREEMENT = ("not_agreed", "withdrawn")
"""Outcomes whose case file ends with a 终止调解通知书 (人民调解法 arts 23, 26)."""


def title_of(kind: str) -> str:
    """The translated name of a document kind (the case file included)."""
    if kind == CASEFILE:
        return _("人民调解卷宗")
    if kind in KINDS:
        return _(KINDS[kind])
    return _(MEETING_KINDS.get(kind, kind))


def check_kind(kind: str) -> str:
    """``kind`` if it is a document kind, else a ValidationError listing the kinds."""
    if kind not in KINDS:
        raise ValidationError(_("未知的文书种类“{kind}”，可选：{kinds}").format(
            kind=kind, kinds="、".join(KINDS)), "kind")
    return kind


def check_format(fmt: str) -> str:
    """``fmt`` if it is docx or pdf."""
    if fmt not in FORMATS:
        raise ValidationError(_("文书格式只能是 docx 或 pdf"), "format")
    return fmt


def applicable_kinds(case: CaseData) -> list[str]:
    """The papers this case has the data for, in file order (cover and index excepted)."""
    kinds = ["application", "intake-form"]
    if case.sessions:
        kinds.append("session-record")
    if case.agreement is not None:
        kinds.append("agreement" if case.agreement.form == "written" else "oral-agreement")
        if case.confirmation is not None:
            kinds.append("judicial-confirmation")
    if case.followups:
        kinds.append("followup")
    if case.outcome in CLOSED_WITHOUT_AGREEMENT:
        kinds.append("termination")
    return kinds
