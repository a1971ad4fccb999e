"""The CLI signs in like the GUI: passwords from a prompt, TIAOJIE_PASSWORD or --password-stdin.

Every refusal is one line on standard error, exit status 2, and nothing of
the command is written.  The bases here are real ones (no demo mark).
"""

from __future__ import annotations

import io
import json
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.services.security.users import (
    SYSTEM,
    LoginRequired,
    add_user,
    authenticate,
    ensure_admin,
    set_password,
)
from app.store.database import Database
from app.store.models import User
from tests.cli.support import run
from tests.support.templates import MIGRATED, sqlite_templates

ADMIN_PASSWORD = "Admin2026"
CLERK_PASSWORD = "Clerk2026"


@pytest.fixture(autouse=True)
def _no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard input is a pipe holding nothing, as under cron, unless a test says otherwise."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    monkeypatch.delenv("TIAOJIE_PASSWORD", raising=False)


@pytest.fixture
def url(tmp_path: Path) -> str:
    """A real case base: admin and liwen with passwords, nopass without, gone disabled."""
    db_url = sqlite_templates().copy(MIGRATED, tmp_path / "real.db")
    db = Database(db_url)
    ensure_admin(db)
    set_password(db, SYSTEM, "admin", ADMIN_PASSWORD)
    add_user(db, SYSTEM, "liwen", "clerk", password=CLERK_PASSWORD)
    add_user(db, SYSTEM, "nopass", "viewer")
    add_user(db, SYSTEM, "gone", "viewer", password=CLERK_PASSWORD)
    with db.session() as s:
        s.execute(select(User).where(User.login == "gone")).scalar_one().active = False
        s.commit()
    db.dispose()
    return db_url


def _users(url: str) -> set[str]:
    db = Database(url)
    try:
        with db.session() as s:
            return set(s.execute(select(User.login)).scalars())
    finally:
        db.dispose()


def _refused(result: tuple[int, str, str], text: str) -> None:
    code, out, err = result
    assert (code, out) == (2, ""), err
    assert len(err.strip().splitlines()) == 1 and text in err, err


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def test_missing_password_is_refused(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _refused(run(capsys, "--db", url, "case", "list"), "TIAOJIE_PASSWORD")
    _refused(run(capsys, "--db", url, "--user", "liwen", "user", "add", "evil", "--role",
                 "admin"), "“liwen”需要密码")
    assert "evil" not in _users(url)


@pytest.mark.parametrize(("login", "message"), [
    ("ghost", "没有可用的登录名“ghost”"),
    ("gone", "没有可用的登录名“gone”"),
])
def test_unknown_and_disabled_accounts_are_refused(
        url: str, login: str, message: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TIAOJIE_PASSWORD", CLERK_PASSWORD)
    _refused(run(capsys, "--db", url, "--user", login, "case", "list"), message)
    _refused(run(capsys, "--db", url, "--user", login, "user", "add", "evil", "--role",
                 "admin", "--password", "Evil20261"), message)
    assert "evil" not in _users(url)


def test_wrong_password_is_refused_and_writes_nothing(
        url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TIAOJIE_PASSWORD", "Wrong2026")
    _refused(run(capsys, "--db", url, "user", "add", "evil", "--role", "admin"), "密码不正确")
    _refused(run(capsys, "--db", url, "user", "passwd", "admin", "--password", "Evil20261"),
             "密码不正确")
    assert "evil" not in _users(url)
    monkeypatch.setenv("TIAOJIE_PASSWORD", ADMIN_PASSWORD)
    assert run(capsys, "--db", url, "case", "list")[0] == 0


def test_password_from_the_environment(url: str, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TIAOJIE_PASSWORD", ADMIN_PASSWORD)
    code, out, err = run(capsys, "--db", url, "case", "list", "--json")
    assert code == 0 and json.loads(out) == [], err
    code, out, _err = run(capsys, "--db", url, "user", "add", "wangm", "--role", "mediator")
    assert code == 0 and "wangm" in out


def test_password_from_standard_input(url: str, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TIAOJIE_PASSWORD", "Wrong2026")
    _stdin(monkeypatch, CLERK_PASSWORD + "\n")
    code, _out, err = run(capsys, "--db", url, "--user", "liwen", "--password-stdin",
                          "case", "list")
    assert code == 0, err
    _stdin(monkeypatch, ADMIN_PASSWORD + "\r\n")
    code, _out, err = run(capsys, "case", "list", "--db", url, "--password-stdin")
    assert code == 0, err
    _stdin(monkeypatch, "\n")
    _refused(run(capsys, "--db", url, "--password-stdin", "case", "list"), "--password-stdin")


def test_password_typed_at_a_terminal_without_echo(
        url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import getpass

    prompts: list[str] = []

    def typed(prompt: str = "") -> str:
        prompts.append(prompt)
        return CLERK_PASSWORD

    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(getpass, "getpass", typed)
    code, _out, err = run(capsys, "--db", url, "--user", "liwen", "case", "list")
    assert code == 0, err
    assert prompts == ["“liwen”的密码："]
    code, _out, _err = run(capsys, "--db", url, "--user", "nopass", "case", "list")
    assert code == 0 and len(prompts) == 1


def test_fifth_wrong_password_locks_the_account(
        url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TIAOJIE_PASSWORD", "Wrong2026")
    for _attempt in range(4):
        _refused(run(capsys, "--db", url, "--user", "liwen", "case", "list"), "密码不正确")
    _refused(run(capsys, "--db", url, "--user", "liwen", "case", "list"),
             "“liwen”因连续 5 次密码错误已锁定")
    monkeypatch.setenv("TIAOJIE_PASSWORD", CLERK_PASSWORD)
    _refused(run(capsys, "--db", url, "--user", "liwen", "case", "list"), "解锁")
    db = Database(url)
    with db.session() as s:
        locked_until = s.scalar(select(User.locked_until).where(User.login == "liwen"))
    db.dispose()
    assert locked_until is not None and locked_until > datetime.now() + timedelta(minutes=14)


def test_an_expired_lock_lets_the_right_password_in(
        url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    db = Database(url)
    an_hour_ago = datetime.now() - timedelta(hours=1)
    for _attempt in range(5):
        with pytest.raises(LoginRequired):
            authenticate(db, "liwen", "Wrong2026", now=an_hour_ago)
    db.dispose()
    monkeypatch.setenv("TIAOJIE_PASSWORD", CLERK_PASSWORD)
    code, _out, err = run(capsys, "--db", url, "--user", "liwen", "case", "list")
    assert code == 0, err


def test_weak_passwords_are_refused_in_one_line(
        url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TIAOJIE_PASSWORD", ADMIN_PASSWORD)
    rule = "password: 密码至少需要 8 个字符，并且要同时包含字母和数字"
    _refused(run(capsys, "--db", url, "user", "add", "x1", "--role", "clerk",
                 "--password", "abcdefgh"), rule)
    _refused(run(capsys, "--db", url, "user", "passwd", "liwen", "--password", "1234567"), rule)
    assert "x1" not in _users(url)
    fresh = tmp_path / "fresh.db"
    _refused(run(capsys, "--db", f"sqlite:///{fresh}", "user", "add", "x1", "--role", "clerk",
                 "--password", "short1"), rule)
    assert not fresh.exists()


def test_new_password_from_standard_input_or_typed_twice(
        url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import getpass

    _stdin(monkeypatch, ADMIN_PASSWORD + "\nNewPass2027\n")
    code, _out, err = run(capsys, "--db", url, "--password-stdin", "user", "passwd", "liwen")
    assert code == 0, err
    monkeypatch.setenv("TIAOJIE_PASSWORD", "NewPass2027")
    assert run(capsys, "--db", url, "--user", "liwen", "case", "list")[0] == 0
    answers = iter(["Typed2027", "Typo2027"])
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(answers))
    _refused(run(capsys, "--db", url, "--user", "liwen", "user", "passwd", "liwen"), "不一致")


def test_a_real_base_without_an_admin_password_only_sets_up(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    assert run(capsys, "--db", url, "init")[0] == 0
    _refused(run(capsys, "--db", url, "case", "list"), "tiaojie user passwd admin")
    code, _out, err = run(capsys, "--db", url, "user", "add", "liwen", "--role", "clerk")
    assert code == 0, err
    _refused(run(capsys, "--db", url, "--user", "liwen", "case", "list"), "管理员还没有设置密码")
    code, _out, err = run(capsys, "--db", url, "user", "passwd", "admin",
                          "--password", ADMIN_PASSWORD)
    assert code == 0, err
    _refused(run(capsys, "--db", url, "case", "list"), "“admin”需要密码")
    monkeypatch.setenv("TIAOJIE_PASSWORD", ADMIN_PASSWORD)
    assert run(capsys, "--db", url, "case", "list")[0] == 0
    monkeypatch.delenv("TIAOJIE_PASSWORD")
    assert run(capsys, "--db", url, "--user", "liwen", "case", "list")[0] == 0


def test_init_and_demo_act_as_the_system_on_an_empty_base(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    assert run(capsys, "--db", url, "init")[0] == 0
    code, _out, err = run(capsys, "--db", url, "demo", "--cases", "60", "--quiet")
    assert code == 0, err
    code, out, err = run(capsys, "--db", url, "case", "list", "--limit", "3", "--json")
    assert code == 0 and len(json.loads(out)) == 3, err
