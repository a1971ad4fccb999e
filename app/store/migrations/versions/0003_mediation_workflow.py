"""Mediation workflow: routing and deadline rules, extensions, performance ledger, recusal ties.

Routing and deadline rules are seeded with the defaults of DOMAIN §5 and the
usual county practice so an upgraded case base works at once; administrators
edit them afterwards.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 19:06:20.990879
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deadline_rules",
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deadline_rules")),
        sa.UniqueConstraint("source", name=op.f("uq_deadline_rules_source")),
    )
    op.create_table(
        "routing_rules",
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=True),
        sa.Column("source", sa.String(length=40), nullable=True),
        sa.Column("risk", sa.String(length=10), nullable=True),
        sa.Column("min_people", sa.Integer(), nullable=True),
        sa.Column("mediation_type", sa.String(length=30), nullable=False),
        sa.Column("organisation_kind", sa.String(length=40), nullable=True),
        sa.Column("level", sa.String(length=20), nullable=True),
        sa.Column("supervised", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routing_rules")),
    )
    op.create_table(
        "mediator_relations",
        sa.Column("mediator_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("relation", sa.String(length=60), nullable=False),
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
            ["mediator_id"],
            ["mediators.id"],
            name=op.f("fk_mediator_relations_mediator_id_mediators"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["parties.id"],
            name=op.f("fk_mediator_relations_party_id_parties"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediator_relations")),
    )
    with op.batch_alter_table("mediator_relations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mediator_relations_mediator_id"), ["mediator_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_mediator_relations_party_id"), ["party_id"], unique=False
        )

    op.create_table(
        "deadline_extensions",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("old_deadline", sa.Date(), nullable=True),
        sa.Column("new_deadline", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("requested_by", sa.String(length=60), nullable=True),
        sa.Column("approved_by", sa.String(length=100), nullable=False),
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
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_deadline_extensions_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deadline_extensions")),
    )
    with op.batch_alter_table("deadline_extensions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_deadline_extensions_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "performance_records",
        sa.Column("obligation_id", sa.Integer(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=60), nullable=True),
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
            ["obligation_id"],
            ["obligations.id"],
            name=op.f("fk_performance_records_obligation_id_obligations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_performance_records")),
    )
    with op.batch_alter_table("performance_records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_performance_records_obligation_id"), ["obligation_id"], unique=False
        )

    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("guidance", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("archived_on", sa.Date(), nullable=True))
    _seed_deadline_rules()


DEADLINE_DEFAULTS = (
    ("court_pre_filing", 30, "最高人民法院特邀调解规定第二十七条：诉前委派调解三十日"),
    ("court_entrusted", 15, "委托调解：普通程序十五日（简易程序七日）"),
    ("other", 30, "人民调解一般在一个月内调结"),
)


def _seed_deadline_rules() -> None:
    rules = sa.table(
        "deadline_rules",
        sa.column("source", sa.String),
        sa.column("days", sa.Integer),
        sa.column("note", sa.Text),
        sa.column("version", sa.Integer),
    )
    op.bulk_insert(
        rules, [{"source": s, "days": d, "note": n, "version": 1} for s, d, n in DEADLINE_DEFAULTS]
    )


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("archived_on")
        batch_op.drop_column("guidance")

    with op.batch_alter_table("performance_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_performance_records_obligation_id"))

    op.drop_table("performance_records")
    with op.batch_alter_table("deadline_extensions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deadline_extensions_case_id"))

    op.drop_table("deadline_extensions")
    with op.batch_alter_table("mediator_relations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mediator_relations_party_id"))
        batch_op.drop_index(batch_op.f("ix_mediator_relations_mediator_id"))

    op.drop_table("mediator_relations")
    op.drop_table("routing_rules")
    op.drop_table("deadline_rules")
