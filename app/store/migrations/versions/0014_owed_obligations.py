"""Missed instalments from one index range: an obligation owed in a case being performed.

The warning panel lists the instalments missed: obligations not performed,
due before today, in agreements whose case is being performed (达成协议,
履行中, 已回访).  At 1,000,000 cases that tested 43,779 unperformed
obligations against the 99,345 agreements of cases being performed: about
100 ms on SQLite, half the panel, and 200 ms on PostgreSQL.

Each obligation now carries ``owed_due``: its due date while it is owed
(``pending``, ``partial``) and its case is being performed, NULL otherwise.
The missed list is ``owed_due < today``, counted from one range of the
partial index ``ix_obligations_owed`` (owed obligations only) and paged
from its first entries, which are in the list's order.  The red-risk list
gets ``ix_cases_risk_status``, so it reads the few hundred red cases still
running instead of every running case, and ``ix_referrals_status_to`` finds
the cases referred to an organisation and not yet accepted, which every
list of a user limited to some organisations asks for (it scanned all
referrals, a million at 1,000,000 cases: 0.25 s per query).

As in 0011 and 0012 the database keeps the column, whoever writes: triggers
on ``obligations`` (a row added, or its status, due date or agreement
changed), on ``cases`` (its status moved into or out of the performing
statuses; on SQLite also a case added after its agreement by a writer with
foreign keys off) and on ``agreements`` (moved to another case; on SQLite
also added or deleted) recompute it for the obligations concerned.
Existing obligations are filled here with one ``UPDATE``.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 18:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

OWED = ("pending", "partial")
"""Obligation statuses still owed: every status but ``performed`` (app.domain.performance)."""
PERFORMING = ("agreed", "performing", "followed_up")
"""Case statuses whose agreement is being performed (app.services.mediation.dashboard)."""
WATCHED = "status, due_date, agreement_id"
"""The obligation's own columns that move its ``owed_due`` (which writers never set, as
with 0011's and 0012's columns: watching it too made SQLite check every row its own
triggers set once more, 40 µs per obligation written)."""


def _list(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{value}'" for value in values) + ")"


def _owed(row: str) -> str:
    """``owed_due`` of obligation ``row`` (``NEW`` in a trigger, ``obligations`` in an UPDATE)."""
    return (f"CASE WHEN {row}.status IN {_list(OWED)} AND EXISTS (SELECT 1 FROM agreements a "
            f"JOIN cases c ON c.id = a.case_id WHERE a.id = {row}.agreement_id "
            f"AND c.status IN {_list(PERFORMING)}) THEN {row}.due_date END")


def _of_case(case: str, differs: str) -> str:
    """Recompute the obligations of case ``case`` (``NEW``), whose status is known.

    Only the rows whose value changes are written (most obligations of a case
    that moves are performed: NULL before and after); ``differs`` is the
    dialect's null-safe "not equal".
    """
    value = (f"CASE WHEN {case}.status IN {_list(PERFORMING)} AND status IN {_list(OWED)} "
             f"THEN due_date END")
    return (f"UPDATE obligations SET owed_due = {value} "
            f"WHERE agreement_id IN (SELECT id FROM agreements WHERE case_id = {case}.id) "
            f"AND owed_due {differs} ({value});")


def _of_agreement(agreement: str) -> str:
    """Recompute the obligations of agreement ``agreement`` (``NEW``), after it moved."""
    return (f"UPDATE obligations SET owed_due = {_owed('obligations')} "
            f"WHERE agreement_id = {agreement}.id;")


_ORPHANED = ("UPDATE obligations SET owed_due = NULL "
             "WHERE agreement_id = OLD.id AND owed_due IS NOT NULL;")
_PERFORMING_NOW = f"(NEW.status IN {_list(PERFORMING)})"
_MOVED = f"((OLD.status IN {_list(PERFORMING)}) <> {_PERFORMING_NOW})"
"""The case's status moved into or out of the performing ones (``status`` is NOT NULL)."""


def _sqlite(name: str, event: str, when: str, body: str) -> str:
    """SQLite trigger ``tr_{name}`` running ``body`` after ``event`` when ``when`` holds."""
    return f"CREATE TRIGGER tr_{name} AFTER {event} WHEN {when} BEGIN {body} END"


def _pg(table: str, event: str, body: str) -> tuple[str, str]:
    """PostgreSQL function ``{table}_owed_keep`` with ``body`` and its row trigger.

    Each statement is planned for the tables as they are when it runs: a plan
    kept from the first rows of a long transaction (a demo run, an import into
    an empty base, where nothing is analysed yet) scanned whole tables once
    per row written, and 100,000 demo cases did not finish in 15 minutes.
    """
    return (f"CREATE FUNCTION {table}_owed_keep() RETURNS trigger LANGUAGE plpgsql "
            f"SET plan_cache_mode = force_custom_plan AS $$\nBEGIN\n{body}\nEND\n$$",
            f"CREATE TRIGGER tr_{table}_owed {event} ON {table} FOR EACH ROW "
            f"EXECUTE FUNCTION {table}_owed_keep()")


_SELF = f"UPDATE obligations SET owed_due = {_owed('NEW')} WHERE id = NEW.id;"
_DIFFERS = f"NEW.owed_due IS NOT ({_owed('NEW')})"
SQLITE_TRIGGERS = (
    _sqlite("obligations_owed_insert", "INSERT ON obligations", _DIFFERS, _SELF),
    _sqlite("obligations_owed_update", f"UPDATE OF {WATCHED} ON obligations", _DIFFERS, _SELF),
    _sqlite("cases_owed_insert", "INSERT ON cases", _PERFORMING_NOW, _of_case("NEW", "IS NOT")),
    _sqlite("cases_owed_update", "UPDATE OF status ON cases", _MOVED, _of_case("NEW", "IS NOT")),
    _sqlite("agreements_owed_insert", "INSERT ON agreements", "1", _of_agreement("NEW")),
    _sqlite("agreements_owed_update", "UPDATE OF id, case_id ON agreements", "1",
            f"{_ORPHANED} {_of_agreement('NEW')}"),
    _sqlite("agreements_owed_delete", "DELETE ON agreements", "1", _ORPHANED),
)
PG_TRIGGERS = (
    *_pg("obligations", f"BEFORE INSERT OR UPDATE OF {WATCHED}",
         f"IF NEW.status IN {_list(OWED)} AND NEW.due_date IS NOT NULL THEN\n"
         f"NEW.owed_due := {_owed('NEW')};\nELSE NEW.owed_due := NULL;\nEND IF;\n"
         f"RETURN NEW;"),
    *_pg("cases", "AFTER UPDATE OF status",
         f"IF {_MOVED} THEN {_of_case('NEW', 'IS DISTINCT FROM')} END IF;\nRETURN NULL;"),
    *_pg("agreements", "AFTER UPDATE OF id, case_id",
         f"{_ORPHANED}\n{_of_agreement('NEW')}\nRETURN NULL;"),
)
"""PostgreSQL checks every foreign key whoever writes (a restore disables only the user
triggers), so a case is written before its agreement and an agreement before its
obligations, and a deleted agreement takes its obligations with it: only a case's
status and an agreement's case need triggers besides the obligation's own."""
TABLES = ("obligations", "cases", "agreements")
"""The tables with a trigger keeping ``owed_due``."""


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.add_column("obligations", sa.Column("owed_due", sa.Date(), nullable=True))
    op.execute(f"UPDATE obligations SET owed_due = due_date WHERE status IN {_list(OWED)} "
               f"AND agreement_id IN (SELECT a.id FROM agreements a JOIN cases c "
               f"ON c.id = a.case_id WHERE c.status IN {_list(PERFORMING)})")
    op.create_index("ix_obligations_owed", "obligations", ["owed_due", "agreement_id", "id"],
                    sqlite_where=sa.text("owed_due IS NOT NULL"),
                    postgresql_where=sa.text("owed_due IS NOT NULL"))
    op.create_index("ix_cases_risk_status", "cases", ["risk", "status"])
    op.create_index("ix_referrals_status_to", "referrals",
                    ["status", "to_organisation_id", "case_id"])
    for statement in SQLITE_TRIGGERS if sqlite else PG_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {statement.split()[2]}")
    else:
        for table in TABLES:
            op.execute(f"DROP TRIGGER tr_{table}_owed ON {table}")
            op.execute(f"DROP FUNCTION {table}_owed_keep()")
    op.drop_index("ix_referrals_status_to", table_name="referrals")
    op.drop_index("ix_cases_risk_status", table_name="cases")
    op.drop_index("ix_obligations_owed", table_name="obligations")
    op.execute("ALTER TABLE obligations DROP COLUMN owed_due")
