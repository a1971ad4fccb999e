"""What the CLI prints never carries a control character to the terminal raw.

New text cannot hold one (the text rule refuses it), but a case base written
by an earlier release, or edited behind the program's back, can: its names
are printed with every unprintable character escaped, and ``--json`` stays
valid JSON with the same value.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from app.cli.common import printable, run
from tests.cli.support import case_base
from tests.cli.support import run as tiaojie
from tests.services.fixtures import intake_json, seed_organisations

HOSTILE = "\x1b[31m张三丰\x1b[0m\r\u202e\x85\ud800"


def test_printable_escapes_controls_surrogates_and_bidi_but_keeps_lines() -> None:
    assert printable("张三\n\t李四") == "张三\n\t李四"
    shown = printable(HOSTILE)
    assert shown.isprintable()
    assert shown == ("\\u001b[31m张三丰\\u001b[0m\\u000d\\u202e\\u0085\\ud800")


def test_everything_a_command_prints_goes_through_printable(
        capsys: pytest.CaptureFixture[str]) -> None:
    def handler(_args: argparse.Namespace) -> int:
        print(HOSTILE)
        print(json.dumps({"name": HOSTILE}, ensure_ascii=False))
        return 0

    assert run(handler, argparse.Namespace()) == 0
    text, json_line, _ = capsys.readouterr().out.split("\n")
    assert text.isprintable()
    assert json.loads(json_line)["name"] == HOSTILE


def test_names_from_an_earlier_release_are_shown_escaped(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    with case_base(tmp_path) as (db, url):
        seed_organisations(db)
    path = Path(url.removeprefix("sqlite:///"))
    conn = sqlite3.connect(path)
    conn.execute("UPDATE users SET password_hash = ? WHERE login = 'admin'",
                 (PasswordHasher().hash("cases2026"),))
    conn.commit()
    monkeypatch.setenv("TIAOJIE_PASSWORD", "cases2026")
    intake = tmp_path / "case.json"
    intake.write_text(json.dumps(intake_json(), ensure_ascii=False), encoding="utf-8")
    code, out, err = tiaojie(capsys, "--db", url, "case", "add", str(intake))
    assert code == 0, err
    conn.execute("UPDATE parties SET name = ? WHERE name = '张三丰'",
                 ("\x1b[31m张三丰\x1b[0m\u202e",))
    conn.commit()
    conn.close()
    number = out.split("：")[-1].strip()
    code, out, _err = tiaojie(capsys, "--db", url, "case", "show", number)
    assert code == 0 and "\\u001b[31m张三丰" in out
    assert "\x1b" not in out and "\u202e" not in out
    code, out, _err = tiaojie(capsys, "--db", url, "case", "show", number, "--json")
    assert json.loads(out)["parties"][0]["name"] == "\x1b[31m张三丰\x1b[0m\u202e"
    assert "\x1b" not in out


def test_error_messages_echoing_input_are_escaped(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    data = intake_json()
    data["\x1b[2Jcolour"] = "red"
    intake = tmp_path / "case.json"
    intake.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = tiaojie(capsys, "case", "add", str(intake))
    assert code == 2 and out == ""
    assert "\\u001b[2Jcolour: " in err and "\x1b" not in err
