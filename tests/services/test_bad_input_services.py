"""The text rule holds in the services and at the database door, the same on both backends.

Before: NUL in a name was stored silently by SQLite and crashed PostgreSQL.
Now every path refuses it with the field named and writes nothing, whether
the input came through the intake parser, a service's own check, or a path
that checked nothing (caught by the flush guard, app.store.text_guard).
"""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select

from app.domain.errors import ValidationError
from app.services.cases.intake import register_case
from app.services.meetings.roster import add_member
from app.services.meetings.types import MemberInput
from app.services.parties.registry import update_party
from app.store.database import Database
from app.store.models import Case, Organisation, Party
from tests.services.fixtures import ADMIN, intake, seed_organisations

NUL_NAME = "张\x00三"


def counts(db: Database) -> tuple[int, int]:
    with db.session() as s:
        return (s.scalar(select(func.count()).select_from(Case)) or 0,
                s.scalar(select(func.count()).select_from(Party)) or 0)


def test_nul_in_a_name_is_refused_on_both_databases(db: Database) -> None:
    seed_organisations(db)
    checked = intake()
    bad = dataclasses.replace(checked, parties=(
        dataclasses.replace(checked.parties[0], name=NUL_NAME), *checked.parties[1:]))
    with pytest.raises(ValidationError) as caught:
        register_case(db, ADMIN, bad)
    assert caught.value.field == "name" and "U+0000" in caught.value.message
    assert counts(db) == (0, 0)


@pytest.mark.parametrize(("field", "value"), [("name", NUL_NAME), ("name", "王\u202e五"),
                                              ("address", "溪口村\x1b[31m"),
                                              ("occupation", "农\ud800民")])
def test_party_edits_refuse_bad_text_naming_the_field(db: Database, field: str,
                                                      value: str) -> None:
    seed_organisations(db)
    register_case(db, ADMIN, intake())
    with db.session() as s:
        party = s.execute(select(Party).where(Party.name == "李四")).scalar_one()
    with pytest.raises(ValidationError) as caught:
        update_party(db, ADMIN, party.id, party.version, {field: value})
    assert caught.value.field == field
    with db.session() as s:
        assert s.get(Party, party.id).version == party.version  # type: ignore[union-attr]


def test_roster_names_refuse_controls_and_bidi(db: Database) -> None:
    seed_organisations(db)
    for name in ("村民\x00甲", "村民\u2066甲", "村民\n甲"):
        with pytest.raises(ValidationError) as caught:
            add_member(db, ADMIN, "330225103201", MemberInput(name=name, role="representative"))
        assert caught.value.field == "name"


def test_flush_guard_catches_a_path_that_checked_nothing(db: Database) -> None:
    seed_organisations(db)
    with db.session(user=ADMIN.login, write=True) as s:
        org = s.execute(select(Organisation).where(Organisation.code == "XS-ZX")).scalar_one()
        org.address = "丹城镇\x00"
        with pytest.raises(ValidationError) as caught:
            s.commit()
        assert caught.value.field == "address"
    with db.session(user=ADMIN.login, write=True) as s:
        s.add(Party(kind="person", name="合法的名字", occupation="第一行\n第二行"))
        s.commit()
    with db.session() as s:
        org = s.execute(select(Organisation).where(Organisation.code == "XS-ZX")).scalar_one()
        assert org.address is None


def test_one_registry_party_may_not_hold_two_roles(db: Database) -> None:
    seed_organisations(db)
    register_case(db, ADMIN, intake())
    with db.session() as s:
        existing = s.execute(select(Party).where(Party.name == "李四")).scalar_one()
    checked = intake()
    twice = dataclasses.replace(checked, parties=(
        dataclasses.replace(checked.parties[0], party_id=existing.id, id_number=None,
                            agent=None),
        checked.parties[1]))
    with pytest.raises(ValidationError) as caught:
        register_case(db, ADMIN, twice)
    assert caught.value.field == "parties[1]" and "parties[0]" in caught.value.message
    assert counts(db)[0] == 1


def test_full_disk_becomes_one_sentence_in_the_gui_too(sqlite_db: Database) -> None:
    """A real SQLITE_FULL, and PostgreSQL's disk_full / data_corrupted, as the GUI shows them."""
    import errno
    import sqlite3

    import psycopg.errors
    from sqlalchemy.exc import OperationalError

    from app.services.casebase.opening import storage_failure
    from app.ui.app_errors import error_text

    seed_organisations(sqlite_db)
    with sqlite_db.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
        conn.exec_driver_sql(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(OperationalError) as caught:
            conn.exec_driver_sql("CREATE TABLE filler (x TEXT)")
        assert isinstance(caught.value.orig, sqlite3.OperationalError)
    full = caught.value
    assert "存储空间已满" in error_text(full)
    server_full = OperationalError("INSERT", {}, psycopg.errors.DiskFull("could not extend"))
    assert "存储空间已满" in error_text(server_full)
    corrupt = OperationalError("SELECT", {}, psycopg.errors.DataCorrupted("invalid page"))
    assert "备份" in error_text(corrupt)
    assert "存储空间已满" in error_text(OSError(errno.ENOSPC, "No space left on device"))
    assert storage_failure(ValueError("something else")) is None
    assert error_text(ValueError("x")).startswith("发生了意外错误")
