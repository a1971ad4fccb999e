"""Every KIND in both formats from a demo case: content, embedded fonts, page images."""

from __future__ import annotations

import io
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from sqlalchemy import func, select

from app.documents.faces import document_faces
from app.documents.generation import generate, generate_meeting_document
from app.documents.typography import docx_faces
from app.domain.document_kinds import KINDS
from app.domain.document_model import CaseData
from app.domain.money import amount_in_capitals, format_amount_figures
from app.services.documents.data import case_data
from app.services.meetings.proceedings import meeting_detail
from app.store.database import Database
from app.store.models import Case, MeetingItem
from tests.services.fixtures import ADMIN

WITH_IDS = {"application", "intake-form", "agreement", "oral-agreement",
            "judicial-confirmation"}
WITH_AMOUNTS = {"agreement", "oral-agreement", "judicial-confirmation"}


def _data(db: Database, case_id: int) -> CaseData:
    with db.session() as s:
        return case_data(s, s.get_one(Case, case_id))


def _expected(kind: str, data: CaseData) -> list[str]:
    wanted = [data.org.name]
    if kind != "file-index":
        wanted += [p.name for p in data.principals]
    if kind in WITH_IDS:
        wanted += [p.id_number or p.credit_code or "" for p in data.parties]
    amounts: list[Decimal] = []
    if kind in WITH_AMOUNTS and data.agreement:
        amounts = [o.amount for o in data.agreement.obligations if o.amount is not None]
    elif kind in ("application", "intake-form") and data.amount is not None:
        amounts = [data.amount]
    for amount in amounts:
        wanted += [format_amount_figures(amount), "人民币" + amount_in_capitals(amount)]
    return [w for w in wanted if w]


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def _body_font_name() -> str:
    """The PostScript name of the body face, as pdffonts lists it after the subset tag."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    body = document_faces().body
    name = TTFontFile(str(body.path), charInfo=0, validate=0, subfontIndex=body.index).name
    return name.decode() if isinstance(name, bytes) else str(name)


@pytest.mark.parametrize("kind", list(KINDS))
def test_pdf_holds_every_party_id_amount_and_the_organisation(
        kind: str, demo_db: Database, case_for: dict[str, int], tmp_path: Path) -> None:
    result = generate(demo_db, ADMIN, case_for[kind], kind, "pdf")
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(result.content)
    text = re.sub(r"第\d+页共\d+页", "", _flat(_pdf_text(path)))
    for wanted in _expected(kind, _data(demo_db, case_for[kind])):
        assert _flat(wanted) in text, f"{kind}: {wanted!r} missing"
    assert re.search(r"第1页共\d+页", _flat(_pdf_text(path)))
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                           text=True).stdout.splitlines()[2:]
    assert fonts and any(_body_font_name() in line for line in fonts)
    assert all(line.split()[-5] == "yes" for line in fonts), fonts
    subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-r", "30", "-png", str(path),
                    str(tmp_path / "page")], check=True)
    assert (tmp_path / "page-1.png").stat().st_size > 1000


@pytest.mark.parametrize("kind", list(KINDS))
def test_docx_opens_and_names_the_east_asian_fonts(
        kind: str, demo_db: Database, case_for: dict[str, int]) -> None:
    result = generate(demo_db, ADMIN, case_for[kind], kind, "docx")
    document = docx.Document(io.BytesIO(result.content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    text = _flat("".join(p.text for p in document.paragraphs) + "".join(cells))
    for wanted in _expected(kind, _data(demo_db, case_for[kind])):
        assert _flat(wanted) in text, f"{kind}: {wanted!r} missing"
    xml = document.element.xml
    body = docx_faces()[0]
    assert f'w:eastAsia="{body}"' in xml and f'w:ascii="{body}"' in xml
    section = document.sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer


def test_a_kind_the_case_has_no_data_for_is_refused(
        demo_db: Database, case_for: dict[str, int]) -> None:
    from app.domain.errors import ValidationError

    with pytest.raises(ValidationError, match="不能终止调解"):
        generate(demo_db, ADMIN, case_for["agreement"], "termination", "pdf")
    with pytest.raises(ValidationError, match="口头协议"):
        generate(demo_db, ADMIN, case_for["oral-agreement"], "agreement", "pdf")


@pytest.mark.parametrize("kind", ["meeting-minutes", "meeting-notice"])
def test_meeting_papers_hold_every_matter_and_decision(
        kind: str, demo_db: Database, tmp_path: Path) -> None:
    with demo_db.session() as s:
        meeting_id = s.execute(select(MeetingItem.meeting_id).where(
            MeetingItem.decision.is_not(None)).group_by(MeetingItem.meeting_id)
            .order_by(func.count().desc())).scalars().first()
    assert meeting_id is not None
    detail = meeting_detail(demo_db, ADMIN, meeting_id)
    result = generate_meeting_document(demo_db, ADMIN, meeting_id, "pdf", kind)
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(result.content)
    text = _flat(_pdf_text(path))
    decided = [i for i in detail.items if i.decision]
    assert decided
    text = re.sub(r"第\d+页共\d+页", "", text)
    for item in detail.items if kind == "meeting-minutes" else decided:
        private = item.case_id is not None or item.category == "neighbourhood_dispute"
        if kind == "meeting-notice" and private:
            assert _flat(item.matter)[:10] not in text
            continue
        assert _flat(item.matter.rstrip("。"))[:30] in text, item.matter
        if item.decision:
            assert _flat(item.decision.rstrip("。"))[:20] in text, item.decision
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                           text=True).stdout.splitlines()[2:]
    assert any(_body_font_name() in line for line in fonts)
    assert all(line.split()[-5] == "yes" for line in fonts), fonts
