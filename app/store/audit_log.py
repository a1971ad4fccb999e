"""Write the audit trail as a side effect of every flush.

Services never have to remember to audit: any session whose ``info`` names a
user records each inserted, changed or deleted row, with before/after values,
in the same transaction as the change itself; rows of link tables (a
mediator's organisations) are recorded as they are linked and unlinked.
Code that writes with statements instead of objects (the case-number
counters, the demo generator) calls :func:`append_entries` itself.

Entries are appended to the chain of the case base's origin and the acting
user's organisation, sealed with the installation's key
(app.store.audit_chain), and that chain's row in ``audit_heads`` is advanced
in the same transaction.  After the commit the new heads are also recorded
outside the database (app.store.audit_tail), so a cut tail can be noticed.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Table, event, insert, inspect, select, update
from sqlalchemy.orm import Session, SessionTransaction, UOWTransaction

from app.domain.errors import DomainError
from app.domain.text import _
from app.store import audit_tail
from app.store.audit_chain import BASE_CHAIN, chain_name, entry_mac, location_of
from app.store.audit_key import existing_key, load_key
from app.store.audit_tail import Head
from app.store.audit_verify import Finding, check_trail
from app.store.models import AuditEntry, Base, User
from app.store.models.audit import audit_heads
from app.store.upsert import upsert

AUDIT_USER = "audit_user"
_CONTEXT = "tiaojie_audit_context"
log = logging.getLogger(__name__)


class AuditTrailError(DomainError):
    """The case base has no audit identity (its ``base`` head row is gone)."""


@dataclass
class _Context:
    """One audited transaction: who acts, and the chain heads it has moved so far."""

    user: str
    conn_info: dict[Any, Any]
    chains: dict[str, tuple[str, str]] = field(default_factory=dict)
    heads: dict[str, Head] = field(default_factory=dict)


def plain(value: Any) -> Any:
    """A column value as the audit trail stores it (JSON-ready; bytes by their digest)."""
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


def audit_user(conn: Connection) -> str | None:
    """The user an audited session's transaction acts for, seen from its connection."""
    context = conn.info.get(_CONTEXT)
    return context.user if isinstance(context, _Context) else None


def _chain_of(conn: Connection, user: str) -> tuple[str, str]:
    context = conn.info.get(_CONTEXT)
    cache = context.chains if isinstance(context, _Context) else {}
    if user not in cache:
        origin = conn.execute(
            select(audit_heads.c.origin).where(audit_heads.c.chain == BASE_CHAIN)
        ).scalar_one_or_none()
        if origin is None:
            raise AuditTrailError(_("审计记录无法写入：数据库缺少审计链起点记录，可能已被篡改；"
                                    "请从备份恢复后再用"))
        organisation = conn.execute(
            select(User.organisation_id).where(User.login == user)
        ).scalar_one_or_none()
        cache[user] = (origin, chain_name(origin, organisation))
    return cache[user]


def _lock_head(conn: Connection, origin: str, chain: str) -> tuple[int, str]:
    """The chain's head, locked until commit (PostgreSQL: just this chain's row)."""
    query = select(audit_heads.c.seq, audit_heads.c.hash).where(audit_heads.c.chain == chain)
    row = conn.execute(query.with_for_update()).first()
    if row is None:
        seal = conn.execute(
            select(audit_heads.c.hash).where(audit_heads.c.chain == BASE_CHAIN)
        ).scalar_one()
        conn.execute(upsert(conn, audit_heads)
                     .values(chain=chain, origin=origin, seq=0, hash=seal)
                     .on_conflict_do_nothing(index_elements=["chain"]))
        row = conn.execute(query.with_for_update()).one()
    return int(row.seq), str(row.hash)


def append_entries(conn: Connection, user: str, rows: list[dict[str, Any]]) -> Head | None:
    """Seal and insert entries (``action, entity, entity_id, before, after`` dicts).

    Returns the chain's new head; inside an audited session it is also
    recorded outside the database once the transaction commits.
    """
    if not rows:
        return None
    key = load_key()
    origin, chain = _chain_of(conn, user)
    seq, prev = _lock_head(conn, origin, chain)
    at = datetime.now().replace(microsecond=0)
    records = []
    for row in rows:
        seq += 1
        before, after = _dump(row.get("before")), _dump(row.get("after"))
        entity_id = row.get("entity_id")
        digest = entry_mac(key, origin, chain, seq, prev, at, user, row["action"], row["entity"],
                           entity_id, before, after)
        records.append({
            "at": at, "user_login": user, "action": row["action"], "entity": row["entity"],
            "entity_id": entity_id, "before": before, "after": after, "prev_hash": prev,
            "hash": digest, "origin": origin, "chain": chain, "seq": seq, "key_id": key.key_id,
        })
        prev = digest
    conn.execute(insert(AuditEntry), records)
    conn.execute(update(audit_heads).where(audit_heads.c.chain == chain)
                 .values(seq=seq, hash=prev))
    head = Head(origin, location_of(conn), chain, seq, prev)
    context = conn.info.get(_CONTEXT)
    if isinstance(context, _Context):
        context.heads[chain] = head
    return head


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
        values[attr.key] = plain(value)
    return values


def _changed_only(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], ...]:
    keys = [k for k in after if before.get(k) != after[k] and k not in ("updated_at",)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def _add_version(obj: Base, before: dict[str, Any], after: dict[str, Any]) -> None:
    """Record the optimistic-lock counter the UPDATE moved (the ORM bumps it by one)."""
    mapper = inspect(obj).mapper
    if mapper.version_id_col is not None:
        key = mapper.get_property_by_column(mapper.version_id_col).key
        after[key] = getattr(obj, key)
        before[key] = after[key] - 1


def _link_rows(obj: Base, *, deleted: bool) -> list[dict[str, Any]]:
    """Link-table rows this flush added or removed through ``obj``'s collections."""
    state = inspect(obj)
    rows = []
    for rel in state.mapper.relationships:
        link_table = rel.secondary
        if not isinstance(link_table, Table) or rel.secondary_synchronize_pairs is None:
            continue
        first_key = next(iter(link_table.primary_key.columns)).name
        hist = state.attrs[rel.key].history
        gone = [*hist.deleted, *(hist.unchanged if deleted else ())]
        added = () if deleted else hist.added
        for action, targets in (("insert", added), ("delete", gone)):
            for target in targets:
                link = _link_values(obj, rel.synchronize_pairs)
                link.update(_link_values(target, rel.secondary_synchronize_pairs))
                rows.append({"action": action, "entity": link_table.name,
                             "entity_id": link[first_key],
                             ("after" if action == "insert" else "before"): link})
    return rows


def _link_values(obj: Any, pairs: Any) -> dict[str, Any]:
    """The link-table columns ``obj`` fills: its own column value under the link column's name."""
    mapper = inspect(obj).mapper
    return {link.name: plain(getattr(obj, mapper.get_property_by_column(own).key))
            for own, link in pairs}


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
            rows += _link_rows(obj, deleted=False)
    for obj in session.dirty:
        if not isinstance(obj, Base):
            continue
        if session.is_modified(obj, include_collections=False):
            before, after = _changed_only(_columns(obj, before=True), _columns(obj, before=False))
            if after:
                _add_version(obj, before, after)
                rows.append(
                    {
                        "action": "update",
                        "entity": obj.__tablename__,
                        "entity_id": getattr(obj, "id", None),
                        "before": before,
                        "after": after,
                    }
                )
        rows += _link_rows(obj, deleted=False)
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
            rows += _link_rows(obj, deleted=True)
    append_entries(session.connection(), user, rows)


def _after_begin(session: Session, _transaction: SessionTransaction, conn: Connection) -> None:
    user = session.info.get(AUDIT_USER)
    if user is not None:
        context = _Context(user, conn.info)
        conn.info[_CONTEXT] = context
        session.info[_CONTEXT] = context


def remember_heads(heads: Iterable[Head]) -> None:
    """After a commit: record the new chain heads outside the database (see app.store.audit_tail).

    The change is already committed, so a record that cannot be written (a
    read-only config folder) is logged, not raised: it only weakens the next
    check for a cut tail.
    """
    try:
        audit_tail.remember(heads)
    except OSError as exc:
        log.warning("audit head record not written: %s", exc)


def _after_commit(session: Session) -> None:
    context = session.info.get(_CONTEXT)
    if isinstance(context, _Context) and context.heads:
        remember_heads(context.heads.values())


def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is not None:
        return
    context = session.info.pop(_CONTEXT, None)
    if isinstance(context, _Context):
        info = context.conn_info
        if info.get(_CONTEXT) is context:
            del info[_CONTEXT]


def verify_chain(conn: Connection) -> tuple[int, Finding | None]:
    """The whole chain check under this installation's key: entries proven, first problem."""
    trail = check_trail(conn, existing_key(), audit_tail.read_records())
    return trail.checked, next(iter(trail.findings), None)


_LISTENERS = (
    ("after_flush", _after_flush),
    ("after_begin", _after_begin),
    ("after_commit", _after_commit),
    ("after_transaction_end", _after_transaction_end),
)


def install_audit_listener() -> None:
    """Register the session hooks once for all sessions (idempotent)."""
    for name, listener in _LISTENERS:
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
