"""The command as people pipe and mistype it: ``| head``, argparse's own words, README's example."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli.common import PIPE_CLOSED
from tests.cli.support import case_base, run
from tests.services.fixtures import intake_json, seed_organisations

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture
def url(tmp_path: Path) -> str:
    with case_base(tmp_path) as (db, db_url):
        seed_organisations(db)
    return db_url


def _closed_pipe_run(*argv: str) -> subprocess.CompletedProcess[str]:
    """Run ``tiaojie`` with standard output a pipe whose reader has already gone (``| head``)."""
    reader, writer = os.pipe()
    os.close(reader)
    try:
        return subprocess.run([sys.executable, "-m", "app", *argv], stdout=writer,
                              stderr=subprocess.PIPE, text=True, timeout=120, check=False)
    finally:
        os.close(writer)


@pytest.mark.parametrize(("argv", "codes"), [
    (["case", "list"], {PIPE_CLOSED}),
    (["case", "list", "--json"], {PIPE_CLOSED}),
    (["case", "show", "（2026）象调字第0001号"], {PIPE_CLOSED}),
    # argparse itself ignores a failed write of its help text.
    (["--help"], {0, PIPE_CLOSED}),
    (["case", "--help"], {0, PIPE_CLOSED}),
])
def test_a_closed_pipe_ends_the_command_quietly(url: str, tmp_path: Path, argv: list[str],
                                                codes: set[int]) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(intake_json(), ensure_ascii=False), encoding="utf-8")
    assert subprocess.run([sys.executable, "-m", "app", "--db", url, "case", "add", str(path)],
                          capture_output=True, timeout=120, check=False).returncode == 0
    result = _closed_pipe_run("--db", url, *argv)
    assert result.stderr == ""
    assert result.returncode in codes


@pytest.mark.parametrize(
    ("argv", "zh", "en"),
    [
        (["case", "frobnicate"], "错误：参数 case_command：无效的选择：'frobnicate'（可选：",
         "error: argument case_command: invalid choice: 'frobnicate' (choose from "),
        (["case", "show"], "错误：缺少必需的参数：number",
         "error: the following arguments are required: number"),
        (["case", "list", "--limit", "many"], "错误：参数 --limit：无效的 int 值：'many'",
         "error: argument --limit: invalid int value: 'many'"),
        (["case", "list", "--bogus"], "错误：无法识别的参数：--bogus",
         "error: unrecognized arguments: --bogus"),
        (["case", "list", "--limit"], "错误：参数 --limit：需要一个值",
         "error: argument --limit: expected one argument"),
    ],
)
def test_argparse_speaks_the_chosen_language(capsys: pytest.CaptureFixture[str], argv: list[str],
                                             zh: str, en: str) -> None:
    code, _out, err = run(capsys, "--lang", "zh_CN", *argv)
    assert code == 2
    assert err.startswith("用法：tiaojie ") and zh in err
    assert "usage" not in err and "error" not in err
    code, _out, err = run(capsys, "--lang", "en", *argv)
    assert code == 2
    assert err.startswith("usage: tiaojie ") and en in err
    assert not re.search(r"[\u4e00-\u9fff：（）]", err), err


def test_help_is_translated(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "--lang", "zh_CN", "case", "list", "--help")
    assert code == 0
    assert out.startswith("用法：") and "显示本帮助并退出" in out and "选项" in out
    code, out, _err = run(capsys, "--lang", "en", "case", "list", "--help")
    assert out.startswith("usage: ") and "show this help message and exit" in out
    assert "options:" in out


def _readme_intake() -> str:
    """The JSON block under README's **Intake document** heading, exactly as printed."""
    text = README.read_text(encoding="utf-8")
    start = text.index("**Intake document**")
    block = re.search(r"```json\n(.*?)\n```", text[start:], re.DOTALL)
    assert block is not None, "README has no intake JSON example"
    return block.group(1)


def test_readme_intake_example_registers_as_it_stands(url: str, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "readme-intake.json"
    path.write_text(_readme_intake(), encoding="utf-8")
    code, out, err = run(capsys, "--db", url, "case", "add", str(path), "--json")
    assert code == 0, err
    number = json.loads(out)["number"]
    code, out, err = run(capsys, "--db", url, "case", "show", number, "--json")
    shown = json.loads(out)
    example = json.loads(_readme_intake())
    assert [p["name"] for p in shown["parties"]] == [p["name"] for p in example["parties"]]
    assert shown["category"] == example["category"] and shown["region"] == example["region"]
