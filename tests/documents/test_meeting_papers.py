"""村民说事 papers of a hand-made meeting: who posts the notice, for how long, what it names."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date, datetime

from pypdf import PdfReader

from app.documents.forms_meeting import minutes, notice
from app.documents.pdf import render_pdf
from app.domain.document_model import MeetingData, MeetingItemData, OrgHeader

ROAD = MeetingItemData(0, "张大伯", "村口道路坑洼不平。", "同意修缮。", "到会30人，赞成28票",
                       "由村委会负责落实，一个月内完成。", "李主任", date(2026, 4, 30),
                       "public_works")
QUARREL = MeetingItemData(1, "王五", "王五反映与赵六之间的宅基地纠纷问题，请求村里帮助调处。", None,
                          None, "经议事，转村人民调解委员会依法调解。", None, None,
                          "neighbourhood_dispute", became_case=True)
BONUS = MeetingItemData(2, "钱七", "建议调整股份经济合作社的分红方案。", "意见不一。", None,
                        "按人口重新分配分红。", "会计", None, "village_affairs")
MEETING = MeetingData(
    "溪口村", "例行说事", datetime(2026, 4, 1, 14, 30), "村民说事室", "李主任", "周文书",
    30, 40, ("张大伯", "王五", "钱七"), (ROAD, QUARREL, BONUS),
    OrgHeader("溪口村村民委员会", kind="villagers_committee"),
    posted_on=date(2026, 4, 2))


def _text(pdf: bytes) -> str:
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"第\d+页共\d+页", "", re.sub(r"\s+", "", text))


def test_the_notice_is_posted_by_the_villagers_committee_for_a_stated_period() -> None:
    text = _text(render_pdf(notice(MEETING)))
    assert text.startswith("溪口村村民委员会村民说事议定事项公示")
    assert "公示期：2026年4月2日至2026年4月8日（共7天）" in text
    assert "溪口村村民委员会（盖章）2026年4月2日" in text
    assert "人民调解委员会（盖章）" not in text


def test_the_notice_names_no_party_of_a_private_dispute() -> None:
    text = _text(render_pdf(notice(MEETING)))
    assert "王五" not in text and "赵六" not in text
    assert "一起邻里纠纷（涉及当事人个人信息，不予公示），已转入人民调解程序" in text


def test_a_reserved_decision_is_posted_as_a_recommendation() -> None:
    text = _text(render_pdf(notice(MEETING)))
    assert "建议提交集体经济组织成员（代表）大会决定：按人口重新分配分红" in text
    assert "议定：由村委会负责落实" in text
    homestead = replace(BONUS, matter="申请调整宅基地", decision="同意调整。", category="land")
    assembly = replace(MEETING, items=(homestead,), body="villagers_assembly")
    assert "建议" not in _text(render_pdf(notice(assembly))).split("议定：")[1][:4]
    speak_up = replace(MEETING, items=(homestead,))
    assert "建议提交村民会议或村民代表会议决定：同意调整" in _text(render_pdf(notice(speak_up)))


def test_the_minutes_record_that_meeting_only() -> None:
    text = _text(render_pdf(minutes(MEETING)))
    assert "评议情况" not in text and "满意" not in text
    assert "王五反映与赵六之间的宅基地纠纷问题" in text
    assert "议定事项经议事，转村人民调解委员会依法调解" in text
    assert "主持人：李主任" in text and "记录人：周文书" in text
    assert "2026年4月30日以前（含当日）办结" in text
