"""This computer's record of the last audit entry it wrote to each case base.

Deleting the newest entries of a chain leaves nothing inside the chain to
notice, and whoever can delete entries can also rewind the ``audit_heads``
row.  So after every commit that appended entries, the new head of each
chain (sequence number and hash) is also written to a small JSON file in the
user's config folder, next to the audit key.  ``audit verify`` compares it
with the database: a chain shorter than this computer saw it is a cut tail.

Records are keyed by the case base's origin *and* location (the SQLite file
or the server and database), so a copy of a base opened elsewhere does not
raise false alarms, while a base at a known location that suddenly has
another origin (its identity row replaced) is reported.  The file only ever
moves forward: two programs writing at once can make it lag, never lead.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from app.store.audit_key import config_dir

HEADS_NAME = "audit-heads.json"
_lock = threading.Lock()


@dataclass(frozen=True)
class Head:
    """The newest entry of one chain, as of one commit."""

    origin: str
    location: str
    chain: str
    seq: int
    hash: str


@dataclass(frozen=True)
class LocalRecord:
    """What this computer recorded for one case base (origin at location)."""

    origin: str
    location: str
    chains: dict[str, tuple[int, str]]


def heads_path() -> Path:
    """The record file; always in the user's own config folder (it is per installation)."""
    return config_dir() / HEADS_NAME


def read_records() -> list[LocalRecord] | None:
    """Every recorded case base; [] without a file, None when the file cannot be read."""
    try:
        raw = json.loads(heads_path().read_text(encoding="utf-8"))
        return [
            LocalRecord(base["origin"], base["location"],
                        {chain: (int(seq), str(digest))
                         for chain, (seq, digest) in base["chains"].items()})
            for base in raw["bases"]
        ]
    except FileNotFoundError:
        return []
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remember(heads: Iterable[Head]) -> None:
    """Move the record forward to ``heads`` (a chain's record never moves back)."""
    heads = list(heads)
    if not heads:
        return
    with _lock:
        records = {(r.origin, r.location): r.chains for r in read_records() or []}
        for head in heads:
            chains = records.setdefault((head.origin, head.location), {})
            if chains.get(head.chain, (0, ""))[0] < head.seq:
                chains[head.chain] = (head.seq, head.hash)
        _write({"bases": [
            {"origin": origin, "location": location,
             "chains": {chain: list(value) for chain, value in sorted(chains.items())}}
            for (origin, location), chains in sorted(records.items())
        ]})


def _write(data: object) -> None:
    path = heads_path()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=".audit-heads-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=1)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
