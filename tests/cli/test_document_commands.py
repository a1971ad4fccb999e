"""``tiaojie doc``, ``tiaojie casefile`` and ``tiaojie meeting minutes`` on a demo SQLite file."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.demo.generator import generate_demo
from app.domain.document_kinds import COMMITTEE_KINDS
from app.services.agreements import agreement as agreements
from app.store import schema
from app.store.database import Database
from app.store.models import Agreement, Case, Meeting, Organisation
from tests.cli.support import run
from tests.services.fixtures import ADMIN


@pytest.fixture
def demo(tmp_path: Path) -> tuple[str, str, int]:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    db = Database(url)
    schema.upgrade(db.engine)
    generate_demo(db, cases=60, seed=7)
    with db.session() as s:
        number = s.execute(select(Case.number).join(Agreement, Agreement.case_id == Case.id)
                           .join(Organisation, Organisation.id == func.coalesce(
                               Case.current_organisation_id, Case.organisation_id))
                           .where(Agreement.form == "written",
                                  Organisation.kind.in_(COMMITTEE_KINDS))).scalars().first()
        meeting = s.execute(select(Meeting.id)).scalars().first()
    db.dispose()
    assert number and meeting
    return url, number, meeting


def test_doc_writes_the_file_and_reports_its_hash(
        demo: tuple[str, str, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url, number, _meeting = demo
    out = tmp_path / "agreement.pdf"
    code, stdout, _err = run(capsys, "--db", url, "doc", "agreement", number, "--format", "pdf",
                             "-o", str(out))
    assert code == 0 and out.read_bytes().startswith(b"%PDF")
    assert "第1版" in stdout and "SHA-256" in stdout
    docx = tmp_path / "agreement.docx"
    assert run(capsys, "--db", url, "doc", "agreement", number, "--format", "docx",
               "-o", str(docx))[0] == 0
    assert docx.read_bytes().startswith(b"PK")


@pytest.mark.parametrize("argv", [
    ("doc", "contract", "{number}", "--format", "pdf", "-o", "{out}.pdf"),
    ("doc", "agreement", "{number}", "--format", "odt", "-o", "{out}.odt"),
    ("doc", "agreement", "（2099）不存在第1号", "--format", "pdf", "-o", "{out}.pdf"),
    ("doc", "termination", "{number}", "--format", "pdf", "-o", "{out}.pdf"),
    ("doc", "agreement", "{number}", "--format", "pdf", "-o", "{out}.docx"),
    ("meeting", "minutes", "999999", "--format", "pdf", "-o", "{out}.pdf"),
])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(
        argv: tuple[str, ...], demo: tuple[str, str, int], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    url, number, _meeting = demo
    stem = str(tmp_path / "out")
    args = [a.format(number=number, out=stem) for a in argv]
    code, _out, err = run(capsys, "--db", url, *args)
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert not list(tmp_path.glob("out*"))


def test_casefile_and_meeting_minutes(demo: tuple[str, str, int], tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    url, number, meeting = demo
    volume = tmp_path / "volume.pdf"
    assert run(capsys, "--db", url, "casefile", number, "-o", str(volume))[0] == 0
    assert volume.read_bytes().startswith(b"%PDF")
    for extra, name in (((), "minutes.docx"), (("--notice",), "notice.pdf")):
        path = tmp_path / name
        code, _o, err = run(capsys, "--db", url, "meeting", "minutes", str(meeting), "--format",
                            name.rsplit(".", 1)[1], "-o", str(path), *extra)
        assert code == 0, err
        assert path.stat().st_size > 1000


def _agree(url: str, signed_on: date) -> str:
    """A committee's case in mediation settled in writing on ``signed_on``; its number."""
    db = Database(url)
    with db.session() as s:
        case_id, number = s.execute(
            select(Case.id, Case.number).join(Organisation, Organisation.id == func.coalesce(
                Case.current_organisation_id, Case.organisation_id))
            .where(Case.status == "in_mediation", Organisation.kind.in_(COMMITTEE_KINDS))
            .order_by(Case.id)).first() or (0, "")
    assert case_id
    info = agreements.load_agreement(db, ADMIN, case_id)
    debtor, creditor = info.parties[-1].party_id, info.parties[0].party_id
    agreements.save_agreement(db, ADMIN, case_id, agreements.AgreementInput(
        "written", "双方因排水沟堵塞发生争执。", "损失由谁承担。", "被申请人负主要责任。",
        (agreements.ObligationInput(debtor, creditor, "money", "赔偿款", Decimal("600"),
                                    signed_on + timedelta(days=10), "银行转账"),),
        signed_on))
    db.dispose()
    return number


def test_the_application_is_refused_after_the_thirty_day_window(
        demo: tuple[str, str, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url, _number, _meeting = demo
    signed = date.today() - timedelta(days=31)
    number = _agree(url, signed)
    out = tmp_path / "application.pdf"
    code, _out, err = run(capsys, "--db", url, "doc", "judicial-confirmation", number,
                          "--format", "pdf", "-o", str(out))
    last = signed + timedelta(days=30)
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert f"{last.year}年{last.month}月{last.day}日" in err and "起诉" in err
    assert not out.exists()


def test_the_last_week_of_the_window_warns_on_standard_error(
        demo: tuple[str, str, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url, _number, _meeting = demo
    number = _agree(url, date.today() - timedelta(days=26))
    out = tmp_path / "application.pdf"
    code, _out, err = run(capsys, "--db", url, "doc", "judicial-confirmation", number,
                          "--format", "pdf", "-o", str(out))
    assert code == 0 and out.read_bytes().startswith(b"%PDF")
    assert "仅剩4天" in err
