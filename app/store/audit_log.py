"""Write the audit trail as a side effect of every flush, and check it later.

Services never have to remember to audit: any session whose ``info`` names a
user records each inserted, changed or deleted row, with before/after values,
in the same transaction as the change itself.  Each entry's hash covers the
previous entry's hash, so altering or removing an entry in the middle of the
trail breaks the chain at a point ``verify_chain`` can name.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, event, insert, inspect, select, text
from sqlalchemy.orm import Session, UOWTransaction

from app.store.models import AuditEntry, Base

GENESIS = "0" * 64
AUDIT_USER = "audit_user"
_PG_AUDIT_LOCK = 0x7469616F


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return "sha256:" + hashlib.sha256(value).hexdigest()
    return value


def _dump(values: dict[str, Any] | None) -> str | None:
    if values is None:
        return None
    return json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)


def entry_hash(
    prev_hash: str,
    at: datetime,
    user: str,
    action: str,
    entity: str,
    entity_id: int | None,
    before: str | None,
    after: str | None,
) -> str:
    """The chained digest of one entry; any change to a field changes it."""
    payload = json.dumps(
        [prev_hash, at.isoformat(sep=" "), user, action, entity, entity_id, before, after],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _columns(obj: Base, *, before: bool) -> dict[str, Any]:
    state = inspect(obj)
    values: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        hist = state.attrs[attr.key].history
        if before and hist.deleted:
            value = hist.deleted[0]
        elif before and hist.added:
            value = None
        else:
            value = state.attrs[attr.key].value
        values[attr.key] = _plain(value)
    return values


def _changed_only(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], ...]:
    keys = [k for k in after if before.get(k) != after[k] and k not in ("updated_at",)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def _lock_and_last_hash(conn: Connection) -> str:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_AUDIT_LOCK})
    last = conn.execute(
        select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).scalar_one_or_none()
    return last or GENESIS


def append_entries(conn: Connection, user: str, rows: list[dict[str, Any]]) -> None:
    """Chain and insert entries (``action, entity, entity_id, before, after`` dicts)."""
    if not rows:
        return
    prev = _lock_and_last_hash(conn)
    at = datetime.now().replace(microsecond=0)
    records = []
    for row in rows:
        before, after = _dump(row.get("before")), _dump(row.get("after"))
        digest = entry_hash(
            prev, at, user, row["action"], row["entity"], row.get("entity_id"), before, after
        )
        records.append(
            {
                "at": at,
                "user_login": user,
                "action": row["action"],
                "entity": row["entity"],
                "entity_id": row.get("entity_id"),
                "before": before,
                "after": after,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        prev = digest
    conn.execute(insert(AuditEntry), records)


def _after_flush(session: Session, _ctx: UOWTransaction) -> None:
    user = session.info.get(AUDIT_USER)
    if user is None:
        return
    rows: list[dict[str, Any]] = []
    for obj in session.new:
        if isinstance(obj, Base) and not isinstance(obj, AuditEntry):
            rows.append(
                {
                    "action": "insert",
                    "entity": obj.__tablename__,
                    "entity_id": getattr(obj, "id", None),
                    "after": _columns(obj, before=False),
                }
            )
    for obj in session.dirty:
        if isinstance(obj, Base) and session.is_modified(obj, include_collections=False):
            before, after = _changed_only(_columns(obj, before=True), _columns(obj, before=False))
            if after:
                rows.append(
                    {
                        "action": "update",
                        "entity": obj.__tablename__,
                        "entity_id": getattr(obj, "id", None),
                        "before": before,
                        "after": after,
                    }
                )
    for obj in session.deleted:
        if isinstance(obj, Base):
            rows.append(
                {
                    "action": "delete",
                    "entity": obj.__tablename__,
                    "entity_id": getattr(obj, "id", None),
                    "before": _columns(obj, before=False),
                }
            )
    append_entries(session.connection(), user, rows)


def install_audit_listener() -> None:
    """Register the flush hook once for all sessions (idempotent)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)


@dataclass(frozen=True)
class ChainBreak:
    """Where the chain stops proving itself, and why."""

    entry_id: int
    reason: str


def _entries(conn: Connection, batch: int = 5000) -> Iterator[AuditEntry]:
    last_id = 0
    while True:
        chunk = conn.execute(
            select(AuditEntry.__table__)
            .where(AuditEntry.id > last_id)
            .order_by(AuditEntry.id)
            .limit(batch)
        ).all()
        if not chunk:
            return
        yield from chunk  # type: ignore[misc]
        last_id = chunk[-1].id


def verify_chain(conn: Connection) -> tuple[int, ChainBreak | None]:
    """Walk the whole trail; return the number checked and the first break, if any."""
    prev = GENESIS
    count = 0
    for row in _entries(conn):
        if row.prev_hash != prev:
            return count, ChainBreak(row.id, "prev_hash")
        expected = entry_hash(
            prev,
            row.at,
            row.user_login,
            row.action,
            row.entity,
            row.entity_id,
            row.before,
            row.after,
        )
        if expected != row.hash:
            return count, ChainBreak(row.id, "hash")
        prev = row.hash
        count += 1
    return count, None
