"""The papers of a hand-made case: wording, seal position, signers, issuing body, dates."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

import pytest
from pypdf import PdfReader

from app.documents.forms_agreement import agreement, judicial_confirmation
from app.documents.forms_case import intake_form, session_record, termination
from app.documents.forms_file import back_cover, file_cover
from app.documents.pdf import render_pdf
from app.domain.document_model import (
    AgreementData,
    CaseData,
    ObligationData,
    OrgHeader,
    PartyData,
    SessionData,
)
from app.domain.errors import ValidationError

ORG = OrgHeader("溪口村人民调解委员会", "溪口", "象山县墙头镇溪口村1号", "0574-65550000",
                "象山县人民法院", "village_committee")
CASE = CaseData(
    number="（2026）溪口调字第7号", org=ORG, category="neighbour", source="walk_in",
    facts="排水沟堵塞。", claims="疏通", amount=Decimal("6007.14"),
    received_at=datetime(2026, 11, 2, 9, 30), registered_by="周文书",
    parties=(PartyData("applicant", "person", "张三", id_number="11010519491231002X"),
             PartyData("respondent", "person", "李四", id_number="440524188001010014",
                       address="象山县第三人民医院宿舍"),
             PartyData("third_party", "organisation", "溪口海鲜排档",
                       credit_code="92330225MA0000001X", legal_representative="王老板"),
             PartyData("applicant", "person", "王五", id_number="110105194912310021",
                       represents="张三", relation="子女")),
    mediators=("赵调解",), recorder="钱记录",
    sessions=(SessionData(datetime(2026, 11, 3, 9, 0), "调解室", "赵调解", "孙记录", None, None,
                          "双方陈述。"),
              SessionData(datetime(2026, 11, 10, 9, 0), "调解室", "赵调解", "钱记录", None, None,
                          "达成协议。")),
    agreement=AgreementData(
        "written", "（2026）溪口调字第7号", "排水沟堵塞。", "费用。", "被申请人李四负主要责任。",
        "被申请人与第三人共同疏通排水沟。", None, date(2026, 11, 20), date(2026, 11, 20),
        (ObligationData("李四", "张三", "money", "赔偿款", Decimal("6007.14"),
                        date(2026, 12, 1), "现金"),)),
    today=date(2026, 11, 21))


def _text(pdf: bytes) -> str:
    """The paper's text without spaces or page numbers (a sentence may run on over a page)."""
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"第\d+页共\d+页", "", re.sub(r"\s+", "", text))


def _images(pdf: bytes) -> int:
    return sum(len(p.images) for p in PdfReader(io.BytesIO(pdf)).pages)


def test_agreement_prints_header_copies_agent_and_capitals() -> None:
    text = _text(render_pdf(agreement(CASE)))
    assert "人民币陆仟零柒元壹角肆分（¥6,007.14）" in text
    assert "本协议一式四份" in text
    assert "委托代理人：王五（张三的子女）" in text
    assert "象山县墙头镇溪口村1号" in text and "0574-65550000" in text
    assert "记录人：钱记录" in text and "人民调解员：赵调解" in text


def test_no_seal_is_drawn_only_its_position_and_an_arabic_date() -> None:
    pdf = render_pdf(agreement(CASE))
    text = _text(pdf)
    assert _images(pdf) == 0
    assert "溪口村人民调解委员会（盖章）2026年11月20日" in text
    assert "二〇二六" not in text


def test_an_individual_business_signs_by_its_operator_under_its_stamp() -> None:
    text = _text(render_pdf(agreement(CASE)))
    assert "经营者王老板" in text and "法定代表人王老板" not in text
    assert "第三人：溪口海鲜排档（盖章）经营者：" in text
    company = replace(CASE.parties[2], credit_code="91330225MA0000002X")
    text = _text(render_pdf(agreement(replace(
        CASE, parties=(*CASE.parties[:2], company, CASE.parties[3])))))
    assert "法定代表人王老板" in text and "法定代表人（负责人）：委托代理人：" in text


def test_each_signer_has_room_for_the_date() -> None:
    text = _text(render_pdf(agreement(CASE)))
    assert text.count("年月日") >= len(CASE.parties) + 2


def test_the_session_record_is_signed_by_that_sessions_note_taker() -> None:
    pdf = render_pdf(session_record(CASE))
    first, second = (re.sub(r"\s+", "", p.extract_text())
                     for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "记录人：孙记录" in first and "记录人：钱记录" not in first
    assert "记录人：钱记录" in second


def test_the_application_goes_to_the_organisations_court() -> None:
    text = _text(render_pdf(judicial_confirmation(CASE)))
    assert "请求象山县人民法院依法确认" in text
    assert "即2026年12月20日以前（含当日）" in text
    assert "授权委托书" in text
    no_court = replace(CASE, org=replace(ORG, court_name=None))
    with pytest.raises(ValidationError, match="管辖法院"):
        judicial_confirmation(no_court)


def test_a_joint_application_has_only_applicants() -> None:
    text = _text(render_pdf(judicial_confirmation(CASE)))
    assert "申请人一：张三" in text and "申请人二：李四" in text
    assert "申请人三：溪口海鲜排档" in text
    assert "申请人一的委托代理人：王五" in text
    assert "被申请人" not in text
    assert not re.search("第三人(?!民)", text)
    assert "象山县第三人民医院宿舍" in text
    assert "李四与溪口海鲜排档共同疏通排水沟" in text


@pytest.mark.parametrize(("day", "allowed"), [(29, True), (30, True), (31, False)])
def test_the_application_is_refused_after_the_thirtieth_day(day: int, allowed: bool) -> None:
    assert CASE.agreement is not None
    effective = CASE.agreement.effective_on
    assert effective is not None
    case = replace(CASE, today=date.fromordinal(effective.toordinal() + day))
    if allowed:
        assert "司法确认申请书" in _text(render_pdf(judicial_confirmation(case)))
        return
    with pytest.raises(ValidationError) as refused:
        judicial_confirmation(case)
    message = str(refused.value)
    assert "2026年12月20日" in message and "起诉" in message and "新的协议" in message
    assert "\n" not in message


def test_a_studio_issues_in_its_committees_name() -> None:
    studio = OrgHeader("墙头法庭调解工作室", address="墙头镇法庭路1号", court_name="象山县人民法院",
                       kind="court_studio")
    town = OrgHeader("墙头镇人民调解委员会", kind="town_committee")
    text = _text(render_pdf(agreement(replace(CASE, org=studio, committee=town))))
    assert "墙头镇人民调解委员会（盖章）" in text
    assert "经墙头镇人民调解委员会（墙头法庭调解工作室承办）主持调解" in text
    assert "墙头法庭调解工作室（盖章）" not in text


def test_a_body_that_is_no_committee_gets_no_peoples_mediation_paper() -> None:
    centre = OrgHeader("象山县社会矛盾纠纷调处化解中心", kind="county_centre")
    with pytest.raises(ValidationError, match=r"不是人民调解委员会.*上级组织"):
        agreement(replace(CASE, org=centre))
    with pytest.raises(ValidationError, match="不是人民调解委员会"):
        intake_form(replace(CASE, org=centre))


def test_administrative_mediation_papers_say_what_they_are() -> None:
    bureau = OrgHeader("象山县市场监督管理局消费纠纷调解中心", court_name="象山县人民法院",
                       kind="admin_department")
    case = replace(CASE, org=bureau, mediation_type="administrative")
    text = _text(render_pdf(agreement(case)))
    assert "行政调解协议书" in text and "人民调解" not in text and "委员会" not in text
    assert "象山县市场监督管理局消费纠纷调解中心（盖章）" in text
    application = _text(render_pdf(judicial_confirmation(case)))
    assert "人民调解法" not in application and "行政调解协议" in application
    assert "受理" in _text(render_pdf(intake_form(case))) and "本机关受理" in _text(
        render_pdf(intake_form(case)))


def test_a_withdrawal_is_worded_as_a_withdrawal() -> None:
    withdrawn = replace(CASE, agreement=None, outcome="withdrawn", closed_on=date(2026, 11, 5),
                        outcome_reason="双方已自行和解，申请人撤回调解申请。")
    text = _text(render_pdf(termination(withdrawn)))
    assert "申请人撤回调解申请" in text and "第二十三条" in text
    assert "仲裁" not in text and "起诉" not in text and "第二十六条" not in text
    failed = replace(withdrawn, outcome="not_agreed", outcome_reason="分歧过大")
    text = _text(render_pdf(termination(failed)))
    assert "第二十六条" in text and "仲裁" in text
    with pytest.raises(ValidationError, match="没有终止调解通知书"):
        termination(replace(withdrawn, outcome=None))


def test_an_incomplete_agreement_is_not_printed() -> None:
    assert CASE.agreement is not None
    bad = replace(CASE, agreement=replace(CASE.agreement, disputed_matters=""))
    with pytest.raises(ValidationError, match="争议事项"):
        agreement(bad)


def test_the_file_title_carries_the_case_number_and_the_program() -> None:
    info = PdfReader(io.BytesIO(render_pdf(agreement(CASE)))).metadata
    assert info is not None
    assert info.title == "人民调解协议书 （2026）溪口调字第7号"
    assert info.creator is not None and "Tiaojie" in info.creator


def test_a_cover_names_both_numbers_and_an_open_case_has_no_filing_date() -> None:
    text = _text(render_pdf(file_cover(CASE)))
    assert "案件编号（2026）溪口调字第7号" in text and "立卷日期保管期限" in text
    archived = replace(CASE, archive_number="（2026）溪口人调字第3号",
                       archived_on=date(2026, 12, 5))
    text = _text(render_pdf(file_cover(archived)))
    assert "卷号（2026）溪口人调字第3号" in text and "立卷日期2026年12月5日" in text
    back = _text(render_pdf(back_cover(archived, 9)))
    assert "卷号：（2026）溪口人调字第3号" in back and "案件编号：（2026）溪口调字第7号" in back
    assert "均为原件" not in back and "未附当事人签署件的扫描件" in back
    assert "均为原件" in _text(render_pdf(back_cover(archived, 9, scanned=True)))
