"""``tiaojie case show`` names people as readers know them and prints date-only events by date."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.services.security.users import UserInfo
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import Agreement, Case, User
from tests.cli.support import case_base, run
from tests.services.fixtures import ADMIN, intake_json, seed_organisations

NUMBER = "（2026）象调字第0001号"
CLERK = UserInfo("lijg", "李建国", "clerk", None, True)


@pytest.fixture
def url(tmp_path: Path) -> str:
    with case_base(tmp_path) as (db, db_url):
        seed_organisations(db)
        with UnitOfWork(db, ADMIN) as uow:
            uow.session.add(User(login="lijg", display_name="李建国", role="clerk"))
            uow.commit()
    return db_url


def _sign(url: str, on: date) -> None:
    db = Database(url)
    try:
        with UnitOfWork(db, CLERK) as uow:
            case_id = uow.session.scalars(select(Case.id).where(Case.number == NUMBER)).one()
            uow.session.add(Agreement(case_id=case_id, form="written", signed_on=on))
            uow.commit()
    finally:
        db.dispose()


def test_show_names_the_registrar_and_prints_signing_by_date(
        url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    intake = tmp_path / "case.json"
    intake.write_text(json.dumps(intake_json(), ensure_ascii=False), encoding="utf-8")
    code, _out, err = run(capsys, "--db", url, "--user", "lijg", "case", "add", str(intake))
    assert code == 0, err
    _sign(url, date(2026, 11, 23))
    code, out, err = run(capsys, "--db", url, "case", "show", NUMBER)
    assert code == 0, err
    assert "登记人：李建国" in out
    assert "lijg" not in out
    history = out.split("办理经过：", 1)[1].splitlines()
    registered = next(line for line in history if "受理登记" in line)
    signed = next(line for line in history if "签订调解协议" in line)
    assert "李建国" in registered
    assert history.index(registered) < history.index(signed)
    assert "2026年11月23日" in signed and ":" not in signed.split("签订调解协议")[0]
    assert "李建国" in signed
