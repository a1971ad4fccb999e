"""What seals an audit entry: the old plain hash, the keyed MAC, and the seal between them.

The writer (app.store.audit_log) and the checker (app.store.audit_verify)
must compute exactly the same digests, so both take them from here.

* Entries written before schema revision 0005 form one chain of plain
  SHA-256 digests (:func:`entry_hash`).  Anyone could recompute those, so they
  prove nothing against someone who can write the database.
* Migration 0005 *seals* that old chain: the ``base`` row of ``audit_heads``
  holds the number of old entries, the last one's hash and the baseline (the
  highest key of every table then), digested by :func:`seal_hash`.  Every
  keyed chain starts from that seal, so the first keyed entry's MAC covers the
  old entries: cutting them off or appending to them is found.
* Since then every entry is sealed by :func:`entry_mac` under the
  installation's key, in a chain per origin (case base) and organisation
  (:func:`chain_name`), so writers of different organisations on one server do
  not wait for each other, and entries another case base wrote can later be
  stored beside ours under their own origin.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection

from app.store.audit_key import AuditKey

GENESIS = "0" * 64
"""The ``prev_hash`` of the first entry ever written."""
BASE_CHAIN = "base"
"""The ``audit_heads`` row naming this case base and sealing the entries before 0005."""
MAC_SCHEME = "tiaojie-audit-hmac-1"
SEAL_SCHEME = "tiaojie-audit-seal-1"


def _canonical(fields: list[object]) -> bytes:
    """The one byte form both digests are taken over: compact JSON, UTF-8."""
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


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
    """The plain digest of an entry written before 0005 (kept to verify those)."""
    return hashlib.sha256(_canonical(
        [prev_hash, at.isoformat(sep=" "), user, action, entity, entity_id, before, after],
    )).hexdigest()


def entry_mac(
    key: AuditKey,
    origin: str,
    chain: str,
    seq: int,
    prev: str,
    at: datetime,
    user: str,
    action: str,
    entity: str,
    entity_id: int | None,
    before: str | None,
    after: str | None,
) -> str:
    """The keyed digest of an entry: every field, its place in its chain and the one before."""
    return key.mac(_canonical(
        [MAC_SCHEME, key.key_id, origin, chain, seq, prev, at.isoformat(sep=" "), user, action,
         entity, entity_id, before, after],
    ))


def seal_hash(last_hash: str, count: int, baseline: str | None) -> str:
    """The ``base`` row's hash: the old chain's length and end, and the baseline text.

    Migration 0005 computes the same digest with its own copy of this code (a
    migration must not change when the application does).
    """
    return hashlib.sha256(_canonical([SEAL_SCHEME, last_hash, count, baseline])).hexdigest()


def chain_name(origin: str, organisation_id: int | None) -> str:
    """The chain of entries ``origin`` writes for users of one organisation (0: none)."""
    return f"{origin}:{organisation_id or 0}"


def location_of(conn: Connection) -> str:
    """Where this case base lives, without credentials: the SQLite file or server/database."""
    url = conn.engine.url
    if url.get_backend_name() == "sqlite":
        return str(Path(url.database or "").expanduser().resolve())
    return f"{url.get_backend_name()}://{url.host or ''}:{url.port or ''}/{url.database or ''}"
