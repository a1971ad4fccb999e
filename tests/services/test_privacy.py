"""Privacy that holds: a masked role can neither read nor guess a hidden ID or phone digit.

The search guard looks at the query exactly as the index is asked (after
normalisation), so quotes, wildcards, backslashes and invisible characters
cannot smuggle a fragment past it; a masked role finds a record only by a
complete ID or phone number, compared whole.  Each probe below finds the case
for a clerk (so the fragment really is in the base) and nothing for a viewer.
The command line prints the same masked values the services return.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.services.cases.intake import register_case
from app.services.cases.queries import CaseFilter, count_cases
from app.services.parties.registry import search_parties
from app.services.security.users import SYSTEM, set_password
from app.store.database import Database
from tests.services.fixtures import acting, intake, seed_organisations
from tests.support.templates import MIGRATED, sqlite_templates

CLERK, VIEWER = acting("clerk"), acting("look")
ID_NUMBER, PHONE = "11010519491231002X", "13800000000"
PROBES = [
    "19491231", "1949*1231", "1949'1231", "1949_1231", "1949%1231", '1949"1231', "1949\\1231",
    "1949\u200b1231", "1949\u30001231", "1949", "0519", "1231", "110105194912", "10519491231",
    "19491231002", "138000", "8000", " ¦ 110105",
]
"""Fragments of 张三丰's ID number and phone, as an attacker would type them."""


@pytest.fixture
def base(db: Database) -> Database:
    seed_organisations(db)
    register_case(db, CLERK, intake())
    return db


@pytest.mark.parametrize("probe", PROBES)
def test_a_fragment_finds_nothing_for_a_masked_role(base: Database, probe: str) -> None:
    assert count_cases(base, CLERK, CaseFilter(text=probe)) == 1, "not a real fragment"
    assert count_cases(base, VIEWER, CaseFilter(text=probe)) == 0
    assert search_parties(base, VIEWER, probe) == []


def test_a_complete_number_finds_the_record_for_a_masked_role(base: Database) -> None:
    for number in (ID_NUMBER, ID_NUMBER.lower(), f'"{ID_NUMBER}"', PHONE):
        assert count_cases(base, VIEWER, CaseFilter(text=number)) == 1, number
        assert [r.name for r in search_parties(base, VIEWER, number)] == ["张三丰"], number
    found = search_parties(base, VIEWER, ID_NUMBER)[0]
    assert (found.id_number, found.phone) == ("110105********002X", "138****0000")
    assert count_cases(base, VIEWER, CaseFilter(text="张三丰")) == 1
    assert count_cases(base, VIEWER, CaseFilter(text="第0001号")) == 1


def _cli(url: str, capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(["--db", url, "--user", VIEWER.login, *argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_cli_output_shows_masked_values_to_a_masked_role(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = sqlite_templates().copy(MIGRATED, tmp_path / "cases.db")
    db = Database(url)
    try:
        seed_organisations(db)
        number = register_case(db, CLERK, intake()).number
        set_password(db, SYSTEM, "admin", "Passw0rd2026")
    finally:
        db.dispose()
    outputs = [_cli(url, capsys, "case", "show", number, "--json"),
               _cli(url, capsys, "case", "show", number),
               _cli(url, capsys, "case", "list", "--json"),
               _cli(url, capsys, "search", "张三丰", "--json"),
               _cli(url, capsys, "search", ID_NUMBER, "--json")]
    shown = json.loads(outputs[0])
    assert shown["parties"][0]["id_number"] == "110105********002X"
    assert "birth_date" not in shown["parties"][0]
    assert all(number in out for out in outputs)
    for out in outputs:
        for hidden in (ID_NUMBER, PHONE, "1949-12-31", "19491231", "440524188001010014"):
            assert hidden not in out
    for probe in ("19491231", "1949-1231", "1949*1231"):
        code = main(["--db", url, "--user", VIEWER.login, "search", probe])
        assert code == 2 and "完整的身份证号或手机号" in capsys.readouterr().err
