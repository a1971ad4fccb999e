"""Gap-free case numbers per organisation and year, safe under concurrent intake.

One atomic upsert increments the counter row and returns the new value.  The
row stays locked until the intake transaction ends, so two clerks saving at
the same moment get consecutive numbers, and a rolled-back intake gives its
number back (no gaps).
"""

from __future__ import annotations

from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql, sqlite

from app.store.models import CaseNumberCounter


def next_case_seq(conn: Connection, organisation_id: int, year: int) -> int:
    """Take the next sequence number for (organisation, year)."""
    dialect_insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    statement = (
        dialect_insert(CaseNumberCounter)
        .values(organisation_id=organisation_id, year=year, last_seq=1, version=1)
        .on_conflict_do_update(
            index_elements=["organisation_id", "year"],
            set_={"last_seq": CaseNumberCounter.last_seq + 1,
                  "version": CaseNumberCounter.version + 1},
        )
        .returning(CaseNumberCounter.last_seq)
    )
    return int(conn.execute(statement).scalar_one())
