"""Case data on the local disk is readable by its owner only, whatever the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from app.config import data_dir, default_db_url
from app.services.casebase.opening import init_database, open_database
from app.services.cases.drafts import load_draft, save_draft
from app.services.security.users import SYSTEM

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def _open_umask() -> Iterator[None]:
    """The most permissive umask: every mode below must come from the program itself."""
    old = os.umask(0)
    yield
    os.umask(old)


def test_init_creates_folders_0700_and_the_database_and_its_logs_0600(tmp_path: Path) -> None:
    path = tmp_path / "new" / "county" / "cases.db"
    db = init_database(f"sqlite:///{path}")
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT count(*) FROM cases")).scalar()
            wal, shm = (path.with_name(path.name + suffix) for suffix in ("-wal", "-shm"))
            assert wal.exists() and shm.exists()
            assert (mode(wal), mode(shm)) == (0o600, 0o600)
    finally:
        db.dispose()
    assert mode(tmp_path / "new") == mode(tmp_path / "new" / "county") == 0o700
    assert mode(path) == 0o600


def test_a_new_file_in_an_existing_folder_is_0600_and_the_folder_kept(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o750)
    db = open_database(f"sqlite:///{folder / 'cases.db'}")
    db.dispose()
    assert mode(folder / "cases.db") == 0o600
    assert mode(folder) == 0o750


def test_default_data_folder_and_database_are_private(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIAOJIE_DATA_DIR", str(tmp_path / "home" / "data"))
    db = open_database(default_db_url())
    db.dispose()
    assert mode(data_dir()) == 0o700
    assert mode(data_dir() / "tiaojie.db") == 0o600


def test_default_data_folder_left_open_by_an_earlier_release_is_tightened(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    folder = tmp_path / "old-release"
    folder.mkdir(mode=0o755)
    monkeypatch.delenv("TIAOJIE_DATA_DIR")
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *_args: str(folder))
    assert data_dir() == folder
    assert mode(folder) == 0o700


def test_drafts_are_0600_in_a_0700_folder() -> None:
    save_draft(SYSTEM, "intake", {"facts": "张三与李四的排水沟纠纷"})
    save_draft(SYSTEM, "intake", {"facts": "改过一次"})
    folder = data_dir() / "drafts"
    (draft,) = folder.iterdir()
    assert mode(folder) == 0o700 and mode(draft) == 0o600
    assert load_draft(SYSTEM, "intake") == {"facts": "改过一次"}
