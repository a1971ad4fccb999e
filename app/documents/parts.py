"""Phrases several forms share: a party's particulars, signature lines, amounts, dates.

The MoJ formats describe each party the same way in the application, the
agreement and the court application (name, gender, ethnicity, age or birth
date, occupation, ID, address, phone), so that description is written here
once and reads identically across the case file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal

from app.documents.layout import BLANK_DATE, Signer
from app.domain.codes import CATEGORIES, GENDERS, ROLES, label
from app.domain.dates import format_date_cn
from app.domain.document_model import CaseData, ObligationData, PartyData
from app.domain.money import format_amount_figures, rmb_capitals
from app.domain.numerals import chinese_number
from app.domain.text import _


def day(value: date | None) -> str:
    """A date as forms write it, or a blank to fill in by hand."""
    return format_date_cn(value) if value else BLANK_DATE


def role_label(party: PartyData) -> str:
    """申请人 / 被申请人 / 第三人, or 委托代理人 for an agent."""
    return _("委托代理人") if party.is_agent else label(ROLES, party.role)


def representative_title(party: PartyData) -> str:
    """Who acts for an organisation: an individual business (credit code 92…) has an 经营者.

    GB 32100-2015 codes the registering authority and kind in the first two
    characters; 92 is 个体工商户, which has an operator and no legal
    representative.  Other organisations are shown with a 法定代表人.
    """
    return _("经营者") if (party.credit_code or "").upper().startswith("92") else _("法定代表人")


def _signing_title(party: PartyData) -> str:
    title = representative_title(party)
    return title if title == _("经营者") else _("法定代表人（负责人）")


def age_on(party: PartyData, on: date) -> int | None:
    """Age in whole years on ``on`` (the application form asks for age)."""
    if party.birth_date is None:
        return None
    born = party.birth_date
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def particulars(party: PartyData) -> str:
    """The party as described in agreements and applications, ending with 。."""
    bits = [party.name]
    if party.kind == "organisation":
        if party.credit_code:
            bits.append(_("统一社会信用代码{code}").format(code=party.credit_code))
        if party.address:
            bits.append(_("住所地{address}").format(address=party.address))
        if party.legal_representative:
            bits.append(representative_title(party) + party.legal_representative)
    else:
        if party.is_agent:
            bits[0] += _("（{party}的{relation}）").format(party=party.represents,
                                                       relation=party.relation or _("代理人"))
        if party.gender:
            bits.append(label(GENDERS, party.gender))
        if party.ethnicity:
            bits.append(party.ethnicity)
        if party.birth_date:
            bits.append(_("{date}出生").format(date=format_date_cn(party.birth_date)))
        if party.occupation:
            bits.append(party.occupation)
        if party.id_number:
            bits.append(_("公民身份号码{number}").format(number=party.id_number))
        if party.address:
            bits.append(_("住{address}").format(address=party.address))
    if party.phone:
        bits.append(_("联系电话{phone}").format(phone=party.phone))
    return "，".join(bits) + "。"


def party_names(parties: Iterable[PartyData]) -> str:
    """Names joined the Chinese way: 张三、李四."""
    return "、".join(p.name for p in parties)


def dispute_kind(category: str) -> str:
    """The category as a kind of dispute: 邻里纠纷, 劳动争议, 婚姻家庭纠纷."""
    name = label(CATEGORIES, category)
    return name if name.endswith(("纠纷", "争议")) else name + _("纠纷")


def dispute_name(case: CaseData) -> str:
    """E.g. "张三与李四邻里纠纷", the name of the matter on covers and notices."""
    applicants = [p for p in case.principals if p.role == "applicant"]
    others = [p for p in case.principals if p.role != "applicant"]
    return _("{a}与{b}{kind}").format(
        a=party_names(applicants), b=party_names(others), kind=dispute_kind(case.category))


def money(amount: object) -> str:
    """An amount twice, in capitals and figures: 人民币壹万元整（¥10,000.00）."""
    value = Decimal(str(amount))
    return f"{rmb_capitals(value)}（{format_amount_figures(value)}）"


def term_text(n: int, ob: ObligationData) -> str:
    """One numbered term of the agreement from a structured obligation."""
    when = _("于{date}前").format(date=format_date_cn(ob.due_date)) if ob.due_date else ""
    if ob.kind == "money" and ob.amount is not None:
        text = _("{debtor}{when}向{creditor}支付{what}{money}").format(
            debtor=ob.debtor, when=when, creditor=ob.creditor, what=ob.description,
            money=money(ob.amount))
        if ob.manner:
            text += _("，以{manner}方式支付").format(manner=ob.manner)
    else:
        text = _("{debtor}{when}{what}").format(debtor=ob.debtor, when=when, what=ob.description)
        if ob.manner:
            text += _("，履行方式：{manner}").format(manner=ob.manner)
    return f"{chinese_number(n)}、{text}。"


def party_signers(case: CaseData,
                  label_of: Callable[[PartyData], str] = role_label) -> list[Signer]:
    """A place for every party and agent: people sign and press a fingerprint;
    an organisation is stamped and signed by its representative or agent."""
    signers = []
    for p in case.parties:
        if p.kind == "organisation" and not p.is_agent:
            lines = [_signing_title(p) + "："]
            if not case.agents_of(p.name):
                lines.append(_("委托代理人") + "：")
            signers.append(Signer(_("{role}：{name}（盖章）").format(role=label_of(p), name=p.name),
                                  tuple(lines)))
        else:
            signers.append(Signer(f"{label_of(p)}：{p.name}", (_("签名（按指印）："),)))
    return signers


def staff_signers(staff_title: str, mediators: tuple[str, ...],
                  recorder: str | None) -> list[Signer]:
    """The mediators and the note-taker, each signing by name."""
    signers = [Signer(f"{staff_title}：{name}", (_("签名："),)) for name in mediators or ("",)]
    signers.append(Signer(_("记录人：{name}").format(name=recorder or ""), (_("签名："),)))
    return signers
