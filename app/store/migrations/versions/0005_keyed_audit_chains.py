"""Keyed audit chains, their heads, and an append-only audit table.

``audit_entries`` gains ``origin``, ``chain``, ``seq`` and ``key_id``: entries
written from now on are sealed with the installation's key in one chain per
origin and organisation (app.store.audit_chain).  ``audit_heads`` keeps every
chain's last ``seq`` and ``hash``.  Its ``base`` row, written here once, names
this case base (a fresh random origin) and seals the entries written before
this revision: their number, the last one's plain hash and the *baseline*,
the highest key of every table at this moment (rows that existed before any
after-image was kept, which ``audit verify --deep`` cannot check field by field).

Triggers refuse UPDATE and DELETE on ``audit_entries``, any change to the
``base`` row, and any change to a chain's head other than moving it forward
(PostgreSQL: TRUNCATE too).
A later batch migration that rebuilds either table must create them again.

Downgrading drops all of this; entries sealed by key then no longer verify
under the old single plain chain.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 10:00:00
"""

from __future__ import annotations

import hashlib
import json
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

GENESIS = "0" * 64
SEAL_SCHEME = "tiaojie-audit-seal-1"
AUDIT_TABLES = ("alembic_version", "audit_entries", "audit_heads")

REFUSED = "the audit trail is append-only"
HEAD_REFUSED = f"{REFUSED}: audit_heads only moves forward"

SQLITE_TRIGGERS = {
    "audit_entries_no_update":
        f"BEFORE UPDATE ON audit_entries BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END",
    "audit_entries_no_delete":
        f"BEFORE DELETE ON audit_entries BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END",
    "audit_heads_forward_only":
        "BEFORE UPDATE ON audit_heads WHEN OLD.chain = 'base' OR NEW.seq <= OLD.seq "
        "OR NEW.chain IS NOT OLD.chain OR NEW.origin IS NOT OLD.origin "
        f"OR NEW.baseline IS NOT OLD.baseline BEGIN SELECT RAISE(ABORT, '{HEAD_REFUSED}'); END",
    "audit_heads_no_delete":
        f"BEFORE DELETE ON audit_heads BEGIN SELECT RAISE(ABORT, '{HEAD_REFUSED}'); END",
}

PG_FUNCTIONS = {
    "tiaojie_audit_refuse": f"""
        BEGIN
            RAISE EXCEPTION '{REFUSED}: % on % refused', TG_OP, TG_TABLE_NAME
                USING ERRCODE = 'insufficient_privilege';
        END""",
    "tiaojie_audit_head_forward": f"""
        BEGIN
            IF OLD.chain = 'base' OR NEW.seq <= OLD.seq OR NEW.chain IS DISTINCT FROM OLD.chain
               OR NEW.origin IS DISTINCT FROM OLD.origin
               OR NEW.baseline IS DISTINCT FROM OLD.baseline THEN
                RAISE EXCEPTION '{HEAD_REFUSED} (chain %)', OLD.chain
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            RETURN NEW;
        END""",
}
PG_TRIGGERS = {
    "audit_entries_append_only": ("audit_entries", "UPDATE OR DELETE", "ROW",
                                  "tiaojie_audit_refuse"),
    "audit_entries_no_truncate": ("audit_entries", "TRUNCATE", "STATEMENT",
                                  "tiaojie_audit_refuse"),
    "audit_heads_forward_only": ("audit_heads", "UPDATE", "ROW", "tiaojie_audit_head_forward"),
    "audit_heads_no_delete": ("audit_heads", "DELETE", "ROW", "tiaojie_audit_refuse"),
    "audit_heads_no_truncate": ("audit_heads", "TRUNCATE", "STATEMENT", "tiaojie_audit_refuse"),
}
"""name → (table, events, FOR EACH ROW/STATEMENT, function)."""


def upgrade() -> None:
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("origin", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("chain", sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("key_id", sa.String(length=16), nullable=True))
    op.create_index("ux_audit_entries_chain_seq", "audit_entries", ["chain", "seq"],
                    unique=True)
    heads = op.create_table(
        "audit_heads",
        sa.Column("chain", sa.String(length=60), nullable=False),
        sa.Column("origin", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("baseline", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("chain", name=op.f("pk_audit_heads")),
    )
    _seal(heads)
    _create_triggers()


def _seal(heads: sa.Table) -> None:
    """Write the ``base`` row: this case base's origin and the seal of its older entries."""
    bind = op.get_bind()
    count = bind.execute(sa.text("SELECT count(*) FROM audit_entries")).scalar_one()
    last = bind.execute(
        sa.text("SELECT hash FROM audit_entries ORDER BY id DESC LIMIT 1")
    ).scalar_one_or_none() or GENESIS
    baseline = json.dumps(_baseline(bind), sort_keys=True, separators=(",", ":"))
    payload = json.dumps([SEAL_SCHEME, last, count, baseline], ensure_ascii=False,
                         separators=(",", ":"))
    op.bulk_insert(heads, [{
        "chain": "base", "origin": str(uuid.uuid4()), "seq": count,
        "hash": hashlib.sha256(payload.encode("utf-8")).hexdigest(), "baseline": baseline,
    }])


def _baseline(bind: sa.Connection) -> dict[str, int]:
    """The highest key of every non-empty table (``id``, else its first key column)."""
    inspector = sa.inspect(bind)
    found: dict[str, int] = {}
    for table in inspector.get_table_names():
        if table in AUDIT_TABLES or table.startswith(("search_", "sqlite_")):
            continue
        columns = {c["name"] for c in inspector.get_columns(table)}
        keys = inspector.get_pk_constraint(table)["constrained_columns"]
        key = "id" if "id" in columns else (keys[0] if keys else None)
        if key is None:
            continue
        top = bind.execute(sa.text(f'SELECT max("{key}") FROM "{table}"')).scalar()
        if top is not None:
            found[table] = int(top)
    return found


def _create_triggers() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name, body in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")
        return
    for name, body in PG_FUNCTIONS.items():
        op.execute(f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $${body}$$")
    for name, (table, events, level, function) in PG_TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} BEFORE {events} ON {table} "
                   f"FOR EACH {level} EXECUTE PROCEDURE {function}()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
    else:
        for name, (table, *_rest) in PG_TRIGGERS.items():
            op.execute(f"DROP TRIGGER {name} ON {table}")
        for name in PG_FUNCTIONS:
            op.execute(f"DROP FUNCTION {name}()")
    op.drop_table("audit_heads")
    op.drop_index("ux_audit_entries_chain_seq", table_name="audit_entries")
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_column("key_id")
        batch_op.drop_column("seq")
        batch_op.drop_column("chain")
        batch_op.drop_column("origin")
