"""Who issues a case's papers, and in what capacity: the paper matches the body.

Only a people's mediation committee issues people's-mediation (人民调解)
papers under the People's Mediation Law (arts 8, 29, 34): its seal is what
makes a written agreement take effect.  A 人民调解工作室 stationed at a court,
a police station or a 矛调中心 works for a committee and its papers go out in
that committee's name — the committee is the nearest one up the studio's
上级组织 in the organisation settings.  A body that is no committee and
belongs to none gets no people's-mediation paper: the clerk is told to set
the committee, rather than handed a paper a court would return.

Other kinds of mediation get papers titled and worded for what they are:
行政调解 by an administrative department in its own name, 治安调解 by the
police (治安管理处罚法 art 9), 诉前调解 under a court's invitation (民事诉讼法
art 205(1): confirmed by the inviting court), 商事调解.  None of them cites
the People's Mediation Law or speaks of a committee's seal.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.codes import ORG_KINDS, label
from app.domain.document_kinds import COMMITTEE_KINDS
from app.domain.document_model import CaseData, OrgHeader
from app.domain.errors import ValidationError
from app.domain.text import N_, _

PEOPLE = "people"


@dataclass(frozen=True)
class Regime:
    """How papers of one kind of mediation name themselves and their people."""

    key: str
    prefix: str
    """What replaces 人民调解 in paper titles (行政调解协议书, 治安调解协议书…)."""
    staff: str
    """The mediators' title on signature lines."""
    we: str
    """How the issuing body refers to itself in the text."""


REGIMES: dict[str, Regime] = {
    PEOPLE: Regime(PEOPLE, N_("人民调解"), N_("人民调解员"), N_("本委员会")),
    "administrative": Regime("administrative", N_("行政调解"), N_("调解人员"), N_("本机关")),
    "police": Regime("police", N_("治安调解"), N_("调解民警"), N_("本所")),
    "judicial": Regime("judicial", N_("诉前调解"), N_("调解员"), N_("本调解组织")),
    "commercial": Regime("commercial", N_("商事调解"), N_("调解员"), N_("本调解组织")),
}
"""Mediation types (``app.domain.codes.MEDIATION_TYPES``) with papers of their own;
``professional`` (行业性专业性人民调解) is people's mediation by a committee."""


@dataclass(frozen=True)
class Issuer:
    """The body in whose name a case's papers go out, and their wording."""

    header: OrgHeader
    regime: Regime
    handled_by: OrgHeader
    """The organisation that mediated (a studio working for ``header``, or ``header``)."""

    @property
    def people(self) -> bool:
        """People's mediation: the People's Mediation Law applies to the papers."""
        return self.regime.key == PEOPLE

    @property
    def name(self) -> str:
        """The issuing body's name, as signed under the papers."""
        return self.header.name

    @property
    def staff(self) -> str:
        """人民调解员, or the title the regime gives its mediators."""
        return _(self.regime.staff)

    @property
    def we(self) -> str:
        """本委员会, 本机关, 本所…"""
        return _(self.regime.we)

    def title(self, people_title: str) -> str:
        """A paper's title for this regime: 人民调解协议书 → 行政调解协议书."""
        prefix = _(REGIMES[PEOPLE].prefix)
        if self.people or not people_title.startswith(prefix):
            return people_title
        return _(self.regime.prefix) + people_title[len(prefix):]


def is_committee(org: OrgHeader) -> bool:
    """Whether ``org`` is a people's mediation committee."""
    return org.kind in COMMITTEE_KINDS


def issuer_of(case: CaseData) -> Issuer:
    """Who issues the papers of ``case``; refused when no committee can issue people's papers."""
    regime = REGIMES.get(case.mediation_type or PEOPLE, REGIMES[PEOPLE])
    if regime.key != PEOPLE:
        return Issuer(case.org, regime, case.org)
    if is_committee(case.org):
        return Issuer(case.org, regime, case.org)
    if case.committee is not None and is_committee(case.committee):
        return Issuer(case.committee, regime, case.org)
    raise ValidationError(_(
        "“{org}”（{kind}）不是人民调解委员会，也没有设置所属的人民调解委员会，不能出具人民调解文书："
        "请在调解组织设置中把它的上级组织设为它所属的人民调解委员会，文书即以该委员会的名义出具"
    ).format(org=case.org.name, kind=label(ORG_KINDS, case.org.kind) if case.org.kind
             else _("类型未知")), "organisation")
