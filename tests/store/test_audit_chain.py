"""The audit trail records every change, and each way of cutting or forging it is named.

The attacks are made the way someone holding the database but not the key
would: with SQL, the append-only triggers dropped (SQLite) or disabled
(PostgreSQL) first.  ``tamper`` and ``make_history`` are shared with the other
audit test modules.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, func, insert, select, text, update

from app.services.uow import UnitOfWork
from app.store import audit_tail
from app.store.audit_chain import entry_hash
from app.store.audit_key import existing_key
from app.store.audit_log import verify_chain
from app.store.audit_verify import Finding, TrailCheck, check_trail
from app.store.database import Database
from app.store.models import AuditEntry, Organisation, Region, User
from app.store.models.audit import audit_heads
from tests.services.fixtures import acting, seed_organisations

AUDIT_TABLES = ("audit_entries", "audit_heads")


def tamper(db: Database, change: Callable[[Connection], Any]) -> None:
    """Run ``change`` as the database's owner would, with the audit triggers out of the way."""
    with db.engine.begin() as conn:
        if db.backend == "sqlite":
            triggers = conn.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name IN ('audit_entries', 'audit_heads')").all()
            for name, _sql in triggers:
                conn.exec_driver_sql(f"DROP TRIGGER {name}")
        else:
            for table in AUDIT_TABLES:
                conn.exec_driver_sql(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        change(conn)
        if db.backend == "sqlite":
            for _name, sql in triggers:
                conn.exec_driver_sql(sql)
        else:
            for table in AUDIT_TABLES:
                conn.exec_driver_sql(f"ALTER TABLE {table} ENABLE TRIGGER USER")


def make_history(db: Database, regions: int = 0) -> None:
    """Four entries by three people (insert, insert, update, delete), then ``regions`` more."""
    with UnitOfWork(db, acting("alice")) as uow:
        uow.session.add(Region(code="330225", name="象山县", level="county"))
        uow.session.add(Region(code="330226", name="宁海县", level="county"))
        uow.commit()
    with UnitOfWork(db, acting("bob")) as uow:
        region = uow.session.execute(select(Region).where(Region.code == "330225")).scalar_one()
        region.name = "象山"
        uow.commit()
    with UnitOfWork(db, acting("carol")) as uow:
        region = uow.session.execute(select(Region).where(Region.code == "330226")).scalar_one()
        uow.session.delete(region)
        uow.commit()
    if regions:
        with UnitOfWork(db, acting("dave")) as uow:
            uow.session.add_all(Region(code=f"9{n:05d}", name=f"村{n}", level="village")
                                for n in range(regions))
            uow.commit()


def entries(db: Database) -> list[Any]:
    """Every entry, oldest first."""
    with db.engine.connect() as conn:
        return list(conn.execute(select(AuditEntry.__table__).order_by(AuditEntry.id)))


def check(db: Database) -> TrailCheck:
    """The full chain check with this installation's key and head record."""
    with db.engine.connect() as conn:
        return check_trail(conn, existing_key(), audit_tail.read_records())


def kinds(result: TrailCheck) -> list[tuple[str, int | None]]:
    """(kind, entry id) of each finding."""
    return [(f.kind, f.entry_id) for f in result.findings]


def test_every_change_is_recorded_with_before_and_after(db: Database) -> None:
    make_history(db)
    rows = entries(db)
    assert [(e.user_login, e.action) for e in rows] == [
        ("alice", "insert"), ("alice", "insert"), ("bob", "update"), ("carol", "delete"),
    ]
    assert json.loads(rows[2].before)["name"] == "象山县"
    assert json.loads(rows[2].after)["name"] == "象山"
    assert json.loads(rows[3].before)["code"] == "330226"
    assert [e.seq for e in rows] == [1, 2, 3, 4]
    assert len({e.chain for e in rows}) == 1 and rows[0].chain.startswith(rows[0].origin)


def test_rolled_back_action_leaves_no_audit(db: Database) -> None:
    with UnitOfWork(db, acting("alice")) as uow:
        uow.session.add(Region(code="1", name="x", level="county"))
        uow.session.flush()
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == 0
        assert s.scalar(select(func.count()).select_from(Region)) == 0
    assert audit_tail.read_records() == []


def test_intact_chain_verifies(db: Database) -> None:
    make_history(db)
    with db.engine.connect() as conn:
        assert verify_chain(conn) == (4, None)


def test_head_row_and_local_record_follow_each_commit(db: Database) -> None:
    make_history(db)
    last = entries(db)[-1]
    with db.engine.connect() as conn:
        head = conn.execute(select(audit_heads).where(audit_heads.c.chain == last.chain)).one()
    assert (head.seq, head.hash) == (4, last.hash)
    (record,) = audit_tail.read_records() or []
    assert record.origin == last.origin and record.chains == {last.chain: (4, last.hash)}


def test_edited_entry_is_named(db: Database) -> None:
    make_history(db)
    tamper(db, lambda c: c.execute(text("UPDATE audit_entries SET after = :v WHERE id = 3"),
                                   {"v": json.dumps({"name": "伪造"}, ensure_ascii=False)}))
    result = check(db)
    assert kinds(result) == [("edited", 3)] and result.checked == 2


def test_deleted_middle_entry_is_named(db: Database) -> None:
    make_history(db)
    tamper(db, lambda c: c.execute(text("DELETE FROM audit_entries WHERE id = 2")))
    (finding,) = check(db).findings
    assert (finding.kind, finding.entry_id, finding.seq, finding.count) == ("gap", 3, 1, 1)


def test_deleted_newest_entry_is_a_missing_tail(db: Database) -> None:
    make_history(db)
    tamper(db, lambda c: c.execute(text("DELETE FROM audit_entries WHERE id = 4")))
    (finding,) = check(db).findings
    assert (finding.kind, finding.seq, finding.count) == ("tail", 3, 1)


def test_newest_hundred_deleted_and_head_rewound_still_found(db: Database) -> None:
    make_history(db, regions=150)
    rows = entries(db)
    keep = rows[-101]

    def cut(conn: Connection) -> None:
        conn.execute(text("DELETE FROM audit_entries WHERE id > :id"), {"id": keep.id})
        conn.execute(update(audit_heads).where(audit_heads.c.chain == keep.chain)
                     .values(seq=keep.seq, hash=keep.hash))

    tamper(db, cut)
    (finding,) = check(db).findings
    assert (finding.kind, finding.chain, finding.seq, finding.count) == (
        "tail", keep.chain, keep.seq, 100)


def test_all_entries_deleted_is_found(db: Database) -> None:
    make_history(db)
    tamper(db, lambda c: c.execute(text("DELETE FROM audit_entries")))
    (finding,) = check(db).findings
    assert (finding.kind, finding.seq, finding.count) == ("tail", 0, 4)


def test_all_entries_and_heads_deleted_is_found(db: Database) -> None:
    make_history(db)

    def wipe(conn: Connection) -> None:
        conn.execute(text("DELETE FROM audit_entries"))
        conn.execute(text("DELETE FROM audit_heads"))

    tamper(db, wipe)
    result = check(db)
    assert ("identity", None) in kinds(result)


def test_heads_replaced_with_a_new_identity_is_found(db: Database) -> None:
    make_history(db)

    def replace(conn: Connection) -> None:
        conn.execute(text("DELETE FROM audit_entries"))
        conn.execute(text("DELETE FROM audit_heads WHERE chain <> 'base'"))
        conn.execute(text("UPDATE audit_heads SET origin = 'someone-else'"))

    tamper(db, replace)
    assert [f.kind for f in check(db).findings] == ["identity"]


def _forge(conn: Connection, last: Any, **fields: Any) -> None:
    values = {"at": last.at, "user_login": "mallory", "action": "update", "entity": "regions",
              "entity_id": 1, "before": None, "after": '{"name": "伪造"}', **fields}
    conn.execute(insert(AuditEntry), values)


def test_forged_entry_with_a_plain_hash_is_named(db: Database) -> None:
    make_history(db)
    last = entries(db)[-1]
    plain = entry_hash(last.hash, last.at, "mallory", "update", "regions", 1, None,
                       '{"name": "伪造"}')

    def forge(conn: Connection) -> None:
        _forge(conn, last, prev_hash=last.hash, hash=plain, origin=last.origin,
               chain=last.chain, seq=last.seq + 1, key_id=last.key_id)
        conn.execute(update(audit_heads).where(audit_heads.c.chain == last.chain)
                     .values(seq=last.seq + 1, hash=plain))

    tamper(db, forge)
    forged = entries(db)[-1]
    result = check(db)
    assert kinds(result)[0] == ("edited", forged.id)
    assert result.checked == 4


def test_forged_old_format_entry_after_the_upgrade_is_named(db: Database) -> None:
    make_history(db)
    last = entries(db)[-1]
    plain = entry_hash("0" * 64, last.at, "mallory", "update", "regions", 1, None,
                       '{"name": "伪造"}')
    tamper(db, lambda c: _forge(c, last, prev_hash="0" * 64, hash=plain))
    assert kinds(check(db)) == [("unsealed", entries(db)[-1].id)]


def test_rewrite_and_rehash_is_named_at_the_rewritten_entry(db: Database) -> None:
    make_history(db, regions=5)
    rows = entries(db)
    target = rows[2]

    def rewrite(conn: Connection) -> None:
        prev = rows[1].hash
        for row in rows[2:]:
            after = '{"name": "伪造"}' if row.id == target.id else row.after
            digest = hashlib.sha256(f"{prev}{after}".encode()).hexdigest()
            conn.execute(update(AuditEntry).where(AuditEntry.id == row.id)
                         .values(after=after, prev_hash=prev, hash=digest))
            prev = digest
        conn.execute(update(audit_heads).where(audit_heads.c.chain == target.chain)
                     .values(hash=prev))

    tamper(db, rewrite)
    result = check(db)
    assert result.findings[0] == Finding("edited", entry_id=target.id, chain=target.chain)
    assert result.checked == 2


def test_each_organisation_writes_its_own_chain(db: Database) -> None:
    seed_organisations(db)
    with UnitOfWork(db, acting("admin")) as uow:
        orgs = list(uow.session.execute(select(Organisation).order_by(Organisation.id)).scalars())
        uow.session.add_all([User(login="a1", display_name="甲", role="clerk",
                                  organisation_id=orgs[0].id),
                             User(login="b1", display_name="乙", role="clerk",
                                  organisation_id=orgs[1].id)])
        uow.commit()
    for n, login in enumerate(("a1", "b1", "a1")):
        with UnitOfWork(db, acting(login)) as uow:
            uow.session.add(Region(code=f"grid{n}", name=login, level="grid"))
            uow.commit()
    chains = [e.chain for e in entries(db)[-3:]]
    assert chains[0] == chains[2] != chains[1]
    assert chains[0].endswith(f":{orgs[0].id}") and chains[1].endswith(f":{orgs[1].id}")
    assert check(db).findings == ()
