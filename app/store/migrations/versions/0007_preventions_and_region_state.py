"""What mediation prevented, and regions that can be set aside.

``case_preventions`` holds the prevention outcomes recorded when a case is
concluded (防止民间纠纷转化为刑事案件, 防止群体性上访, 防止群体性械斗,
防止民间纠纷引起自杀), one row per kind with the number of people it
concerned; the people's-mediation statistics table counts them (件/人).
``regions.active`` lets an administrator set aside a region entered by
mistake without deleting the cases that name it.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_preventions",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
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
            ["case_id"], ["cases.id"],
            name=op.f("fk_case_preventions_case_id_cases"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_preventions")),
        sa.UniqueConstraint("case_id", "kind", name=op.f("uq_case_preventions_case_id")),
    )
    op.create_index(op.f("ix_case_preventions_case_id"), "case_preventions", ["case_id"],
                    unique=False)
    op.add_column("regions", sa.Column("active", sa.Boolean(), nullable=False,
                                       server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table("regions", schema=None) as batch_op:
        batch_op.drop_column("active")
    op.drop_index(op.f("ix_case_preventions_case_id"), table_name="case_preventions")
    op.drop_table("case_preventions")
