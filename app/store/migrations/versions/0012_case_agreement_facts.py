"""The agreement's report facts on its case too, so a year's outcomes are one index range.

Migration 0011 put an agreement's money and court figures on the agreement.
A year of a million-case base still joined 270,000 concluded cases to their
agreements one probe at a time (0.6 s of the 1.6 s a period took on SQLite).
Each case now carries what the statistics read about its agreement —
``agreement_form``, ``agreement_performance``, ``agreement_money`` and the
three ``agreement_court_`` flags — inside ``ix_cases_report_closed``, so the
outcome columns of every case table (调解成功, 协议, 履行, 司法确认, 金额) are
read from the one index range of the cases concluded in the period.

As in 0011 the database keeps them: triggers on ``agreements`` copy the
agreement's form, performance state and figures to its case whenever the
agreement is added, changed (including by 0011's triggers, when an
obligation or a confirmation changes) or deleted, whoever writes.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 15:30:00
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

COPIED: dict[str, tuple[str, sa.types.TypeEngine[Any]]] = {
    "agreement_form": ("form", sa.String(length=10)),
    "agreement_performance": ("performance_status", sa.String(length=30)),
    "agreement_money": ("money_total", sa.Numeric(16, 2)),
    "agreement_court_applied": ("court_applied", sa.SmallInteger()),
    "agreement_court_confirmed": ("court_confirmed", sa.SmallInteger()),
    "agreement_court_rejected": ("court_rejected", sa.SmallInteger()),
}
"""Column of ``cases`` → (the column of ``agreements`` it copies, its type); NULL: no agreement."""
WATCHED = ", ".join(["case_id", *(source for source, _type in COPIED.values())])
OLD_INDEX = ["closed_on", "outcome", "refusal_reason", "category", "mediation_type",
             "current_organisation_id", "organisation_id", "lead_mediator_id", "deadline",
             "received_at"]


def _copy(row: str) -> str:
    values = ", ".join(f"{column} = {row}.{source}" for column, (source, _t) in COPIED.items())
    return f"UPDATE cases SET {values} WHERE id = {row}.case_id;"


def _clear(row: str) -> str:
    values = ", ".join(f"{column} = NULL" for column in COPIED)
    return f"UPDATE cases SET {values} WHERE id = {row}.case_id;"


SQLITE_TRIGGERS = (
    f"CREATE TRIGGER tr_agreements_case_insert AFTER INSERT ON agreements "
    f"BEGIN {_copy('NEW')} END",
    f"CREATE TRIGGER tr_agreements_case_update AFTER UPDATE OF {WATCHED} ON agreements "
    f"BEGIN {_clear('OLD')} {_copy('NEW')} END",
    f"CREATE TRIGGER tr_agreements_case_delete AFTER DELETE ON agreements "
    f"BEGIN {_clear('OLD')} END",
)
PG_TRIGGERS = (
    f"""CREATE FUNCTION agreements_case_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN {_clear('OLD')} END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN {_copy('NEW')} END IF;
    RETURN NULL;
END
$$""",
    f"CREATE TRIGGER tr_agreements_case AFTER INSERT OR DELETE OR UPDATE OF {WATCHED} "
    f"ON agreements FOR EACH ROW EXECUTE FUNCTION agreements_case_keep()",
)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for column, (_source, kind) in COPIED.items():
        op.add_column("cases", sa.Column(column, kind, nullable=True))
    values = ", ".join(f"{column} = a.{source}" for column, (source, _t) in COPIED.items())
    op.execute(f"UPDATE cases SET {values} FROM agreements a WHERE a.case_id = cases.id")
    op.drop_index("ix_cases_report_closed", table_name="cases")
    op.create_index("ix_cases_report_closed", "cases", [*OLD_INDEX, *COPIED])
    for statement in SQLITE_TRIGGERS if sqlite else PG_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER tr_agreements_case_{event}")
    else:
        op.execute("DROP TRIGGER tr_agreements_case ON agreements")
        op.execute("DROP FUNCTION agreements_case_keep()")
    op.drop_index("ix_cases_report_closed", table_name="cases")
    op.create_index("ix_cases_report_closed", "cases", OLD_INDEX)
    with op.batch_alter_table("cases") as batch_op:
        for column in COPIED:
            batch_op.drop_column(column)
