"""Import batches: ledgers brought in from spreadsheets, and the cases they brought.

``import_batches`` records each imported file (name, SHA-256, the mapping
used, who and when, the parties it created and the case-number counters it
moved, whether it was undone);
``cases.import_batch_id`` points an imported case at its batch and
``cases.number_on_import`` marks a number the import gave because the ledger
had none.  Both columns are added in place (no table rebuild on SQLite).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_batches",
        sa.Column("file_name", sa.String(length=260), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("sheet", sa.String(length=120), nullable=True),
        sa.Column("mapping", sa.Text(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("imported_by", sa.String(length=60), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("cases", sa.Integer(), nullable=False),
        sa.Column("parties_created", sa.Text(), nullable=False),
        sa.Column("counters", sa.Text(), nullable=False),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.Column("undone_by", sa.String(length=60), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_import_batches_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batches")),
    )
    op.create_index(op.f("ix_import_batches_sha256"), "import_batches", ["sha256"],
                    unique=False)
    op.add_column(
        "cases",
        sa.Column("import_batch_id", sa.Integer(),
                  sa.ForeignKey("import_batches.id",
                                name=op.f("fk_cases_import_batch_id_import_batches")),
                  nullable=True),
        inline_references=True,
    )
    op.add_column("cases", sa.Column("number_on_import", sa.Boolean(), nullable=False,
                                     server_default="0"))
    op.create_index(op.f("ix_cases_import_batch_id"), "cases", ["import_batch_id"],
                    unique=False)


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cases_import_batch_id"))
        batch_op.drop_column("number_on_import")
        batch_op.drop_column("import_batch_id")
    op.drop_index(op.f("ix_import_batches_sha256"), table_name="import_batches")
    op.drop_table("import_batches")
