"""A cache of each report side's counts per month, kept valid by a change counter per month.

A year of the 人民调解案件统计表 at a million cases is about a second of raw
counting on two cores, and the past months of a county base rarely change.
So the reports keep each side's grouped counts per month
(``report_month_cache``: app/reports/month_cache.py) with the month's
*version* (``report_month_versions``) read with them; a year is then twelve
cached months and whichever of them changed since.

The database bumps the versions, whoever writes: triggers on ``cases``
(inserted, deleted, or a column the statistics read changed: the received
and closed month before and after the change) and on the tables a side
reads besides (``case_preventions`` and ``deadline_extensions``: the month
their case was closed in).  Follow-up visits are not cached (a case visited
in two months counts once in their quarter), so ``followups`` needs none.
On PostgreSQL they are constraint triggers deferred to the commit: a
writer holds a month's version row (and every other writer of that month
waits) only while it commits, not for the whole of a long import, and
bump each month once per transaction.  Month 0
is the version of every month at once: a writer that bypasses the triggers
(a bulk load with its triggers dropped) bumps it (app/store/report_months.py).
Both tables start empty: the cache fills as reports are made.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 18:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

WATCHED = ("received_at", "closed_on", "refusal_reason", "source", "category",
           "mediation_type", "organisation_id", "current_organisation_id", "lead_mediator_id",
           "outcome", "deadline", "agreement_form", "agreement_performance", "agreement_money",
           "agreement_court_applied", "agreement_court_confirmed", "agreement_court_rejected")
"""The columns of ``cases`` the statistics read (facts, grouping keys, scopes)."""
CHILDREN = {"case_preventions": ("case_id", "kind", "people"),
            "deadline_extensions": ("case_id",)}
"""The other tables a cached side reads, and the columns whose change moves a count."""


def _sqlite_month(value: str) -> str:
    return f"CAST(substr({value}, 1, 4) || substr({value}, 6, 2) AS INTEGER)"


def _sqlite_bump(months: list[str]) -> str:
    union = " UNION ".join(f"SELECT {m} AS m" for m in months)
    return (f"INSERT INTO report_month_versions (month, version) SELECT m, 1 FROM ({union}) "
            f"WHERE m IS NOT NULL ON CONFLICT (month) DO UPDATE SET version = version + 1;")


def _sqlite_case_months(row: str) -> list[str]:
    return [_sqlite_month(f"{row}.received_at"), _sqlite_month(f"{row}.closed_on")]


def _sqlite_closed_month(row: str) -> str:
    return f"(SELECT {_sqlite_month('closed_on')} FROM cases WHERE id = {row}.case_id)"


def _sqlite_triggers() -> list[str]:
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in WATCHED)
    statements = [
        f"CREATE TRIGGER tr_cases_report_months_insert AFTER INSERT ON cases "
        f"BEGIN {_sqlite_bump(_sqlite_case_months('NEW'))} END",
        f"CREATE TRIGGER tr_cases_report_months_update AFTER UPDATE OF {', '.join(WATCHED)} "
        f"ON cases WHEN {changed} "
        f"BEGIN {_sqlite_bump([*_sqlite_case_months('OLD'), *_sqlite_case_months('NEW')])} END",
        f"CREATE TRIGGER tr_cases_report_months_delete AFTER DELETE ON cases "
        f"BEGIN {_sqlite_bump(_sqlite_case_months('OLD'))} END",
    ]
    for table, columns in CHILDREN.items():
        statements += [
            f"CREATE TRIGGER tr_{table}_report_months_insert AFTER INSERT ON {table} "
            f"BEGIN {_sqlite_bump([_sqlite_closed_month('NEW')])} END",
            f"CREATE TRIGGER tr_{table}_report_months_update AFTER UPDATE OF "
            f"{', '.join(columns)} ON {table} "
            f"BEGIN {_sqlite_bump([_sqlite_closed_month('OLD'), _sqlite_closed_month('NEW')])} "
            f"END",
            f"CREATE TRIGGER tr_{table}_report_months_delete AFTER DELETE ON {table} "
            f"BEGIN {_sqlite_bump([_sqlite_closed_month('OLD')])} END",
        ]
    return statements


BUMPED = "tiaojie.bumped_months"
"""PostgreSQL: the months this transaction has bumped already (a transaction-local setting).
Each month's row is updated once per transaction: a row updated again and again in one
transaction grows a chain of versions every later update walks (a million-case demo
load would take hours)."""
AT_COMMIT = "DEFERRABLE INITIALLY DEFERRED"
"""PostgreSQL bumps at commit: a writer holds a month's version row (every writer of the
month waits for it) only while it commits, not for the whole of a long import."""


def _pg_month(value: str) -> str:
    return f"(EXTRACT(YEAR FROM {value})::integer * 100 + EXTRACT(MONTH FROM {value})::integer)"


def _pg_case_months(row: str) -> str:
    return f"{_pg_month(f'{row}.received_at')}, {_pg_month(f'{row}.closed_on')}"


def _pg_closed_month(row: str) -> str:
    return f"ARRAY(SELECT {_pg_month('closed_on')} FROM cases WHERE id = {row}.case_id)"


def _pg_triggers() -> list[str]:
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in WATCHED)
    statements = [
        f"""CREATE FUNCTION report_months_bump(months integer[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    done text := coalesce(current_setting('{BUMPED}', true), '');
    fresh integer[];
BEGIN
    SELECT array_agg(DISTINCT m ORDER BY m) INTO fresh FROM unnest(months) AS m
    WHERE m IS NOT NULL AND position(',' || m || ',' IN done) = 0;
    IF fresh IS NULL THEN
        RETURN;
    END IF;
    INSERT INTO report_month_versions (month, version)
    SELECT m, 1 FROM unnest(fresh) AS m ORDER BY m
    ON CONFLICT (month) DO UPDATE SET version = report_month_versions.version + 1;
    PERFORM set_config('{BUMPED}', done || ',' || array_to_string(fresh, ',') || ',', true);
END
$$""",
        f"""CREATE FUNCTION cases_report_months() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM report_months_bump(ARRAY[{_pg_case_months('NEW')}]);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM report_months_bump(ARRAY[{_pg_case_months('OLD')}]);
    ELSE
        PERFORM report_months_bump(ARRAY[{_pg_case_months('OLD')}, {_pg_case_months('NEW')}]);
    END IF;
    RETURN NULL;
END
$$""",
        f"CREATE CONSTRAINT TRIGGER tr_cases_report_months AFTER INSERT OR DELETE ON cases "
        f"{AT_COMMIT} FOR EACH ROW EXECUTE FUNCTION cases_report_months()",
        f"CREATE CONSTRAINT TRIGGER tr_cases_report_months_update AFTER UPDATE OF "
        f"{', '.join(WATCHED)} ON cases {AT_COMMIT} FOR EACH ROW WHEN ({changed}) "
        f"EXECUTE FUNCTION cases_report_months()",
        f"""CREATE FUNCTION case_rows_report_months() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM report_months_bump({_pg_closed_month('OLD')});
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM report_months_bump({_pg_closed_month('NEW')});
    END IF;
    RETURN NULL;
END
$$""",
    ]
    for table, columns in CHILDREN.items():
        statements.append(
            f"CREATE CONSTRAINT TRIGGER tr_{table}_report_months AFTER INSERT OR DELETE OR "
            f"UPDATE OF {', '.join(columns)} ON {table} {AT_COMMIT} FOR EACH ROW "
            f"EXECUTE FUNCTION case_rows_report_months()")
    return statements


def upgrade() -> None:
    op.create_table(
        "report_month_versions",
        sa.Column("month", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("month", name=op.f("pk_report_month_versions")),
    )
    op.create_table(
        "report_month_cache",
        sa.Column("side", sa.String(length=20), nullable=False),
        sa.Column("month", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("query_key", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("side", "month", "query_key",
                                name=op.f("pk_report_month_cache")),
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in _sqlite_triggers() if sqlite else _pg_triggers():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in ("cases", *CHILDREN):
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER tr_{table}_report_months_{event}")
    else:
        op.execute("DROP TRIGGER tr_cases_report_months ON cases")
        op.execute("DROP TRIGGER tr_cases_report_months_update ON cases")
        for table in CHILDREN:
            op.execute(f"DROP TRIGGER tr_{table}_report_months ON {table}")
        op.execute("DROP FUNCTION cases_report_months()")
        op.execute("DROP FUNCTION case_rows_report_months()")
        op.execute("DROP FUNCTION report_months_bump(integer[])")
    op.drop_table("report_month_cache")
    op.drop_table("report_month_versions")
