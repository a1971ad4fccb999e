"""The database dialog's test connection: a new file in an existing folder, nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.services.casebase import opening
from app.store.schema import SchemaError
from tests.cli.test_files_refused import fingerprint, foreign_file


def test_choosing_a_new_file_in_an_existing_folder_starts_a_case_base(tmp_path: Path) -> None:
    opening.test_connection(f"sqlite:///{tmp_path / 'new.db'}")
    assert (tmp_path / "new.db").is_file()
    db = opening.open_database(f"sqlite:///{tmp_path / 'new.db'}")
    assert opening.schema_revision(db) is not None
    db.dispose()


def test_foreign_files_and_missing_folders_are_refused_untouched(tmp_path: Path) -> None:
    path = foreign_file(tmp_path / "ledger.db")
    before = fingerprint(path)
    with pytest.raises(SchemaError):
        opening.test_connection(f"sqlite:///{path}")
    with pytest.raises(SchemaError):
        opening.open_database(f"sqlite:///{path}")
    assert fingerprint(path) == before
    with pytest.raises(opening.DatabaseUnavailable, match="文件夹不存在"):
        opening.test_connection(f"sqlite:///{tmp_path / 'nowhere' / 'new.db'}")
    assert not (tmp_path / "nowhere").exists()


def test_a_foreign_postgresql_database_is_refused_untouched(pg_url: str) -> None:
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(pg_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE ledger (id integer PRIMARY KEY)"))
    with pytest.raises(SchemaError, match="不是调解台的案件库"):
        opening.open_database(pg_url)
    with engine.connect() as conn:
        assert inspect(conn).get_table_names() == ["ledger"]
    engine.dispose()
