"""Prove the audit trail: every entry intact, in order, and no chain cut short.

One pass over the entries, streamed in batches so a trail of millions fits
in memory: first the entries written before keyed chaining (plain hashes,
which must end exactly where the ``base`` row sealed them), then every keyed
chain in sequence order.  Each chain's end is compared with its row in
``audit_heads`` and with what this computer recorded after its own commits
(app.store.audit_tail); a chain that ends early has lost its newest entries.

Each chain is reported at its first problem only: what follows a break is
not proven, and counting every later entry again would bury the one that
matters.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Row, select

from app.store.audit_chain import (
    BASE_CHAIN,
    GENESIS,
    entry_hash,
    entry_mac,
    location_of,
    seal_hash,
)
from app.store.audit_key import AuditKey
from app.store.audit_tail import LocalRecord
from app.store.models import AuditEntry
from app.store.models.audit import audit_heads

BATCH = 5000


@dataclass(frozen=True)
class Finding:
    """One thing wrong with the trail.

    ``kind`` is one of: ``edited`` (the entry's digest does not match its
    fields), ``link`` (it does not follow the entry before it), ``gap``
    (``count`` entries missing before it), ``key`` (sealed with a key this
    computer does not hold: ``detail`` is that key's id), ``unsealed`` (an
    old-format entry added after the upgrade), ``tail`` (the newest ``count``
    entries of ``chain`` are missing; ``seq`` is the last one left), ``head``
    (the chain's head row was altered or removed), ``base`` (the row naming
    and sealing this case base was altered or removed), ``identity`` (this
    computer recorded another case base at this location, ``count`` entries).
    """

    kind: str
    entry_id: int | None = None
    chain: str | None = None
    seq: int | None = None
    count: int = 0
    detail: str = ""


@dataclass(frozen=True)
class TrailCheck:
    """How many entries were proven, and what is wrong (empty when nothing)."""

    checked: int
    findings: tuple[Finding, ...]
    local_record_unreadable: bool = False


@dataclass
class _Chain:
    """The walk through one keyed chain so far."""

    name: str
    prev: str
    last_seq: int = 0
    last_hash: str = ""
    broken: bool = False


@dataclass
class _Walk:
    key: AuditKey | None
    heads: dict[str, Row[Any]]
    local: dict[str, tuple[int, str]]
    checked: int = 0
    findings: list[Finding] = field(default_factory=list)


def _batches(conn: Connection, query: Any, order: Any, key: Any) -> Iterator[Row[Any]]:
    """Rows of ``query`` in ``order``, fetched in batches past the last ``key`` value."""
    last = None
    while True:
        page = query if last is None else query.where(key > last)
        rows = conn.execute(page.order_by(order).limit(BATCH)).all()
        yield from rows
        if len(rows) < BATCH:
            return
        last = getattr(rows[-1], key.key)


def check_trail(conn: Connection, key: AuditKey | None,
                records: list[LocalRecord] | None) -> TrailCheck:
    """Walk every entry; name the first problem of each chain and every cut tail."""
    heads = {row.chain: row for row in conn.execute(select(audit_heads))}
    base = heads.get(BASE_CHAIN)
    location = location_of(conn)
    local = next((r.chains for r in records or []
                  if base is not None and r.origin == base.origin and r.location == location), {})
    walk = _Walk(key, heads, local)
    for record in records or []:
        if record.location == location and (base is None or record.origin != base.origin):
            walk.findings.append(Finding("identity", detail=record.origin,
                                         count=sum(s for s, _h in record.chains.values())))
    seal = _check_legacy(conn, walk, base)
    entries = AuditEntry.__table__
    odd = conn.execute(select(entries.c.id).where(entries.c.chain.is_not(None),
                                                  entries.c.seq.is_(None)).limit(1)).scalar()
    if odd is not None:
        walk.findings.append(Finding("edited", entry_id=odd))
    chains = {name for name in heads if name != BASE_CHAIN} | set(local)
    chains |= set(conn.execute(select(entries.c.chain).distinct()
                               .where(entries.c.chain.is_not(None))).scalars())
    for name in sorted(chains):
        _check_chain(conn, walk, _Chain(name, seal, last_hash=seal))
    return TrailCheck(walk.checked, tuple(walk.findings), records is None)


def _check_legacy(conn: Connection, walk: _Walk, base: Row[Any] | None) -> str:
    """The entries from before keyed chaining; returns the seal keyed chains start from."""
    entries = AuditEntry.__table__
    query = select(entries).where(entries.c.chain.is_(None))
    prev, count, broken = GENESIS, 0, False
    for row in _batches(conn, query, entries.c.id, entries.c.id):
        if broken:
            continue
        if base is not None and count >= base.seq:
            walk.findings.append(Finding("unsealed", entry_id=row.id))
            broken = True
        elif row.prev_hash != prev:
            walk.findings.append(Finding("link", entry_id=row.id))
            broken = True
        elif entry_hash(prev, row.at, row.user_login, row.action, row.entity, row.entity_id,
                        row.before, row.after) != row.hash:
            walk.findings.append(Finding("edited", entry_id=row.id))
            broken = True
        else:
            prev, count = row.hash, count + 1
            walk.checked += 1
    if base is None:
        if count or len(walk.heads) or walk.local:
            walk.findings.append(Finding("base"))
        return seal_hash(prev, count, None)
    if not broken and count < base.seq:
        walk.findings.append(Finding("tail", chain=BASE_CHAIN, seq=count,
                                     count=base.seq - count))
    elif not broken and seal_hash(prev, count, base.baseline) != base.hash:
        walk.findings.append(Finding("base"))
    return str(base.hash)


def _check_chain(conn: Connection, walk: _Walk, chain: _Chain) -> None:
    entries = AuditEntry.__table__
    query = select(entries).where(entries.c.chain == chain.name)
    recorded = walk.local.get(chain.name)
    for row in _batches(conn, query, entries.c.seq, entries.c.seq):
        if not chain.broken:
            finding = _check_entry(walk.key, chain, row)
            if finding is None:
                walk.checked += 1
            else:
                walk.findings.append(finding)
                chain.broken = True
        if (recorded is not None and row.seq == recorded[0] and row.hash != recorded[1]
                and not chain.broken):
            walk.findings.append(Finding("edited", entry_id=row.id, chain=chain.name))
            chain.broken = True
        chain.prev = chain.last_hash = row.hash
        chain.last_seq = row.seq
    _check_end(walk, chain, recorded)


def _check_entry(key: AuditKey | None, chain: _Chain, row: Row[Any]) -> Finding | None:
    if row.seq != chain.last_seq + 1:
        return Finding("gap", entry_id=row.id, chain=chain.name, seq=chain.last_seq,
                       count=row.seq - chain.last_seq - 1)
    if key is None or row.key_id != key.key_id:
        return Finding("key", entry_id=row.id, chain=chain.name, detail=row.key_id or "")
    if row.prev_hash != chain.prev:
        return Finding("link", entry_id=row.id, chain=chain.name)
    expected = entry_mac(key, row.origin, row.chain, row.seq, row.prev_hash, row.at,
                         row.user_login, row.action, row.entity, row.entity_id, row.before,
                         row.after)
    if expected != row.hash:
        return Finding("edited", entry_id=row.id, chain=chain.name)
    return None


def _check_end(walk: _Walk, chain: _Chain, recorded: tuple[int, str] | None) -> None:
    """Compare where the chain ends with its head row and this computer's record."""
    head = walk.heads.get(chain.name)
    expected = max(head.seq if head is not None else 0, recorded[0] if recorded else 0)
    if expected > chain.last_seq:
        walk.findings.append(Finding("tail", chain=chain.name, seq=chain.last_seq,
                                     count=expected - chain.last_seq))
    elif head is None or head.seq != chain.last_seq or head.hash != chain.last_hash:
        walk.findings.append(Finding("head", chain=chain.name, seq=chain.last_seq))
