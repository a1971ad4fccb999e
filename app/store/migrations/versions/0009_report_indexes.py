"""Indexes for the statistics reports and the 工作台 dashboard at a million cases.

- ``ix_cases_report_received`` and ``ix_cases_report_closed``: a report
  counts 受理 by the day a case was received and outcomes by the day
  mediation ended (app/reports/definitions.py).  Each index holds a period's
  cases in date order with every column a statistics line reads (category,
  source or outcome, mediation type, refusal, organisations, mediator; for
  the timeliness figures the deadline and the day received), so a year of
  a million-case base is read from the index alone instead of from
  300,000 scattered table rows.
- ``ix_agreements_report``: the agreement form and performance state of
  each case, read with the case from the index.
- ``ix_cases_supervised_status``: the dashboard's list of supervised cases
  (挂牌督办) still open is a few hundred rows among a million; counted from
  the index alone.
- ``ix_cases_status_deadline``: the due-soon, overdue and red-risk lists
  ask for cases still being mediated (a few per cent of all) by deadline;
  with the status first, the planner no longer walks the deadline index
  through a million closed cases, whatever ``ANALYZE`` says about status.
- ``ix_obligations_status_due``: the missed-instalment list starts from the
  unperformed obligations already due, which this index holds in order,
  with the agreement each belongs to, so the table itself is not read.

Only indexes: nothing is rewritten, and the upgrade of a million-case base
takes as long as building them.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 12:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

INDEXES: tuple[tuple[str, str, list[str]], ...] = (
    ("ix_cases_report_received", "cases",
     ["received_at", "refusal_reason", "source", "category", "mediation_type",
      "current_organisation_id", "organisation_id", "lead_mediator_id"]),
    ("ix_cases_report_closed", "cases",
     ["closed_on", "outcome", "refusal_reason", "category", "mediation_type",
      "current_organisation_id", "organisation_id", "lead_mediator_id", "deadline",
      "received_at"]),
    ("ix_agreements_report", "agreements", ["case_id", "form", "performance_status"]),
    ("ix_cases_supervised_status", "cases", ["supervised", "status"]),
    ("ix_cases_status_deadline", "cases", ["status", "deadline"]),
    ("ix_obligations_status_due", "obligations", ["status", "due_date", "agreement_id"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
