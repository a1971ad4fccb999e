"""Mediation workflow: routing and deadline rules, extensions, performance ledger, recusal ties.

Routing and deadline rules are seeded with the time limits of MoJ 人民调解工作若干规定
art 33 and SPC 特邀调解规定 art 27 and the usual county practice, so an upgraded
case base works at once; administrators edit them afterwards.

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
    _seed_routing_rules()


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


# (priority, category, source, risk, min_people, mediation_type, organisation_kind, level,
#  supervised, reason): major and group disputes first, then the court and police channels,
# then categories with a specialised committee or department; the last rule is the default.
ROUTING_DEFAULTS = (
    (10, None, None, "red", None, "people", "county_centre", "county", True,
     "红色风险（重大）纠纷由县级矛盾纠纷调处化解中心统筹调处，挂牌督办"),
    (20, None, None, None, 5, "people", "county_centre", "county", True,
     "群体性纠纷（涉及5人以上）由县级矛盾纠纷调处化解中心牵头调处，挂牌督办"),
    (30, None, "court_entrusted", None, None, "judicial", "court_studio", None, False,
     "法院立案后委托调解，由法院驻点调解工作室调解"),
    (40, None, "court_pre_filing", None, None, "people", "court_studio", None, False,
     "法院诉前委派调解，由法院诉前调解工作室（特邀调解组织）调解"),
    (50, None, "police_referral", None, None, "people", "police_office", None, False,
     "110警情移交的纠纷，由派出所警调衔接工作室调解（警调对接）"),
    (100, "medical", None, None, None, "professional", "professional_committee", None, False,
     "医疗纠纷专业性强，由医疗纠纷人民调解委员会调解"),
    (110, "traffic_accident", None, None, None, "professional", "professional_committee", None,
     False, "道路交通事故纠纷由交通事故纠纷人民调解委员会调解"),
    (120, "labour", None, None, None, "professional", "professional_committee", None, False,
     "劳动争议由劳动争议人民调解委员会调解"),
    (130, "property_management", None, None, None, "professional", "professional_committee",
     None, False, "物业纠纷由物业纠纷人民调解委员会调解"),
    (140, "consumer", None, None, None, "administrative", "admin_department", None, False,
     "消费纠纷由市场监管部门消费纠纷调解中心行政调解"),
    (150, "internet", None, None, None, "administrative", "admin_department", None, False,
     "网络消费等互联网纠纷由市场监管部门调解"),
    (160, "tourism", None, None, None, "administrative", "admin_department", None, False,
     "旅游纠纷由旅游主管部门的旅游纠纷调解室调解"),
    (170, "forest_land", None, None, None, "administrative", "admin_department", None, False,
     "山林土地权属争议由自然资源部门调处"),
    (180, "land_expropriation", None, None, None, "administrative", "admin_department", None,
     False, "征地拆迁纠纷由自然资源部门调处"),
    (1000, None, None, None, None, "people", None, None, False,
     "属地管理：由纠纷发生地的村（社区）、乡镇（街道）人民调解委员会调解，小事不出村，大事不出镇"),
)


def _seed_routing_rules() -> None:
    columns = ("priority", "category", "source", "risk", "min_people", "mediation_type",
               "organisation_kind", "level", "supervised", "reason")
    rules = sa.table(
        "routing_rules",
        sa.column("priority", sa.Integer), sa.column("category", sa.String),
        sa.column("source", sa.String), sa.column("risk", sa.String),
        sa.column("min_people", sa.Integer), sa.column("mediation_type", sa.String),
        sa.column("organisation_kind", sa.String), sa.column("level", sa.String),
        sa.column("supervised", sa.Boolean), sa.column("reason", sa.Text),
        sa.column("active", sa.Boolean), sa.column("version", sa.Integer),
    )
    op.bulk_insert(rules, [{**dict(zip(columns, row, strict=True)), "active": True, "version": 1}
                           for row in ROUTING_DEFAULTS])


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
