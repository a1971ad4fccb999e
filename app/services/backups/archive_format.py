"""The archive's layout, its manifest, the JSON form of each value, and the manifest's signature.

A backup is one zip file (encrypted or not, see crypto.py):

* ``tables/<table>.jsonl``: one line per row, ordered by the table's primary
  key, each line a JSON array of the row's values in the order of the
  manifest's ``columns``.  Values: integers, text and booleans as JSON;
  ``null`` for NULL; amounts as decimal strings ("1500.5"); dates as
  "YYYY-MM-DD"; times as "YYYY-MM-DD HH:MM:SS.ffffff"; binary content
  (stored documents) as base64; JSON columns as JSON.  Keys are sorted, no
  spaces: one row has one byte form, whichever database it came from.
* ``manifest.json``: what the archive holds (see :class:`BackupManifest`):
  format version, program version, schema revision, when and by whom, the
  audit chain heads, and per table its member, columns, row count and the
  SHA-256 of the member's bytes; and the fingerprint.
* ``manifest.sig``: HMAC-SHA-256 of the exact bytes of ``manifest.json``
  under the installation's audit key, with the key's public id.  A changed
  manifest fails the signature; a changed member fails its SHA-256 in the
  (signed) manifest; a removed member is missing from the zip.

The fingerprint is what a restore must reproduce: rows per table and one
digest, the SHA-256 of ``[[table, rows, sha256], ...]`` sorted by table.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Table,
)

from app.store.audit_key import AuditKey

FORMAT = "tiaojie-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
SIGNATURE_SCHEME = "tiaojie-backup-hmac-sha256-1"
FULL, PARTIAL = "full", "partial"


def member_name(table: str) -> str:
    """Where a table's rows live in the zip."""
    return f"tables/{table}.jsonl"


def column_kind(column: Column[Any]) -> str:
    """How a column's values are written: int, bool, decimal, date, datetime, bytes, json, text."""
    kind = column.type
    for cls, name in ((Boolean, "bool"), (Integer, "int"), (Numeric, "decimal"),
                      (DateTime, "datetime"), (Date, "date"), (LargeBinary, "bytes"),
                      (JSON, "json"), (String, "text")):
        if isinstance(kind, cls):
            return name
    raise TypeError(f"no archive form for {column.table.name}.{column.name} ({kind!r})")


def _decimal(value: Decimal | float) -> str:
    text = format(Decimal(str(value)).normalize(), "f")
    return "0" if text in ("-0", "") else text


ENCODERS: dict[str, Callable[[Any], Any]] = {
    "decimal": _decimal,
    "date": lambda v: v.isoformat(),
    "datetime": lambda v: v.isoformat(sep=" ", timespec="microseconds"),
    "bytes": lambda v: base64.b64encode(v).decode("ascii"),
}
DECODERS: dict[str, Callable[[Any], Any]] = {
    "decimal": Decimal,
    "date": date.fromisoformat,
    "datetime": datetime.fromisoformat,
    "bytes": base64.b64decode,
}


"""Kinds written as they come from the driver (int, bool, text, json) need no encoder."""
_LINE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode


def row_encoder(kinds: list[str]) -> Callable[[Sequence[Any]], bytes]:
    """A function turning one row (values in column order) into its line's bytes.

    It runs once per row of the whole base, so only the columns whose kind
    needs converting are touched.
    """
    converted = [(i, ENCODERS[k]) for i, k in enumerate(kinds) if k in ENCODERS]

    def encode(row: Sequence[Any]) -> bytes:
        values = list(row)
        for i, convert in converted:
            if values[i] is not None:
                values[i] = convert(values[i])
        return (_LINE(values) + "\n").encode("utf-8")

    return encode


def row_values(kinds: list[str]) -> Callable[[bytes], list[Any]]:
    """A function turning one line back into the row's values, in column order."""
    converted = [(i, DECODERS[k]) for i, k in enumerate(kinds) if k in DECODERS]
    width = len(kinds)

    def decode(line: bytes) -> list[Any]:
        values = json.loads(line)
        if not isinstance(values, list) or len(values) != width:
            raise ValueError("row has the wrong number of values")
        for i, convert in converted:
            if values[i] is not None:
                values[i] = convert(values[i])
        return values

    return decode


def row_decoder(names: list[str], kinds: list[str]) -> Callable[[bytes], dict[str, Any]]:
    """A function turning one line back into the row's values by column name."""
    values = row_values(kinds)

    def decode(line: bytes) -> dict[str, Any]:
        return dict(zip(names, values(line), strict=True))

    return decode


@dataclass(frozen=True)
class TableEntry:
    """One table in the archive: member, columns (name, kind), rows and the member's SHA-256."""

    name: str
    member: str
    columns: tuple[tuple[str, str], ...]
    rows: int
    sha256: str
    bytes: int


@dataclass(frozen=True)
class Fingerprint:
    """Rows per table and one digest over every table's content: equal data, equal fingerprint."""

    digest: str
    rows: dict[str, int]

    @property
    def total(self) -> int:
        """Rows in all tables together."""
        return sum(self.rows.values())


def fingerprint_of(tables: list[tuple[str, int, str]]) -> Fingerprint:
    """The fingerprint of ``(table, rows, sha256 of its lines)`` triples."""
    ordered = sorted(tables)
    payload = json.dumps([list(t) for t in ordered], separators=(",", ":")).encode("utf-8")
    return Fingerprint(hashlib.sha256(payload).hexdigest(), {n: r for n, r, _s in ordered})


@dataclass(frozen=True)
class BackupManifest:
    """What ``manifest.json`` says about an archive."""

    kind: str
    program_version: str
    schema_revision: str
    created_at: datetime
    created_by: str
    source: str
    backend: str
    origin: str | None
    key_id: str
    audit_heads: tuple[tuple[str, int, str], ...]
    tables: tuple[TableEntry, ...]
    fingerprint: Fingerprint
    scope: dict[str, Any] = field(default_factory=dict)
    format_version: int = FORMAT_VERSION

    def to_json(self) -> bytes:
        """The manifest's bytes as stored (and signed)."""
        return json.dumps({
            "format": FORMAT, "format_version": self.format_version, "kind": self.kind,
            "program_version": self.program_version, "schema_revision": self.schema_revision,
            "created_at": self.created_at.isoformat(sep=" ", timespec="seconds"),
            "created_by": self.created_by, "source": self.source, "backend": self.backend,
            "origin": self.origin, "key_id": self.key_id,
            "audit_heads": [{"chain": c, "seq": s, "hash": h} for c, s, h in self.audit_heads],
            "scope": self.scope,
            "tables": [{"name": t.name, "member": t.member,
                        "columns": [list(c) for c in t.columns], "rows": t.rows,
                        "sha256": t.sha256, "bytes": t.bytes} for t in self.tables],
            "fingerprint": {"digest": self.fingerprint.digest, "rows": self.fingerprint.rows},
        }, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes) -> BackupManifest:
        """Read ``manifest.json``; KeyError/ValueError/TypeError when it is not one."""
        data = json.loads(raw)
        if data["format"] != FORMAT:
            raise ValueError("not a Tiaojie backup")
        return cls(
            kind=str(data["kind"]), program_version=str(data["program_version"]),
            schema_revision=str(data["schema_revision"]),
            created_at=datetime.fromisoformat(data["created_at"]),
            created_by=str(data["created_by"]), source=str(data["source"]),
            backend=str(data["backend"]), origin=data["origin"], key_id=str(data["key_id"]),
            audit_heads=tuple((str(h["chain"]), int(h["seq"]), str(h["hash"]))
                              for h in data["audit_heads"]),
            tables=tuple(TableEntry(str(t["name"]), str(t["member"]),
                                    tuple((str(n), str(k)) for n, k in t["columns"]),
                                    int(t["rows"]), str(t["sha256"]), int(t["bytes"]))
                         for t in data["tables"]),
            fingerprint=Fingerprint(str(data["fingerprint"]["digest"]),
                                    {str(k): int(v) for k, v in
                                     data["fingerprint"]["rows"].items()}),
            scope=dict(data.get("scope") or {}),
            format_version=int(data["format_version"]),
        )


def sign(manifest: bytes, key: AuditKey) -> bytes:
    """``manifest.sig``: the scheme, the key's public id and the HMAC of the manifest's bytes."""
    return json.dumps({"scheme": SIGNATURE_SCHEME, "key_id": key.key_id,
                       "hmac": key.mac(manifest)}, sort_keys=True).encode("utf-8")


def signature_key_id(signature: bytes) -> str:
    """The key id a signature names (to say which key is missing)."""
    return str(json.loads(signature)["key_id"])


def signature_valid(manifest: bytes, signature: bytes, key: AuditKey) -> bool:
    """Whether ``signature`` is this key's HMAC of exactly these manifest bytes."""
    data = json.loads(signature)
    return (data.get("scheme") == SIGNATURE_SCHEME and data.get("key_id") == key.key_id
            and hmac.compare_digest(str(data.get("hmac", "")), key.mac(manifest)))


def table_columns(table: Table, *, omit: frozenset[str] = frozenset()) -> list[Column[Any]]:
    """The columns of ``table`` an archive carries, in table order."""
    return [c for c in table.columns if c.name not in omit]
