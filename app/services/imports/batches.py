"""Import batches after the fact: listing them, and undoing one nobody has worked on since.

Undoing takes the batch's cases out again with everything the import wrote
for them (parties, agreements, search entries) and moves the number
counters back, but only while the batch is exactly as imported: a case
edited, assigned, mediated or given a document since belongs to the office's
work now and is not thrown away.  Parties the import created stay when
another case has come to use them.  Each removed row gets its own audit
entry, with the row as it was.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Connection, Table, delete, or_, select
from sqlalchemy.orm import Session

from app.domain.errors import ValidationError
from app.domain.text import _
from app.services.errors import NotFoundError
from app.services.imports.writer import TABLES, expand_runs
from app.services.security.access import Access, require
from app.services.security.users import UserInfo
from app.services.uow import UnitOfWork
from app.store import search
from app.store.audit_log import append_entries, plain
from app.store.database import Database
from app.store.models import (
    AuditEntry,
    Base,
    Case,
    CaseNumberCounter,
    ImportBatch,
    Organisation,
)

UNDO_ACTION = "case.reopen"
"""Undoing an import takes cases out again: the director's right to reopen filed cases,
whose label (app/domain/permissions.py) names both, so a refusal says what was refused."""
BATCH = 500
WRITTEN = tuple(TABLES)


@dataclass(frozen=True)
class BatchRow:
    """One import batch as the list of imports shows it."""

    id: int
    file_name: str
    sha256: str
    organisation: str
    imported_by: str
    imported_at: datetime
    cases: int
    undone_at: datetime | None


@dataclass(frozen=True)
class UndoResult:
    """What undoing a batch removed."""

    batch_id: int
    cases: int
    parties: int


def _visible(who: Access, organisation_id: int) -> bool:
    return who.organisation_ids is None or organisation_id in who.organisation_ids


def import_batches(db: Database, actor: UserInfo) -> list[BatchRow]:
    """The imports into organisations the user may see, newest first."""
    with db.session() as s:
        who = require(s, actor, "case.read")
        rows = s.execute(select(ImportBatch, Organisation.name)
                         .join(Organisation, Organisation.id == ImportBatch.organisation_id)
                         .order_by(ImportBatch.id.desc())).all()
    return [BatchRow(b.id, b.file_name, b.sha256, name, b.imported_by, b.imported_at, b.cases,
                     b.undone_at) for b, name in rows if _visible(who, b.organisation_id)]


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), BATCH):
        yield list(ids[start:start + BATCH])


def _ids(session: Session, column: Column[Any], key: Column[Any], values: Sequence[int]
         ) -> list[int]:
    found: list[int] = []
    for part in _chunks(values):
        found += [int(v) for v in session.scalars(select(key).where(column.in_(part)))]
    return found


def _written_ranges(session: Session, batch_id: int) -> dict[str, list[int]]:
    after = session.scalar(select(AuditEntry.after).where(
        AuditEntry.entity == ImportBatch.__tablename__, AuditEntry.entity_id == batch_id,
        AuditEntry.action == "import"))
    ranges: dict[str, list[int]] = json.loads(after or "{}").get("id_ranges", {})
    return ranges


def _refuse_if_worked_on(session: Session, cases: list[Any], owned: dict[str, list[int]],
                         ranges: dict[str, list[int]]) -> None:
    """Refuse unless every row the batch wrote is unchanged and nothing new points at them."""
    for case in cases:
        if case.version != 1 or case.updated_at is not None:
            raise ValidationError(_("案件“{number}”在导入后已有改动，不能撤销这一批次").format(
                number=case.number), "batch")
    for name in ("case_parties", "agreements", "obligations"):
        table = Base.metadata.tables[name]
        low, high = (ranges.get(name) or [0, 0])[:2]
        for part in _chunks(owned[name]):
            if session.execute(select(table.c.id).where(
                    table.c.id.in_(part), or_(table.c.version != 1, table.c.id < low,
                                              table.c.id > high)).limit(1)).first():
                raise ValidationError(_("导入的案件在导入后已有改动，不能撤销这一批次"), "batch")
    targets = {"cases": owned["cases"], "agreements": owned["agreements"],
               "obligations": owned["obligations"], "case_parties": owned["case_parties"]}
    for table in Base.metadata.sorted_tables:
        if table.name in WRITTEN:
            continue
        for fk in table.foreign_keys:
            ids = targets.get(fk.column.table.name)
            if not ids or fk.column.name != "id":
                continue
            for part in _chunks(ids):
                if session.execute(select(fk.parent).where(fk.parent.in_(part)).limit(1)).first():
                    raise ValidationError(_("导入的案件在导入后已有新的办理记录，不能撤销这一批次"),
                                          "batch")


def _kept_earlier(session: Session, batch_id: int) -> list[int]:
    """Parties that batches undone before created and kept, because a case of another batch
    (this one, perhaps) was theirs too: once that batch goes, nothing needs them either."""
    parties = Base.metadata.tables["parties"]
    earlier = [int(p) for created in session.scalars(
        select(ImportBatch.parties_created).where(ImportBatch.undone_at.is_not(None),
                                                  ImportBatch.id != batch_id))
        for p in expand_runs(json.loads(created))]
    still: list[int] = []
    for part in _chunks(earlier):
        still.extend(int(p) for p in session.scalars(select(parties.c.id)
                                                     .where(parties.c.id.in_(part))))
    return still


def _unused_parties(session: Session, created: list[int], batch_id: int) -> list[int]:
    """Parties the batch created, unchanged, that nothing outside the batch refers to."""
    tables = Base.metadata.tables
    links, parties = tables["case_parties"], tables["parties"]
    keep: set[int] = set()
    for part in _chunks(created):
        keep.update(int(v) for v in session.scalars(
            select(parties.c.id).where(parties.c.id.in_(part), parties.c.version != 1)))
        keep.update(int(v) for v in session.scalars(
            select(links.c.party_id).join(Case, Case.id == links.c.case_id)
            .where(links.c.party_id.in_(part),
                   or_(Case.import_batch_id.is_(None), Case.import_batch_id != batch_id))))
        for table in Base.metadata.sorted_tables:
            if table.name in ("case_parties", "obligations"):
                continue  # a debtor or creditor is always a party of the case as well
            for fk in table.foreign_keys:
                if fk.column.table.name == "parties" and fk.column.name == "id":
                    keep.update(int(v) for v in session.scalars(
                        select(fk.parent).where(fk.parent.in_(part))))
    return [p for p in created if p not in keep]


def _remove(conn: Connection, user: str, table: Table, ids: Sequence[int]) -> None:
    """Delete rows by id, each with an audit entry holding the row as it was."""
    for part in _chunks(ids):
        rows = conn.execute(select(table).where(table.c.id.in_(part))).mappings().all()
        append_entries(conn, user, [{"action": "delete", "entity": table.name,
                                     "entity_id": row["id"],
                                     "before": {k: plain(v) for k, v in row.items()}}
                                    for row in rows])
        conn.execute(delete(table).where(table.c.id.in_(part)))


def undo_batch(db: Database, actor: UserInfo, batch_id: int) -> UndoResult:
    """Take an import batch out again, if none of its cases has changed since."""
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        who = require(s, actor, UNDO_ACTION)
        batch = s.get(ImportBatch, batch_id)
        if batch is None or not _visible(who, batch.organisation_id):
            raise NotFoundError(_("导入批次 {id} 不存在").format(id=batch_id))
        if batch.undone_at is not None:
            raise ValidationError(_("导入批次 {id} 已于 {at} 撤销").format(
                id=batch_id, at=batch.undone_at.strftime("%Y-%m-%d %H:%M")), "batch")
        cases = s.execute(select(Case.id, Case.number, Case.version, Case.updated_at)
                          .where(Case.import_batch_id == batch.id).order_by(Case.id)).all()
        tables = Base.metadata.tables
        case_ids = [int(c.id) for c in cases]
        agreements = _ids(s, tables["agreements"].c.case_id, tables["agreements"].c.id, case_ids)
        owned = {"cases": case_ids,
                 "case_parties": _ids(s, tables["case_parties"].c.case_id,
                                      tables["case_parties"].c.id, case_ids),
                 "agreements": agreements,
                 "obligations": _ids(s, tables["obligations"].c.agreement_id,
                                     tables["obligations"].c.id, agreements)}
        _refuse_if_worked_on(s, list(cases), owned, _written_ranges(s, batch.id))
        created = [*expand_runs(json.loads(batch.parties_created)), *_kept_earlier(s, batch.id)]
        parties = _unused_parties(s, created, batch.id)
        conn = s.connection()
        for name in ("obligations", "agreements", "case_parties", "cases"):
            _remove(conn, actor.login, tables[name], owned[name])
        _remove(conn, actor.login, tables["parties"], parties)
        search.delete(conn, "case", case_ids)
        search.delete(conn, "party", parties)
        _counters_back(s, json.loads(batch.counters))
        batch.undone_at, batch.undone_by = datetime.now().replace(microsecond=0), actor.login
        uow.commit()
        return UndoResult(batch.id, len(case_ids), len(parties))


def _counters_back(session: Session, moved: dict[str, list[int]]) -> None:
    """Counters the batch moved go back, unless a case has been numbered after it since."""
    for key, (before, after) in moved.items():
        org_id, year = (int(v) for v in key.split(":"))
        counter = session.execute(select(CaseNumberCounter).where(
            CaseNumberCounter.organisation_id == org_id, CaseNumberCounter.year == year)
        ).scalar_one_or_none()
        if counter is not None and counter.last_seq == after:
            counter.last_seq = before
