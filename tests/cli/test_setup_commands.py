"""``tiaojie setup``, ``org list``, ``org/region deactivate``, codes from ``case recommend``,
and ``case withdraw-referral``, through the real entry point on SQLite files."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from app.paths import resources_dir
from app.services.security.users import authenticate
from app.store.database import Database
from tests.cli.support import case_base, run
from tests.services.routing_fixtures import build_network, village_case

EXAMPLE = str(resources_dir() / "setup" / "example.toml")
PASSWORD = "Qiang2026tou"
NUMBER = "（2026）溪口调字第0001号"


@pytest.fixture
def new_base(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    url = f"sqlite:///{tmp_path / 'office.db'}"
    assert run(capsys, "--db", url, "init")[0] == 0
    return url


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def test_setup_from_the_example_file(new_base: str, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, PASSWORD + "\n")
    code, out, err = run(capsys, "--db", new_base, "setup", EXAMPLE)
    assert code == 0, err
    assert "2 个行政区划、2 个调解组织、2 名调解员、2 个账号" in out and "QT、QT-LNJ" in out
    db = Database(new_base)
    try:
        assert authenticate(db, "admin", PASSWORD).display_name == "王丽华"
    finally:
        db.dispose()
    monkeypatch.setenv("TIAOJIE_PASSWORD", PASSWORD)
    code, out, err = run(capsys, "--db", new_base, "setup", EXAMPLE)
    assert code == 2 and "空数据库" in err and out == ""
    code, out, _err = run(capsys, "--db", new_base, "org", "list", "--json")
    listed = json.loads(out)
    assert code == 0 and [o["code"] for o in listed] == ["QT-LNJ", "QT"]
    assert listed[1]["region_code"] == "330225105000" and listed[1]["mediators"] == 2
    code, out, _err = run(capsys, "--db", new_base, "org", "deactivate", "QT-LNJ")
    assert code == 0 and "已停用 墙头镇老娘舅调解工作室" in out
    code, out, _err = run(capsys, "--db", new_base, "org", "list")
    assert "QT-LNJ" not in out and out.startswith("QT\t象山县墙头镇人民调解委员会")
    code, out, _err = run(capsys, "--db", new_base, "org", "list", "--all")
    assert "QT-LNJ" in out and "已停用" in out
    code, _out, err = run(capsys, "--db", new_base, "region", "deactivate", "330225105000")
    assert code == 2 and "请先停用它们" in err
    code, out, _err = run(capsys, "--db", new_base, "org", "activate", "QT-LNJ")
    assert code == 0 and "已启用" in out
    code, _out, err = run(capsys, "--db", new_base, "org", "deactivate", "NOPE")
    assert code == 2 and "NOPE" in err


def test_a_wrong_file_is_refused_in_one_line_and_writes_nothing(
        new_base: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    wrong = tmp_path / "wrong.toml"
    wrong.write_text(Path(EXAMPLE).read_text(encoding="utf-8").replace(
        'kind = "brand_studio"', 'kind = "studio"'), encoding="utf-8")
    _stdin(monkeypatch, PASSWORD + "\n")
    code, out, err = run(capsys, "--db", new_base, "setup", str(wrong))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "organisations[1].kind" in err and "studio" in err
    broken = tmp_path / "broken.toml"
    broken.write_text("[admin\nname = 1", encoding="utf-8")
    code, _out, err = run(capsys, "--db", new_base, "setup", str(broken))
    assert code == 2 and "格式有误" in err
    code, _out, err = run(capsys, "--db", new_base, "setup", str(tmp_path / "none.toml"))
    assert code == 2 and "找不到文件" in err
    _stdin(monkeypatch, "short\n")
    code, _out, err = run(capsys, "--db", new_base, "setup", EXAMPLE)
    assert code == 2 and "密码至少" in err
    _stdin(monkeypatch, PASSWORD + "\n")
    assert run(capsys, "--db", new_base, "setup", EXAMPLE)[0] == 0


@pytest.fixture
def routed(tmp_path: Path) -> str:
    with case_base(tmp_path) as (db, db_url):
        build_network(db)
        village_case(db)
    return db_url


def test_recommend_shows_the_codes_assign_and_refer_accept(
        routed: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "--db", routed, "case", "recommend", NUMBER, "--json")
    rec = json.loads(out)
    assert code == 0 and rec["organisations"][0]["code"] == "XK-CW"
    codes = [o["code"] for o in rec["organisations"]]
    assert all(codes) and "DC-TW" in codes
    code, out, _err = run(capsys, "--db", routed, "case", "recommend", NUMBER)
    assert "[XK-CW] 溪口村人民调解委员会" in out
    town = next(o for o in rec["organisations"] if o["code"] == "DC-TW")
    code, out, err = run(capsys, "--db", routed, "--user", "villy", "case", "refer", NUMBER,
                         "--to", town["code"], "--reason", "村级难以调处")
    assert code == 0 and "待接收" in out, err
    code, out, err = run(capsys, "--db", routed, "--user", "villy", "case", "withdraw-referral",
                         NUMBER, "--reason", "选错了接收组织")
    assert code == 0 and "已撤回" in out, err
    shown = json.loads(run(capsys, "--db", routed, "case", "show", NUMBER, "--json")[1])
    assert shown["status"] == "received" and shown["referrals"][-1]["status"] == "withdrawn"
    code, _out, err = run(capsys, "--db", routed, "--user", "villy", "case", "withdraw-referral",
                          NUMBER, "--reason", "再撤一次")
    assert code == 2 and "已接收的不能撤回" in err
    code, out, err = run(capsys, "--db", routed, "--user", "villy", "case", "assign", NUMBER,
                         "--org", town["name"], "--reason", "按名称指派")
    assert code == 0 and "墙头镇人民调解委员会" in out, err
    code, _out, err = run(capsys, "--db", routed, "case", "refer", NUMBER, "--to", "NOPE",
                          "--reason", "x")
    assert code == 2 and "org list" in err
