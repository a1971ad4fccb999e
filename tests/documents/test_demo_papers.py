"""Every paper of the demo county, read as a court clerk reads it, page by page.

For one case of every organisation kind in every status, every paper the
case has (and its case file) is rendered and its text extracted per page:
no page holds only a seal, a date or signatures; no line starts with
closing punctuation or ends with an opening bracket; no picture is embedded
(no drawn seal); no login is printed where a person's name belongs.  A
paper may be refused only for a body that is no committee and belongs to
none, and then with the message that says how to set its committee.
"""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from app.documents import forms_meeting
from app.documents.casefile import Paper, build_casefile
from app.documents.issuer import is_committee
from app.documents.kinds import CASE_FORMS
from app.documents.pdf import render_pdf
from app.domain.document_kinds import COMMITTEE_KINDS, applicable_kinds
from app.domain.document_model import CaseData
from app.domain.errors import ValidationError
from app.services.documents.data import case_data, meeting_data
from app.services.meetings.proceedings import meeting_detail
from app.store.database import Database
from app.store.models import (
    Agreement,
    Case,
    FollowUp,
    JudicialConfirmation,
    Meeting,
    Organisation,
    User,
)
from tests.services.fixtures import ADMIN

STARTS = "，。、；：？！）》」』〕”’"
ENDS = "（《「『〔“‘"
SIGNER = (r"(申请人[一二三四五六七八九十]*|被申请人|第三人|委托代理人|申请人\S*的委托代理人|"
          r"人民调解员|调解员|调解人员|调解民警|记录人|主持人)：\S*")
CLOSING = [
    re.compile(r"^第\d+页\s*共\d+页$"),
    re.compile(r"（盖章）"),
    re.compile(r"^(\d{4}年\d{1,2}月\d{1,2}日|年\s*月\s*日)$"),
    re.compile(r"签名|^(法定代表人|经营者|委托代理人)"),
    re.compile(rf"^{SIGNER}(\s+{SIGNER})*$"),
    re.compile(r"^申请日期：|地址：|电话："),
]


@dataclass(frozen=True)
class Rendered:
    """One paper of one demo case, as its PDF's pages of text."""

    label: str
    pdf: bytes
    pages: list[list[str]]


def _pages(pdf: bytes, path: Path) -> list[list[str]]:
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return [[line.strip() for line in page.splitlines() if line.strip()]
            for page in text.split("\f") if page.strip()]


def _sample_cases(db: Database) -> list[int]:
    """One case for each (organisation kind, status) pair of the demo, the richest first."""
    with db.session() as s:
        rows = s.execute(select(Organisation.kind, Case.status, func.max(Case.id))
                         .join(Organisation, Organisation.id == func.coalesce(
                             Case.current_organisation_id, Case.organisation_id))
                         .group_by(Organisation.kind, Case.status)).all()
    return sorted(case_id for _kind, _status, case_id in rows)


@pytest.fixture(scope="module")
def papers(demo_db: Database, tmp_path_factory: pytest.TempPathFactory) -> list[Rendered]:
    """Every paper of the sample cases, and each case file, rendered once for the module."""
    folder = tmp_path_factory.mktemp("papers")
    out: list[Rendered] = []
    for case_id in _sample_cases(demo_db):
        with demo_db.session() as s:
            data = case_data(s, s.get_one(Case, case_id))
        out += _render_case(data, folder)
    return out


def _render_case(data: CaseData, folder: Path) -> list[Rendered]:
    out: list[Rendered] = []
    volume: list[Paper] = []
    for kind in [*applicable_kinds(data), "file-cover"]:
        try:
            form = CASE_FORMS[kind](data)
        except ValidationError as refused:
            assert not is_committee(data.org) and (
                data.committee is None or not is_committee(data.committee)), refused
            assert "上级组织" in str(refused) and "\n" not in str(refused)
            return out
        pdf = render_pdf(form)
        label = f"{data.number} {data.org.kind} {data.outcome or ''} {kind}"
        out.append(Rendered(label, pdf, _pages(pdf, folder / f"{data.case_id}-{kind}.pdf")))
        if kind != "file-cover":
            volume.append(Paper(form.title, form=form))
    pdf = build_casefile(data, volume)
    out.append(Rendered(f"{data.number} casefile", pdf,
                        _pages(pdf, folder / f"{data.case_id}-casefile.pdf")))
    return out


@pytest.fixture(scope="module")
def meeting_papers(demo_db: Database, tmp_path_factory: pytest.TempPathFactory
                   ) -> list[Rendered]:
    """Minutes, notice and sign-in sheet of the meetings with the most matters."""
    folder = tmp_path_factory.mktemp("meetings")
    with demo_db.session() as s:
        ids = s.execute(select(Meeting.id).order_by(Meeting.id).limit(6)).scalars().all()
    out = []
    for meeting_id in ids:
        detail = meeting_detail(demo_db, ADMIN, meeting_id)
        with demo_db.session() as s:
            data = meeting_data(s, detail)
        for kind, make in forms_meeting.MEETING_FORMS.items():
            pdf = render_pdf(make(data))
            out.append(Rendered(f"meeting {meeting_id} {kind}", pdf,
                                _pages(pdf, folder / f"{meeting_id}-{kind}.pdf")))
    return out


def _closing(line: str) -> bool:
    return any(pattern.search(line) for pattern in CLOSING)


def test_every_org_kind_and_status_is_covered(demo_db: Database, papers: list[Rendered]) -> None:
    with demo_db.session() as s:
        kinds = set(s.execute(select(Organisation.kind).join(
            Case, Case.current_organisation_id == Organisation.id)).scalars())
    printed = {r.label.split()[1] for r in papers if "casefile" not in r.label}
    assert kinds & COMMITTEE_KINDS <= printed
    assert len(papers) > 60


def test_no_page_is_only_a_seal_a_date_or_signatures(
        papers: list[Rendered], meeting_papers: list[Rendered]) -> None:
    for paper in [*papers, *meeting_papers]:
        for n, page in enumerate(paper.pages, 1):
            assert not all(_closing(line) for line in page), (paper.label, n, page)


def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(
        papers: list[Rendered], meeting_papers: list[Rendered]) -> None:
    for paper in [*papers, *meeting_papers]:
        for page in paper.pages:
            for line in page:
                for segment in re.split(r"\s{2,}", line):
                    assert segment[0] not in STARTS, (paper.label, line)
                    assert segment[-1] not in ENDS, (paper.label, line)


def test_no_picture_is_embedded(papers: list[Rendered], meeting_papers: list[Rendered]) -> None:
    for paper in [*papers, *meeting_papers]:
        reader = PdfReader(io.BytesIO(paper.pdf))
        assert sum(len(page.images) for page in reader.pages) == 0, paper.label


def test_people_are_printed_by_name_not_by_login(
        demo_db: Database, papers: list[Rendered], meeting_papers: list[Rendered]) -> None:
    with demo_db.session() as s:
        logins = s.execute(select(User.login)).scalars().all()
    assert logins
    pattern = re.compile("|".join(rf"(?<![A-Za-z0-9]){re.escape(x)}(?![A-Za-z0-9])"
                                  for x in logins))
    for paper in [*papers, *meeting_papers]:
        text = "\n".join("\n".join(page) for page in paper.pages)
        assert not pattern.search(text), (paper.label, pattern.search(text))


def test_a_volume_embeds_each_face_once(papers: list[Rendered], tmp_path: Path) -> None:
    volume = next(r for r in papers if r.label.endswith("casefile"))
    path = tmp_path / "volume.pdf"
    path.write_bytes(volume.pdf)
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                           text=True).stdout.splitlines()[2:]
    names = [line.split()[0] for line in fonts]
    assert len(names) == len(set(names)), names
    assert all(line.split()[-5] == "yes" for line in fonts), fonts
    info = PdfReader(io.BytesIO(volume.pdf)).metadata
    assert info is not None and info.creator and "Tiaojie" in info.creator
    assert info.title and volume.label.split()[0] in info.title


def test_no_paper_of_an_archived_case_is_dated_after_its_archiving(demo_db: Database) -> None:
    with demo_db.session() as s:
        late_visits = s.execute(select(func.count()).select_from(FollowUp).join(
            Case, Case.id == FollowUp.case_id).where(
            Case.archived_on.is_not(None), FollowUp.visited_on > Case.archived_on)).scalar()
        late_rulings = s.execute(select(func.count()).select_from(JudicialConfirmation).join(
            Agreement, Agreement.id == JudicialConfirmation.agreement_id).join(
            Case, Case.id == Agreement.case_id).where(
            Case.archived_on.is_not(None),
            (JudicialConfirmation.applied_on > Case.archived_on)
            | (JudicialConfirmation.decided_on > Case.archived_on))).scalar()
    assert (late_visits, late_rulings) == (0, 0)
