"""The settlement papers: 人民调解协议书, 口头协议登记表 and 司法确认申请书.

These are the papers the parties sign and the court reads, so each one is
checked against :mod:`app.domain.agreement_rules` before it is laid out: a
form missing a required element is refused rather than printed incomplete,
and the joint application is refused once the 30-day window of 民事诉讼法
art 205 has closed.  Each is issued in the name of the body that may issue
it (:mod:`app.documents.issuer`).
"""

from __future__ import annotations

import re

from app.documents import layout as L
from app.documents.issuer import Issuer, issuer_of
from app.documents.parts import (
    day,
    dispute_kind,
    particulars,
    party_names,
    party_signers,
    role_label,
    staff_signers,
    term_text,
)
from app.domain.agreement_rules import (
    AgreementElements,
    ObligationElement,
    PartyElement,
    check_agreement_elements,
    check_confirmation_paper,
    copies_needed,
    last_day_text,
)
from app.domain.codes import ROLES, label
from app.domain.document_model import CaseData, PartyData
from app.domain.errors import ValidationError
from app.domain.numerals import chinese_number
from app.domain.text import _


def elements_of(case: CaseData) -> AgreementElements:
    """What the agreement rules check, taken from the case's data."""
    a = case.agreement
    assert a is not None
    return AgreementElements(
        a.form, tuple(PartyElement(p.name, bool(p.id_number or p.credit_code))
                      for p in case.principals),
        a.facts, a.disputed_matters, a.responsibilities,
        tuple(ObligationElement(o.kind, o.description, o.amount, o.due_date, o.manner)
              for o in a.obligations),
        a.terms, case.mediators, case.org.name, a.copies)


def _agreement_of(case: CaseData, form: str) -> Issuer:
    issuer = issuer_of(case)
    if case.agreement is None:
        raise ValidationError(_("案件“{number}”还没有调解协议").format(number=case.number))
    if case.agreement.form != form:
        message = (_("案件“{number}”的协议是书面协议，请生成人民调解协议书") if form == "oral"
                   else _("案件“{number}”的协议是口头协议，请生成口头协议登记表"))
        raise ValidationError(message.format(number=case.number))
    check_agreement_elements(elements_of(case))
    return issuer


def _party_blocks(case: CaseData, label_of: dict[str, str] | None = None) -> list[L.Block]:
    def lead(party: PartyData) -> str:
        return ((label_of or {}).get(party.name) or role_label(party)) + "："

    blocks: list[L.Block] = []
    for party in case.principals:
        blocks.append(L.Para(particulars(party), indent=True, bold_lead=lead(party)))
        for agent in case.agents_of(party.name):
            blocks.append(L.Para(particulars(agent), indent=True, bold_lead=lead(agent)))
    return blocks


def _terms(case: CaseData) -> list[str]:
    agreement = case.agreement
    assert agreement is not None
    lines = [term_text(n, ob) for n, ob in enumerate(agreement.obligations, 1)]
    extra = [t.strip() for t in (agreement.terms or "").splitlines() if t.strip()]
    return lines + [f"{chinese_number(len(lines) + i)}、{t}" for i, t in enumerate(extra, 1)]


def _numbers(case: CaseData) -> list[L.Block]:
    """The agreement's 编号, and the case number beside it when they differ."""
    a = case.agreement
    assert a is not None
    lines: list[L.Block] = [L.RefLine(_("编号：{number}").format(number=a.number or case.number))]
    if a.number and a.number != case.number:
        lines.append(L.RefLine(_("案件编号：{number}").format(number=case.number)))
    return lines


def _presided(issuer: Issuer) -> str:
    """"某委员会", or "某委员会（某工作室承办）" for a studio working for it."""
    if issuer.handled_by.name == issuer.name:
        return issuer.name
    return _("{committee}（{studio}承办）").format(committee=issuer.name,
                                                studio=issuer.handled_by.name)


def agreement(case: CaseData) -> L.Form:
    """人民调解协议书: parties, facts, responsibilities, numbered terms, copies, signatures."""
    issuer = _agreement_of(case, "written")
    a = case.agreement
    assert a is not None
    copies = a.copies or copies_needed(len(case.principals))
    keeper = _("人民调解委员会") if issuer.people else issuer.name
    effect = (_("本协议自各方当事人签名（盖章或按指印）、人民调解员签名并加盖{org}印章之日起生效。"
                "调解协议具有法律约束力，当事人应当按照约定履行。") if issuer.people else
              _("本协议自各方当事人签名（盖章或按指印）、{staff}签名并加盖{org}印章之日起生效，"
                "当事人应当按照约定履行。")).format(org=issuer.name, staff=issuer.staff)
    title = issuer.title(_("人民调解协议书"))
    blocks: list[L.Block] = [
        L.Title(title, issuer.name), *_numbers(case),
        L.Heading(_("一、当事人基本情况")), *_party_blocks(case),
        L.Heading(_("二、纠纷主要事实、争议事项")),
        L.Para(a.facts or ""), L.Para(_("争议事项：{text}").format(text=a.disputed_matters or "")),
        L.Heading(_("三、各方责任")), L.Para(a.responsibilities or ""),
        L.Heading(_("四、协议内容")),
        L.Para(_("经{org}主持调解，当事人自愿达成如下协议：").format(org=_presided(issuer))),
        *[L.Para(t) for t in _terms(case)],
        L.Heading(_("五、履行方式、时限")),
        L.Para(_("当事人应按上述各项约定的方式和期限履行；{org}对协议的履行情况进行回访，"
                 "督促当事人履行约定的义务。").format(org=issuer.name)),
        L.Together((
            L.Para(effect),
            L.Para(_("本协议一式{n}份，当事人、{keeper}各持一份。").format(
                n=chinese_number(copies), keeper=keeper)),
            L.Spacer(),
            L.Signatures((*party_signers(case),
                          *staff_signers(issuer.staff, case.mediators, case.recorder))),
            L.Seal(issuer.name, a.signed_on), *L.contact_lines(issuer.handled_by))),
    ]
    return L.Form("agreement", title, tuple(blocks), issuer.header, case.number)


def oral_agreement(case: CaseData) -> L.Form:
    """人民调解口头协议登记表: the oral settlement recorded by the mediator (PML art. 28)."""
    issuer = _agreement_of(case, "oral")
    a = case.agreement
    assert a is not None
    parties = tuple((role_label(p), particulars(p)) for p in case.parties)
    rows: list[tuple[str, ...]] = [
        (_("编号"), a.number or case.number, _("达成日期"), day(a.effective_on)),
        *parties,
        (_("纠纷主要事实"), a.facts or ""),
        (_("争议事项"), a.disputed_matters or ""),
        (_("各方责任"), a.responsibilities or ""),
        (_("协议内容"), "\n".join(_terms(case))),
        (_("履行方式、时限"), _("按协议内容所列方式和期限履行")),
        (_("当事人签名"), ""),
        (issuer.staff, "、".join(case.mediators), _("记录人"), case.recorder or ""),
    ]
    labels = frozenset((r, 0) for r in range(len(rows))) | {(0, 2), (len(rows) - 1, 2)}
    title = issuer.title(_("人民调解口头协议登记表"))
    blocks: list[L.Block] = [
        L.Title(title, issuer.name),
        L.Together((L.Grid(tuple(rows), (0.17, 0.38, 0.15, 0.30), labels,
                           heights={len(rows) - 2: 2}),
                    L.Seal(issuer.name, a.effective_on))),
    ]
    return L.Form("oral-agreement", title, tuple(blocks), issuer.header, case.number)


def applicant_labels(case: CaseData) -> dict[str, str]:
    """申请人一, 申请人二… for every party: a joint application has only applicants."""
    labels = {p.name: _("申请人{n}").format(n=chinese_number(n))
              for n, p in enumerate(case.principals, 1)}
    for agent in (p for p in case.parties if p.is_agent):
        labels[agent.name] = _("{applicant}的委托代理人").format(
            applicant=labels.get(agent.represents or "", _("申请人")))
    return labels


def _as_joint(text: str, case: CaseData) -> str:
    """Agreement wording quoted in the joint application, with 被申请人/第三人 named instead."""
    for role, pattern in (("respondent", label(ROLES, "respondent")),
                          ("third_party", label(ROLES, "third_party") + "(?!民)")):
        names = party_names(p for p in case.principals if p.role == role)
        if names:
            text = re.sub(pattern, names, text)
    return text


def _court(case: CaseData, issuer: Issuer) -> str:
    court = ((case.confirmation.court if case.confirmation else None)
             or issuer.handled_by.court_name or issuer.header.court_name)
    if not court:
        raise ValidationError(_("请先在调解组织设置中填写管辖法院，或在司法确认登记中填写法院"))
    return court


def _legal_basis(issuer: Issuer) -> str:
    if issuer.people:
        return _("依照《中华人民共和国民事诉讼法》第二百零五条、《中华人民共和国人民调解法》"
                 "第三十三条的规定")
    if issuer.regime.key == "judicial":
        return _("依照《中华人民共和国民事诉讼法》第二百零五条第一项的规定，向邀请调解的人民法院")
    return _("依照《中华人民共和国民事诉讼法》第二百零五条的规定")


def judicial_confirmation(case: CaseData) -> L.Form:
    """司法确认申请书: the joint application of all parties, each an applicant (CPL art. 205)."""
    issuer = _agreement_of(case, "written")
    a = case.agreement
    assert a is not None
    if a.effective_on is None:
        raise ValidationError(_("调解协议尚未生效，不能申请司法确认"))
    deadline = check_confirmation_paper(
        a.effective_on, case.today, case.confirmation.applied_on if case.confirmation else None)
    court = _court(case, issuer)
    labels = applicant_labels(case)
    materials = [issuer.title(_("人民调解协议书")), _("申请人身份证明、资格证明"),
                 _("与调解协议相关的财产权利证明"), _("申请人送达地址、联系方式确认书"),
                 _("{org}主持调解的证明").format(org=issuer.name)]
    if any(p.is_agent for p in case.parties):
        materials.append(_("授权委托书"))
    agreement_name = issuer.title(_("人民调解协议"))
    blocks: list[L.Block] = [
        L.Title(_("司法确认申请书")), *_party_blocks(case, labels),
        L.Heading(_("请求事项")),
        L.Para(_("请求{court}依法确认申请人于{signed}在{org}主持下达成的{agreement}"
                 "（编号：{number}）有效。").format(
            court=court, signed=day(a.signed_on), org=_presided(issuer), agreement=agreement_name,
            number=a.number or case.number)),
        L.Heading(_("事实和理由")),
        L.Para(_("申请人{names}因{kind}，经{org}主持调解，于{signed}自愿达成调解协议，"
                 "该协议于{effective}生效。协议内容为：").format(
            names=party_names(case.principals), kind=dispute_kind(case.category),
            org=_presided(issuer), signed=day(a.signed_on), effective=day(a.effective_on))),
        *[L.Para(_as_joint(t, case)) for t in _terms(case)],
        L.Para(_("{basis}，申请人在调解协议生效之日起三十日内，即{last}，"
                 "共同提出司法确认申请。").format(basis=_legal_basis(issuer),
                                              last=last_day_text(deadline.last_day))),
        L.Heading(_("申请人承诺")),
        L.Para(_("一、出于解决纠纷的目的自愿达成调解协议，没有恶意串通、规避法律的行为；")),
        L.Para(_("二、如果因为该协议内容而给他人造成损害的，愿意承担相应的民事责任和其他法律责任；")),
        L.Para(_("三、所提交的材料真实、合法，送达地址和联系方式准确有效。")),
        L.Heading(_("附件")),
        *[L.Para(f"{n}. {m}") for n, m in enumerate(materials, 1)],
        L.Heading(_("送达地址及联系方式")),
        L.Together((
            L.Grid(((_("申请人"), _("送达地址"), _("联系电话")),
                    *((f"{labels[p.name]}\n{p.name}", p.address or "", p.phone or "")
                      for p in case.parties)),
                   (0.27, 0.48, 0.25), header=True),
            L.Spacer(), L.Para(_("此致"), indent=True), L.Para(court, indent=False),
            L.Spacer(), L.Signatures(tuple(party_signers(case, lambda p: labels[p.name]))),
            L.Para(_("申请日期：{date}").format(
                date=day(case.confirmation.applied_on if case.confirmation else None)),
                indent=False))),
    ]
    return L.Form("judicial-confirmation", _("司法确认申请书"), tuple(blocks), issuer.header,
                  case.number)
