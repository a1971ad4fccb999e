"""``tiaojie backup``, ``backup verify``, ``restore`` and ``export --format archive``.

Refusals are one line with exit 2 and leave the target as it was; a backup
that fails verification exits 1 (the check ran and found damage).
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from app.services.cases.intake import register_case
from tests.cli.support import case_base, run
from tests.services.fixtures import ADMIN, intake, seed_organisations

PASS = "村委会的备份口令"


@pytest.fixture
def source(tmp_path: Path) -> str:
    """A small case base with one registered case; its URL."""
    with case_base(tmp_path) as (db, url):
        seed_organisations(db)
        register_case(db, ADMIN, intake())
    return url


def test_backup_verify_and_restore(source: str, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "base.tjbak"
    code, printed, err = run(capsys, "--db", source, "--user", "admin", "backup", str(out),
                             "--json")
    assert (code, err) == (0, "")
    written = json.loads(printed)
    assert written["kind"] == "full" and not written["encrypted"]

    code, printed, err = run(capsys, "backup", "verify", str(out))
    assert (code, err) == (0, "") and "备份完好" in printed
    assert written["fingerprint"]["digest"] in printed

    target = f"sqlite:///{tmp_path / 'restored.db'}"
    code, printed, err = run(capsys, "restore", str(out), "--db", target, "--json")
    assert (code, err) == (0, "")
    restored = json.loads(printed)
    assert restored["fingerprint"] == written["fingerprint"] and restored["matches_backup"]
    assert restored["audit_ok"] and restored["restored_by"].startswith("os:")

    code, _out, err = run(capsys, "restore", str(out), "--db", target)
    assert code == 2 and err.count("\n") == 1 and "不是空的" in err
    code, _out, err = run(capsys, "restore", str(out))
    assert code == 2 and "--db" in err


def test_encrypted_backup_with_the_passphrase_from_env_and_stdin(
        source: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "sealed.tjbak"
    monkeypatch.setenv("TIAOJIE_BACKUP_PASSPHRASE", PASS)
    code, printed, err = run(capsys, "--db", source, "backup", str(out), "--encrypt")
    assert (code, err) == (0, "") and "已加密" in printed

    monkeypatch.setenv("TIAOJIE_BACKUP_PASSPHRASE", "not the passphrase")
    target = tmp_path / "restored.db"
    code, _out, err = run(capsys, "restore", str(out), "--db", f"sqlite:///{target}")
    assert code == 2 and err.count("\n") == 1 and "备份口令不正确" in err
    assert not target.exists()

    monkeypatch.delenv("TIAOJIE_BACKUP_PASSPHRASE")
    monkeypatch.setattr("sys.stdin", io.StringIO(PASS + "\n"))
    code, printed, err = run(capsys, "restore", str(out), "--db", f"sqlite:///{target}",
                             "--passphrase-stdin")
    assert (code, err) == (0, "") and "与备份时记录的指纹一致" in printed


def test_a_short_passphrase_is_refused(source: str, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIAOJIE_BACKUP_PASSPHRASE", "short")
    code, _out, err = run(capsys, "--db", source, "backup", str(tmp_path / "b.tjbak"),
                          "--encrypt")
    assert code == 2 and "太短" in err and not (tmp_path / "b.tjbak").exists()


def test_verify_of_a_damaged_backup_exits_1(source: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "base.tjbak"
    assert run(capsys, "--db", source, "backup", str(out))[0] == 0
    damaged = tmp_path / "damaged.tjbak"
    with zipfile.ZipFile(out) as old, zipfile.ZipFile(damaged, "w") as new:
        for name in old.namelist():
            content = old.read(name)
            new.writestr(name, content.replace("张三丰".encode(), "张三风".encode()))
    code, _out, err = run(capsys, "backup", "verify", str(damaged))
    assert code == 1 and err.count("\n") == 1 and "与清单记录的校验值不符" in err


def test_export_one_organisation_as_an_archive(source: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "xs-zx.tjbak"
    code, printed, err = run(capsys, "--db", source, "export", "--format", "archive",
                             "--org", "XS-ZX", "--from", "2020-01-01", "-o", str(out), "--json")
    assert (code, err) == (0, "")
    exported = json.loads(printed)
    assert exported["kind"] == "partial" and exported["fingerprint"]["rows"]["cases"] == 1
    code, _out, err = run(capsys, "--db", source, "export", "--format", "archive", "-o",
                          str(tmp_path / "x.tjbak"))
    assert code == 2 and "--org" in err
    code, _out, err = run(capsys, "--db", source, "export", "-o", str(tmp_path / "x.xlsx"))
    assert code == 2 and "cases" in err
