"""One organisation's cases and everything they reference, in the backup's archive format.

For an upstream platform or another office.  The rows are found by following
foreign keys through the schema, so a table added later comes along without
a change here:

* *owned* rows: the organisation's cases (received or handled by it,
  received within the dates given) and every row that hangs from them,
  transitively (parties' roles, sessions, agreements → obligations →
  performance records, documents…);
* *referenced* rows: whatever those rows point at, transitively (parties,
  mediators, organisations, regions…), but nothing that merely points at
  those (another organisation's cases stay out);
* the audit entries of every exported row.

Documents and attachments travel as metadata (kind, version, SHA-256…)
without their content; accounts never travel (nothing exported points at
them).  Every row keeps its ``global_id``, so a later import can merge it
into another case base without clashes.  The export itself is recorded in
the source base's audit trail (who took which organisation's data, PIPL).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, or_, select

from app.domain.text import _
from app.services.backups import archive_format as fmt
from app.services.backups.snapshot import ID_CHUNK
from app.services.backups.writer import (
    BackupReport,
    Selection,
    TablePart,
    _write_archive,
)
from app.services.errors import NotFoundError
from app.services.security.access import Access
from app.services.security.users import UserInfo
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import AuditEntry, Base, Case, Organisation
from app.store.models.report_cache import DERIVED_TABLES

CONTENT_COLUMNS = frozenset({"content"})
"""Stored file bodies: a partial export carries their metadata only."""
SKIPPED = frozenset({"audit_entries", "audit_heads", "mediator_organisations",
                     *DERIVED_TABLES})
"""Tables not reached by following keys (the audit trail is added entry by entry), and the
report cache (derived, never exported)."""


def export_partial(db: Database, actor: UserInfo, organisation_code: str, out: Path, *,
                   received_from: date | None = None, received_to: date | None = None,
                   passphrase: str | None = None,
                   progress: Callable[[int, int], None] | None = None,
                   cancelled: Callable[[], bool] | None = None) -> BackupReport:
    """Write one organisation's cases (received in the dates given) and what they reference."""

    def choose(conn: Connection, access: Access) -> Selection:
        return _selection(conn, access, organisation_code, received_from, received_to)

    report = _write_archive(db, actor, Path(out), "casebase.export", choose,
                            passphrase=passphrase, progress=progress, cancelled=cancelled)
    with UnitOfWork(db, actor) as uow:
        uow.record_event("casebase", None, "export", {
            "organisation": organisation_code, "file": Path(out).name,
            "from": received_from.isoformat() if received_from else None,
            "to": received_to.isoformat() if received_to else None,
            "rows": report.manifest.fingerprint.rows, "fingerprint": report.fingerprint.digest,
        })
        uow.commit()
    return report


def _selection(conn: Connection, access: Access, code: str, received_from: date | None,
               received_to: date | None) -> Selection:
    organisation = conn.execute(select(Organisation.id).where(Organisation.code == code)
                                ).scalar_one_or_none()
    if organisation is None or (access.organisation_ids is not None
                                and organisation not in access.organisation_ids):
        raise NotFoundError(_("未知的调解组织代码“{code}”").format(code=code))
    query = select(Case.id).where(or_(Case.organisation_id == organisation,
                                      Case.current_organisation_id == organisation))
    if received_from is not None:
        query = query.where(Case.received_at >= datetime.combine(received_from, time()))
    if received_to is not None:
        query = query.where(Case.received_at < datetime.combine(received_to + timedelta(days=1),
                                                               time()))
    chosen: dict[str, set[int]] = {"cases": set(conn.execute(query).scalars())}
    tables = [t for t in Base.metadata.sorted_tables if t.name not in SKIPPED]
    _owned(conn, tables, chosen)
    _referenced(conn, tables, chosen)
    parts = [TablePart(t, fmt.table_columns(t, omit=CONTENT_COLUMNS),
                       sorted(chosen.get(t.name, ()))) for t in tables]
    entries = Base.metadata.tables[AuditEntry.__tablename__]
    audit_ids: set[int] = set()
    for name, ids in chosen.items():
        for chunk in _chunks(sorted(ids)):
            audit_ids |= set(conn.execute(select(entries.c.id).where(
                entries.c.entity == name, entries.c.entity_id.in_(chunk))).scalars())
    parts.append(TablePart(entries, fmt.table_columns(entries), sorted(audit_ids)))
    scope = {"organisation": code,
             "from": received_from.isoformat() if received_from else None,
             "to": received_to.isoformat() if received_to else None}
    return Selection(fmt.PARTIAL, parts, scope)


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[i:i + ID_CHUNK] for i in range(0, len(ids), ID_CHUNK)]


def _values(conn: Connection, table: Table, wanted: Any, where: Any, ids: set[int]) -> set[int]:
    """``wanted`` of the rows of ``table`` whose ``where`` column is in ``ids``."""
    found: set[int] = set()
    for chunk in _chunks(sorted(ids)):
        found |= {v for v in conn.execute(select(wanted).where(where.in_(chunk))).scalars()
                  if v is not None}
    return found


def _owned(conn: Connection, tables: list[Table], chosen: dict[str, set[int]]) -> None:
    """Add the rows that hang from chosen rows (parents come first in ``tables``)."""
    for table in tables:
        if table.name in chosen or "id" not in table.c:
            continue
        for fk in table.foreign_keys:
            parent = fk.column.table.name
            if parent != table.name and chosen.get(parent):
                rows = _values(conn, table, table.c.id, fk.parent, chosen[parent])
                if rows:
                    chosen.setdefault(table.name, set()).update(rows)


def _referenced(conn: Connection, tables: list[Table], chosen: dict[str, set[int]]) -> None:
    """Add what chosen rows point at, until nothing new is found."""
    by_name = {t.name: t for t in tables}
    todo = {name: set(ids) for name, ids in chosen.items()}
    while todo:
        name, ids = todo.popitem()
        table = by_name[name]
        for fk in table.foreign_keys:
            target = fk.column.table.name
            if target not in by_name or fk.column.name != "id":
                continue
            new = _values(conn, table, fk.parent, table.c.id, ids) - chosen.get(target, set())
            if new:
                chosen.setdefault(target, set()).update(new)
                todo.setdefault(target, set()).update(new)
