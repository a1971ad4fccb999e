"""A stable global id (UUID) on every row of every synced table.

Cases, parties and everything else a case base holds will later be merged
between a village PC and the county server; their integer keys clash
between bases, so each row gets a ``global_id`` (a random UUID as text)
that stays with it through backups, restores and exports.  Existing rows are
filled by the database itself while the column is added (SQLite: the table
is rebuilt by copying it, each copied row taking the column's default;
PostgreSQL: adding a column with a volatile default rewrites the table, one
value per row), so no row is read into Python and memory stays flat at any
size.  New rows get one from the same default, which also covers the bulk
writers that insert with plain SQL (demo data, ledger imports).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 12:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TABLES = (
    "agreements", "appraisals", "attachments", "case_mediators", "case_number_counters",
    "case_parties", "case_preventions", "casebase_settings", "cases", "deadline_extensions",
    "deadline_rules", "documents", "followups", "import_batches", "investigations",
    "judicial_confirmations", "mediation_sessions", "mediator_relations", "mediators",
    "meeting_attendees", "meeting_item_progress", "meeting_items", "meetings", "obligations",
    "organisations", "parties", "performance_records", "referrals", "regions",
    "roster_members", "routing_rules", "users",
)
"""Every table with the ``version`` column at revision 0007 (the synced ones)."""

SQLITE_UUID = (
    "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "
    "substr(lower(hex(randomblob(2))), 2) || '-' || "
    "substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || "
    "lower(hex(randomblob(6)))"
)
"""A version-4 UUID in SQLite's own SQL (it has no uuid function)."""
PG_UUID = "gen_random_uuid()::text"


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    default = sa.text(f"({SQLITE_UUID})" if sqlite else PG_UUID)
    for table in TABLES:
        column = sa.Column("global_id", sa.String(length=36), nullable=False,
                           server_default=default)
        if sqlite:
            with op.batch_alter_table(table, recreate="always") as batch_op:
                batch_op.add_column(column)
        else:
            op.add_column(table, column)
        op.create_index(op.f(f"ix_{table}_global_id"), table, ["global_id"], unique=True)


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(op.f(f"ix_{table}_global_id"), table_name=table)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("global_id")
