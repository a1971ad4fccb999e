"""Gap-free case numbers per organisation and year, safe under concurrent intake.

One atomic upsert increments the counter row and returns the new value.  The
row stays locked until the intake transaction ends, so two clerks saving at
the same moment get consecutive numbers, and a rolled-back intake gives its
number back (no gaps).

The upsert is a statement, not an object the session flushes, so the audit
entry for the counter is appended here, in the same transaction: a counter
moved outside the program is then found by ``tiaojie audit verify --deep``.
"""

from __future__ import annotations

from sqlalchemy import Connection

from app.store.audit_log import append_entries, audit_user
from app.store.models import CaseNumberCounter
from app.store.upsert import upsert

_ENTITY = CaseNumberCounter.__tablename__


def next_case_seq(conn: Connection, organisation_id: int, year: int) -> int:
    """Take the next sequence number for (organisation, year), audited as the session's user."""
    user = audit_user(conn)
    if user is None:
        raise RuntimeError("next_case_seq needs the connection of an audited write session")
    statement = (
        upsert(conn, CaseNumberCounter)
        .values(organisation_id=organisation_id, year=year, last_seq=1, version=1)
        .on_conflict_do_update(
            index_elements=["organisation_id", "year"],
            set_={"last_seq": CaseNumberCounter.last_seq + 1,
                  "version": CaseNumberCounter.version + 1},
        )
        .returning(CaseNumberCounter.id, CaseNumberCounter.last_seq, CaseNumberCounter.version)
    )
    row = conn.execute(statement).one()
    seq, version = int(row.last_seq), int(row.version)
    if version == 1:
        entry = {"action": "insert", "after": {
            "id": row.id, "organisation_id": organisation_id, "year": year, "last_seq": seq,
            "version": version}}
    else:
        entry = {"action": "update", "before": {"last_seq": seq - 1, "version": version - 1},
                 "after": {"last_seq": seq, "version": version}}
    append_entries(conn, user, [{"entity": _ENTITY, "entity_id": row.id, **entry}])
    return seq
