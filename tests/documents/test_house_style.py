"""The organisation's letterhead, court and seal setting, checked on a hand-made case."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

import pytest
from pypdf import PdfReader

from app.documents.forms_agreement import agreement, judicial_confirmation
from app.documents.pdf import render_pdf
from app.domain.document_model import AgreementData, CaseData, ObligationData, OrgHeader, PartyData
from app.domain.errors import ValidationError

ORG = OrgHeader("溪口村人民调解委员会", "溪口", "象山县墙头镇溪口村1号", "0574-65550000",
                "象山县人民法院", print_seal=False)
CASE = CaseData(
    number="（2026）溪口调字第7号", org=ORG, category="neighbour", source="walk_in",
    facts="排水沟堵塞。", claims="疏通", amount=Decimal("6007.14"),
    received_at=datetime(2026, 11, 2, 9, 30), registered_by="周文书",
    parties=(PartyData("applicant", "person", "张三", id_number="11010519491231002X"),
             PartyData("respondent", "person", "李四", id_number="440524188001010014"),
             PartyData("applicant", "person", "王五", id_number="110105194912310021",
                       represents="张三", relation="子女")),
    mediators=("赵调解",), recorder="钱记录",
    agreement=AgreementData(
        "written", "（2026）溪口调字第7号", "排水沟堵塞。", "费用。", "李四负主要责任。", None,
        None, date(2026, 11, 20), date(2026, 11, 20),
        (ObligationData("李四", "张三", "money", "赔偿款", Decimal("6007.14"),
                        date(2026, 12, 1), "现金"),)))


def _text(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def _images(pdf: bytes) -> int:
    return sum(len(p.images) for p in PdfReader(io.BytesIO(pdf)).pages)


def test_agreement_prints_header_copies_agent_and_capitals() -> None:
    text = _text(render_pdf(agreement(CASE)))
    assert "人民币陆仟零柒元壹角肆分（¥6,007.14）" in text
    assert "本协议一式三份" in text
    assert "委托代理人：王五（张三的子女）" in text
    assert "溪口村人民调解委员会（印章）" in text and "二〇二六年十一月二十日" in text
    assert "象山县墙头镇溪口村1号" in text and "0574-65550000" in text
    assert "记录人：钱记录" in text and "人民调解员：赵调解" in text


def test_the_seal_image_is_printed_only_when_the_organisation_chose_it() -> None:
    assert _images(render_pdf(agreement(CASE))) == 0
    sealed = replace(CASE, org=replace(ORG, print_seal=True))
    pdf = render_pdf(agreement(sealed))
    assert _images(pdf) == 1 and "（印章）" not in _text(pdf)


def test_the_application_goes_to_the_organisations_court() -> None:
    text = _text(render_pdf(judicial_confirmation(CASE)))
    assert "请求象山县人民法院依法确认" in text and "2026年12月20日前" in text
    assert "授权委托书" in text
    no_court = replace(CASE, org=replace(ORG, court_name=None))
    with pytest.raises(ValidationError, match="管辖法院"):
        judicial_confirmation(no_court)


def test_an_incomplete_agreement_is_not_printed() -> None:
    assert CASE.agreement is not None
    bad = replace(CASE, agreement=replace(CASE.agreement, disputed_matters=""))
    with pytest.raises(ValidationError, match="争议事项"):
        agreement(bad)
