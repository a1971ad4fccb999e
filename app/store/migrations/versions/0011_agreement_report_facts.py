"""What the statistics read about an agreement, kept on the agreement by the database.

The 人民调解案件统计表 counts, for the agreements reached in a period, their
money (协议涉及金额: the sum of the money obligations) and whether they went to
court for judicial confirmation (申请 / 确认有效 / 驳回).  Working those out
from ``obligations`` and ``judicial_confirmations`` means probing two more
tables once per agreement — for a year of a million-case county base,
270,000 agreements, more than a second on SQLite before any other column.
So each agreement carries them: ``money_total``, ``court_applied``,
``court_confirmed``, ``court_rejected``, read from the agreement's report
index together with its form and performance state.

The database keeps them, not the program: triggers on ``obligations`` and
``judicial_confirmations`` recompute the figure of the agreement(s) an
inserted, changed or deleted row belongs to, so every writer — the services,
the bulk writers of demo data and ledger imports, a restore from backup —
leaves them right, and a restore that loads the columns and then the rows
they are computed from recomputes the same values.  Existing agreements are
filled here, one ``UPDATE`` per figure.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 15:10:00
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _exists(condition: str) -> str:
    return (f"CASE WHEN EXISTS (SELECT 1 FROM judicial_confirmations j "
            f"WHERE j.agreement_id = {{a}}{condition}) THEN 1 ELSE 0 END")


FIGURES: dict[str, tuple[str, sa.types.TypeEngine[Any], str]] = {
    "money_total": ("obligations", sa.Numeric(16, 2),
                    "COALESCE((SELECT SUM(o.amount) FROM obligations o "
                    "WHERE o.agreement_id = {a} AND o.kind = 'money'), 0)"),
    "court_applied": ("judicial_confirmations", sa.SmallInteger(), _exists("")),
    "court_confirmed": ("judicial_confirmations", sa.SmallInteger(),
                        _exists(" AND j.result = 'confirmed'")),
    "court_rejected": ("judicial_confirmations", sa.SmallInteger(),
                       _exists(" AND j.result = 'rejected'")),
}
"""Column of ``agreements`` → (the table it comes from, its type, its SQL for agreement {a})."""
WATCHED = {"obligations": "amount, kind, agreement_id",
           "judicial_confirmations": "result, agreement_id"}
"""The columns of each source table whose change moves a figure."""
REPORT_INDEX = ["case_id", "form", "performance_status", *FIGURES]


def _assignments(source: str, agreement: str) -> str:
    return ", ".join(f"{column} = {sql.format(a=agreement)}"
                     for column, (table, _type, sql) in FIGURES.items() if table == source)


def _sqlite_triggers(source: str) -> list[str]:
    def update(row: str) -> str:
        return (f"UPDATE agreements SET {_assignments(source, f'{row}.agreement_id')} "
                f"WHERE id = {row}.agreement_id;")
    return [
        f"CREATE TRIGGER tr_{source}_figures_insert AFTER INSERT ON {source} "
        f"BEGIN {update('NEW')} END",
        f"CREATE TRIGGER tr_{source}_figures_update AFTER UPDATE OF {WATCHED[source]} "
        f"ON {source} BEGIN {update('OLD')} {update('NEW')} END",
        f"CREATE TRIGGER tr_{source}_figures_delete AFTER DELETE ON {source} "
        f"BEGIN {update('OLD')} END",
    ]


def _postgresql_trigger(source: str) -> list[str]:
    def update(row: str) -> str:
        return (f"UPDATE agreements SET {_assignments(source, f'{row}.agreement_id')} "
                f"WHERE id = {row}.agreement_id;")
    return [
        f"""CREATE FUNCTION {source}_figures_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN {update('OLD')} END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN {update('NEW')} END IF;
    RETURN NULL;
END
$$""",
        f"CREATE TRIGGER tr_{source}_figures AFTER INSERT OR DELETE OR UPDATE OF "
        f"{WATCHED[source]} ON {source} FOR EACH ROW EXECUTE FUNCTION {source}_figures_keep()",
    ]


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for column, (_table, kind, sql) in FIGURES.items():
        op.add_column("agreements", sa.Column(column, kind, nullable=False, server_default="0"))
        op.execute(f"UPDATE agreements SET {column} = {sql.format(a='agreements.id')}")
    op.drop_index("ix_agreements_report", table_name="agreements")
    op.create_index("ix_agreements_report", "agreements", REPORT_INDEX)
    for source in WATCHED:
        for statement in (_sqlite_triggers(source) if sqlite else _postgresql_trigger(source)):
            op.execute(statement)
    op.execute("ANALYZE agreements")  # the planner must know the report index is as selective


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for source in WATCHED:
        if sqlite:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER tr_{source}_figures_{event}")
        else:
            op.execute(f"DROP TRIGGER tr_{source}_figures ON {source}")
            op.execute(f"DROP FUNCTION {source}_figures_keep()")
    op.drop_index("ix_agreements_report", table_name="agreements")
    op.create_index("ix_agreements_report", "agreements",
                    ["case_id", "form", "performance_status"])
    with op.batch_alter_table("agreements") as batch_op:
        for column in FIGURES:
            batch_op.drop_column(column)
