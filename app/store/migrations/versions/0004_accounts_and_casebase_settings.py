"""Account lockout, a second role for administrators, and facts about the case base.

``users.locked_until`` holds an account shut after repeated wrong passwords;
``users.case_role`` lets an administrator (who by default does not read case
contents) also work cases, as in a one-person office;
``casebase_settings`` keeps facts that travel with the base (for example
whether it holds demo data, which may stay without passwords while a real
office's base may not).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 09:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "casebase_settings",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_casebase_settings")),
        sa.UniqueConstraint("key", name=op.f("uq_casebase_settings_key")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("locked_until", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("case_role", sa.String(length=30), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("case_role")
        batch_op.drop_column("locked_until")
    op.drop_table("casebase_settings")
