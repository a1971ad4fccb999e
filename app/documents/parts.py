"""Phrases several forms share: a party's particulars, signature lines, amounts, dates.

The MoJ formats describe each party the same way in the application, the
agreement and the court application (name, gender, ethnicity, age or birth
date, occupation, ID, address, phone), so that description is written here
once and reads identically across the case file.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from app.domain.codes import CATEGORIES, GENDERS, ROLES, label
from app.domain.dates import format_date_cn
from app.domain.document_model import CaseData, ObligationData, PartyData
from app.domain.money import format_amount_figures, rmb_capitals
from app.domain.numerals import chinese_number
from app.domain.text import _


def day(value: date | None) -> str:
    """A date as forms write it, or a blank to fill in by hand."""
    return format_date_cn(value) if value else _("　　年　　月　　日")


def role_label(party: PartyData) -> str:
    """申请人 / 被申请人 / 第三人, or 委托代理人 for an agent."""
    return _("委托代理人") if party.is_agent else label(ROLES, party.role)


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
            bits.append(_("法定代表人{name}").format(name=party.legal_representative))
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


def signature_lines(case: CaseData,
                    with_staff: bool = True) -> tuple[tuple[str, str, str], ...]:
    """A line for every party and agent, then the mediators and the note-taker."""
    lines = [(role_label(p), p.name, _("签名（按指印）")) for p in case.parties]
    if with_staff:
        for name in case.mediators or ("",):
            lines.append((_("人民调解员"), name, _("签名")))
        lines.append((_("记录人"), case.recorder or "", _("签名")))
    return tuple(lines)
