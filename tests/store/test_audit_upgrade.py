"""Entries written before keyed chaining keep verifying after the upgrade, sealed by it."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import Connection, insert, select, text

from app.services.uow import UnitOfWork
from app.store import schema
from app.store.audit_chain import BASE_CHAIN, GENESIS, entry_hash
from app.store.database import Database
from app.store.models import AuditEntry, Region
from app.store.models.audit import audit_heads
from tests.services.fixtures import acting
from tests.store.test_audit_chain import check, entries, kinds, tamper

OLD_AT = datetime(2026, 11, 20, 9, 30)


def _old_release_history(conn: Connection, count: int) -> None:
    """What release 0004 wrote: a region and ``count`` entries in one plain SHA-256 chain."""
    conn.execute(text("INSERT INTO regions (code, name, level, version) "
                      "VALUES ('330225', '象山县', 'county', 1)"))
    prev = GENESIS
    for n in range(count):
        after = json.dumps({"name": f"象山县{n}"}, ensure_ascii=False)
        digest = entry_hash(prev, OLD_AT, "alice", "update", "regions", 1, None, after)
        conn.execute(insert(AuditEntry.__table__).values(
            at=OLD_AT, user_login="alice", action="update", entity="regions", entity_id=1,
            before=None, after=after, prev_hash=prev, hash=digest))
        prev = digest


def _upgraded(url: str, count: int = 3) -> Database:
    db = Database(url)
    schema.upgrade(db.engine, "0004")
    with db.engine.begin() as conn:
        _old_release_history(conn, count)
    schema.upgrade(db.engine)
    return db


def _write_now(db: Database) -> None:
    with UnitOfWork(db, acting("bob")) as uow:
        uow.session.add(Region(code="330226", name="宁海县", level="county"))
        uow.commit()


def test_old_entries_verify_after_the_upgrade_and_are_sealed(any_url: str) -> None:
    db = _upgraded(any_url)
    assert check(db).checked == 3 and check(db).findings == ()
    _write_now(db)
    rows = entries(db)
    assert [r.chain is None for r in rows] == [True, True, True, False]
    with db.engine.connect() as conn:
        base = conn.execute(select(audit_heads).where(audit_heads.c.chain == BASE_CHAIN)).one()
    assert base.seq == 3
    assert json.loads(base.baseline) == {"regions": 1, "deadline_rules": 3, "routing_rules": 15}
    assert rows[3].prev_hash == base.hash and rows[3].origin == base.origin
    result = check(db)
    assert (result.checked, result.findings) == (4, ())
    db.dispose()


def test_newest_old_entry_cut_after_the_upgrade_is_found(any_url: str) -> None:
    db = _upgraded(any_url)
    _write_now(db)
    last_old = entries(db)[2]
    tamper(db, lambda c: c.execute(text("DELETE FROM audit_entries WHERE id = :id"),
                                   {"id": last_old.id}))
    (finding,) = check(db).findings
    assert (finding.kind, finding.chain, finding.seq, finding.count) == ("tail", BASE_CHAIN, 2, 1)
    db.dispose()


def test_edited_old_entry_is_named(any_url: str) -> None:
    db = _upgraded(any_url)
    _write_now(db)
    tamper(db, lambda c: c.execute(text("UPDATE audit_entries SET user_login = 'x' WHERE id = 2")))
    assert kinds(check(db)) == [("edited", 2)]
    db.dispose()


def test_widened_baseline_is_found(any_url: str) -> None:
    db = _upgraded(any_url)
    _write_now(db)
    tamper(db, lambda c: c.execute(
        text("UPDATE audit_heads SET baseline = :b WHERE chain = 'base'"),
        {"b": json.dumps({"regions": 1000, "cases": 1000}, separators=(",", ":"))}))
    assert kinds(check(db)) == [("base", None)]
    db.dispose()
