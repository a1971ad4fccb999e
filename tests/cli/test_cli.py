"""The ``tiaojie`` command's exit codes and messages (the contract in README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.support import run


def test_init_creates_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    code, out, _err = run(capsys, "--db", url, "init")
    assert code == 0
    assert "数据库已就绪" in out
    assert (tmp_path / "a.db").exists()


def test_init_on_postgresql(pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "--db", pg_url, "init")
    assert code == 0 and "数据库已就绪" in out


@pytest.mark.parametrize("url", ["nonsense", "mysql://u@h/d", "sqlite://"])
def test_bad_db_url_exits_2_with_one_line(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--db", url, "init")
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1


def test_unreachable_server_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "--db", "postgresql://nobody@127.0.0.1:9/none", "init")
    assert code == 2
    assert "无法打开数据库" in err and len(err.strip().splitlines()) == 1


def test_env_variable_selects_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TIAOJIE_DB", f"sqlite:///{tmp_path / 'env.db'}")
    code, _out, _err = run(capsys, "init")
    assert code == 0 and (tmp_path / "env.db").exists()


def test_demo_then_audit_verify(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    code, out, _err = run(capsys, "--db", url, "demo", "--cases", "120", "--seed", "3", "--quiet")
    assert code == 0 and "120" in out
    code, out, _err = run(capsys, "--db", url, "audit", "verify")
    assert code == 0 and "审计链完整" in out


def test_demo_refuses_non_empty_database(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    assert run(capsys, "--db", url, "demo", "--cases", "50", "--quiet")[0] == 0
    code, _out, err = run(capsys, "--db", url, "demo", "--cases", "50", "--quiet")
    assert code == 2 and err.strip()


def test_demo_rejects_zero_cases(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "--db", f"sqlite:///{tmp_path / 'x.db'}", "demo", "--cases", "0")
    assert code == 2 and "--cases" in err


def test_user_add_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'u.db'}"
    code, out, _err = run(capsys, "--db", url, "user", "add", "liwen", "--role", "clerk",
                          "--display-name", "李文")
    assert code == 0 and "liwen" in out
    code, _out, err = run(capsys, "--db", url, "user", "add", "liwen", "--role", "clerk")
    assert code == 2 and "已存在" in err
    code, _out, err = run(capsys, "--db", url, "user", "add", "x1", "--role", "boss")
    assert code == 2 and "role" in err


def test_english_messages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "--lang", "en", "--db", f"sqlite:///{tmp_path / 'e.db'}", "init")
    assert code == 0 and "Database ready" in out


def test_python_m_app_is_the_same_command(tmp_path: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "app", "--db", f"sqlite:///{tmp_path / 'm.db'}", "init"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "数据库已就绪" in result.stdout
