"""``obligations.owed_due``, kept by the database (migration 0014) for the missed-instalment list.

It must always equal its definition — the due date of an obligation still
owed in an agreement whose case is being performed, NULL otherwise — read
from the rows it comes from.  Every way those rows change (an obligation
added, paid, re-dated, moved; a case added or its status changed; an
agreement moved to another case or deleted) is tried on both
databases, through the ORM and through plain SQL as the bulk writers do,
and after each step the whole table is compared with the definition.
"""

from __future__ import annotations

import importlib.util
from datetime import date, datetime
from types import ModuleType
from typing import Any

from sqlalchemy import delete, func, insert, select, update

from app.services.mediation.dashboard import OWED, PERFORMING
from app.services.security.users import SYSTEM
from app.services.uow import UnitOfWork
from app.store import schema
from app.store.database import Database
from app.store.models import Agreement, Case, Obligation
from tests.store.rows import town_committee


def _migration() -> ModuleType:
    [path] = (schema.MIGRATIONS / "versions").glob("*_owed_obligations.py")
    spec = importlib.util.spec_from_file_location("owed_obligations", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _check(db: Database) -> dict[int, date | None]:
    """Every obligation's ``owed_due`` against the definition; returns them by id."""
    with db.session() as s:
        rows = s.execute(select(Obligation.id, Obligation.owed_due, Obligation.status,
                                Obligation.due_date, Case.status)
                         .outerjoin(Agreement, Agreement.id == Obligation.agreement_id)
                         .outerjoin(Case, Case.id == Agreement.case_id)).all()
    kept = {row[0]: row[1] for row in rows}
    expected = {row[0]: row[3] if row[2] in OWED and row[4] in PERFORMING else None
                for row in rows}
    assert kept == expected
    return kept


def _write(db: Database, statement: Any) -> None:
    with db.engine.begin() as conn:
        conn.execute(statement)


def _case(session: Any, org: int, n: int, status: str) -> int:
    case = Case(number=f"（2026）履字第{n}号", year=2026, seq=n, source="walk_in",
                category="neighbour", facts="邻里纠纷", received_at=datetime(2026, 10, n, 9),
                status=status, organisation_id=org)
    session.add(case)
    session.flush()
    return case.id


def _base(db: Database) -> dict[str, int]:
    """Cases ``a`` (agreed), ``b`` (in mediation), ``c`` (not agreed, no agreement yet)."""
    with UnitOfWork(db, SYSTEM) as uow:
        s = uow.session
        org_id = town_committee(s)
        ids = {name: _case(s, org_id, n, status)
               for n, (name, status) in enumerate((("a", "agreed"), ("b", "in_mediation"),
                                                   ("c", "not_agreed")), start=1)}
        for name, dues in (("a", [("pending", date(2026, 11, 1)),
                                  ("performed", date(2026, 11, 2)),
                                  ("partial", None), ("partial", date(2026, 12, 1))]),
                           ("b", [("pending", date(2026, 11, 5))])):
            agreement = Agreement(case_id=ids[name], obligations=[
                Obligation(ordinal=i, kind="money", description="赔偿", status=status,
                           due_date=due) for i, (status, due) in enumerate(dues)])
            s.add(agreement)
            s.flush()
            ids[f"agreement_{name}"] = agreement.id
        uow.commit()
    return ids


def _obligation(db: Database, agreement: int, ordinal: int) -> int:
    with db.session() as s:
        return int(s.scalar(select(Obligation.id).where(Obligation.agreement_id == agreement,
                                                        Obligation.ordinal == ordinal)) or 0)


def test_obligations_follow_their_own_changes(db: Database) -> None:
    ids = _base(db)
    first = _obligation(db, ids["agreement_a"], 0)
    kept = _check(db)
    assert kept[first] == date(2026, 11, 1)
    assert sorted(d for d in kept.values() if d) == [date(2026, 11, 1), date(2026, 12, 1)]
    with UnitOfWork(db, SYSTEM) as uow:
        uow.session.get_one(Obligation, first).status = "performed"
        uow.commit()
    assert _check(db)[first] is None
    _write(db, update(Obligation).where(Obligation.id == first).values(status="partial"))
    assert _check(db)[first] == date(2026, 11, 1)
    _write(db, update(Obligation).where(Obligation.id == first)
           .values(due_date=date(2026, 11, 20)))
    assert _check(db)[first] == date(2026, 11, 20)
    _write(db, insert(Obligation).values(agreement_id=ids["agreement_a"], ordinal=9,
                                         kind="act", description="赔礼道歉",
                                         due_date=date(2026, 10, 30)))
    assert _check(db)[_obligation(db, ids["agreement_a"], 9)] == date(2026, 10, 30)
    _write(db, update(Obligation).where(Obligation.id == first)
           .values(agreement_id=ids["agreement_b"]))
    assert _check(db)[first] is None  # case b is still being mediated
    _write(db, delete(Obligation).where(Obligation.agreement_id == ids["agreement_a"]))
    assert list(_check(db).values()) == [None, None]


def test_obligations_follow_their_case(db: Database) -> None:
    ids = _base(db)
    for status, owed in (("performing", 2), ("followed_up", 2), ("archived", 0),
                         ("performing", 2)):
        _write(db, update(Case).where(Case.id == ids["a"]).values(status=status))
        assert sum(d is not None for d in _check(db).values()) == owed
    with UnitOfWork(db, SYSTEM) as uow:
        uow.session.get_one(Case, ids["b"]).status = "agreed"
        uow.commit()
    assert sum(d is not None for d in _check(db).values()) == 3
    with UnitOfWork(db, SYSTEM) as uow:
        uow.session.get_one(Case, ids["a"]).status = "withdrawn"
        uow.commit()
    assert sum(d is not None for d in _check(db).values()) == 1


def test_obligations_follow_their_agreement(db: Database) -> None:
    ids = _base(db)
    _write(db, update(Agreement).where(Agreement.id == ids["agreement_a"])
           .values(case_id=ids["c"]))
    assert set(_check(db).values()) == {None}
    _write(db, update(Case).where(Case.id == ids["c"]).values(status="performing"))
    assert sum(d is not None for d in _check(db).values()) == 2
    _write(db, update(Agreement).where(Agreement.id == ids["agreement_b"])
           .values(case_id=ids["a"]))
    assert sum(d is not None for d in _check(db).values()) == 3  # case a is agreed
    with UnitOfWork(db, SYSTEM) as uow:
        uow.session.delete(uow.session.get_one(Agreement, ids["agreement_a"]))
        uow.commit()
    assert sum(d is not None for d in _check(db).values()) == 1
    _write(db, delete(Agreement))
    assert _check(db) == {}


def test_the_migration_fills_existing_obligations(small_demo: Database) -> None:
    migration = _migration()
    kept = _check(small_demo)
    assert any(kept.values()), "the demo county has instalments owed"
    schema.downgrade(small_demo.engine, migration.down_revision)
    schema.upgrade(small_demo.engine)
    assert _check(small_demo) == kept
    with small_demo.session() as s:
        assert s.scalar(select(func.count()).select_from(Obligation)) == len(kept)


def test_the_migration_keeps_the_dashboards_definitions() -> None:
    migration = _migration()
    assert (set(migration.OWED), set(migration.PERFORMING)) == (set(OWED), set(PERFORMING))


def test_a_case_written_after_its_agreement(sqlite_db: Database) -> None:
    """A bulk writer with foreign keys off may write the rows children first (SQLite)."""
    ids = _base(sqlite_db)
    with sqlite_db.session() as s:
        org = s.scalar(select(Case.organisation_id).where(Case.id == ids["a"]))
    with sqlite_db.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")
        with conn.begin():
            conn.execute(insert(Agreement).values(id=90, case_id=99))
            conn.execute(insert(Obligation).values(agreement_id=90, ordinal=0, kind="money",
                                                   description="赔偿",
                                                   due_date=date(2026, 11, 3)))
            assert _owed_of(conn, 90) is None
            conn.execute(insert(Case).values(
                id=99, number="（2026）履字第99号", year=2026, seq=99, source="walk_in",
                category="neighbour", facts="邻里纠纷", received_at=datetime(2026, 10, 9, 9),
                status="performing", organisation_id=org))
            assert _owed_of(conn, 90) == date(2026, 11, 3)
        raw.execute("PRAGMA foreign_keys=ON")
    _check(sqlite_db)


def _owed_of(conn: Any, agreement: int) -> date | None:
    value: date | None = conn.execute(select(Obligation.owed_due)
                                      .where(Obligation.agreement_id == agreement)).scalar_one()
    return value
