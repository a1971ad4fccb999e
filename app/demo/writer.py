"""Writing the generated rows: buffered executemany batches, bulk settings, id sequences.

Converting each row through SQLAlchemy's types took longer than the insert
itself, so the big tables are written as plain tuples with the driver's
``executemany`` in batches, all in the one transaction of the run, parents
before children, together with each batch's search entries (app.store.search).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Table, text

from app.store import models as m
from app.store import search

Row = tuple[Any, ...]
"""One row of a big table, its values in the order of BIG_TABLES."""

BIG_TABLES: dict[str, tuple[str, ...]] = {
    "parties": ("id", "kind", "name", "name_initials", "id_type", "id_number", "gender",
                "birth_date", "ethnicity", "phone", "address", "occupation", "credit_code",
                "legal_representative", "version", "created_at"),
    "cases": ("id", "number", "year", "seq", "source", "category", "facts", "claims", "amount",
              "people_involved", "region_id", "risk", "received_at", "deadline", "status",
              "organisation_id", "current_organisation_id", "mediation_type", "lead_mediator_id",
              "registered_by", "outcome", "outcome_reason", "resolution_level", "refusal_reason",
              "supervised", "police_called", "injuries", "blockade", "group_petition",
              "escalated_to_police", "closed_on", "closing_summary", "archive_number",
              "archive_location", "file_quality", "guidance", "archived_on", "version",
              "created_at"),
    "case_preventions": ("id", "case_id", "kind", "people", "version"),
    "deadline_extensions": ("id", "case_id", "old_deadline", "new_deadline", "reason",
                            "requested_by", "approved_by", "version", "created_at"),
    "case_parties": ("id", "case_id", "party_id", "role", "ordinal", "represents_id", "relation",
                     "version"),
    "case_mediators": ("id", "case_id", "mediator_id", "organisation_id", "is_lead", "status",
                       "objection", "objection_decision", "version"),
    "mediator_relations": ("id", "mediator_id", "party_id", "relation", "version"),
    "referrals": ("id", "case_id", "kind", "from_organisation_id", "to_organisation_id",
                  "external_party", "mediation_type", "reason", "referred_by", "referred_at",
                  "status", "decided_by", "decided_at", "version"),
    "mediation_sessions": ("id", "case_id", "held_at", "place", "mediators", "recorder",
                           "attendees", "invited", "record", "proposals", "next_step",
                           "rights_read", "recusal_asked", "sides_confirmed", "private_session",
                           "version"),
    "agreements": ("id", "case_id", "form", "number", "facts", "disputed_matters",
                   "responsibilities", "terms", "copies", "signed_on", "effective_on",
                   "performance_status", "version"),
    "obligations": ("id", "agreement_id", "ordinal", "debtor_party_id", "creditor_party_id",
                    "kind", "amount", "description", "due_date", "manner", "performed_amount",
                    "performed_on", "status", "version"),
    "judicial_confirmations": ("id", "agreement_id", "court", "applied_on", "result",
                               "ruling_number", "decided_on", "version"),
    "followups": ("id", "case_id", "scheduled_on", "visited_on", "visitor", "method",
                  "performance", "satisfaction_fairness", "satisfaction_attitude",
                  "satisfaction_result", "notes", "version"),
    "performance_records": ("id", "obligation_id", "on_date", "amount", "note", "recorded_by",
                            "version"),
}
"""The tables of a million-case run: each one's columns, parents before children."""
SMALL_TABLES = ("regions", "organisations", "mediators", "users", "roster_members", "meetings",
                "meeting_attendees", "meeting_items", "meeting_item_progress",
                "case_number_counters")
"""Tables written with ordinary inserts: a few thousand rows at most."""


@contextmanager
def sqlite_bulk_settings(conn: Connection) -> Iterator[None]:
    """SQLite, for this run only: a big page cache and no foreign-key lookup per row.

    Index pages then stay in memory, and a third of the insert time goes.  The generator
    links only rows it wrote itself (the tests run ``foreign_key_check``).  The pragma has
    no effect inside a transaction, so it is set on the driver connection before BEGIN.
    """
    if conn.dialect.name != "sqlite":
        yield
        return
    raw = conn.connection.dbapi_connection
    assert raw is not None
    cache = raw.execute("PRAGMA cache_size").fetchone()[0]
    raw.execute("PRAGMA foreign_keys=OFF")
    raw.execute("PRAGMA cache_size=-262144")
    try:
        yield
    finally:
        raw.execute("PRAGMA foreign_keys=ON")
        raw.execute(f"PRAGMA cache_size={int(cache)}")


def reset_sequences(conn: Connection, tables: Iterable[str]) -> None:
    """PostgreSQL: move each id sequence past the ids written here, so later inserts fit."""
    if conn.dialect.name != "postgresql":
        return
    for table in tables:
        conn.execute(
            text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), MAX(id)) FROM {table}")
        )


class Writer:
    """Row buffers of the big tables and one executemany per table and batch."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        mark = "?" if conn.dialect.name == "sqlite" else "%s"
        self.rows: dict[str, list[Row]] = {name: [] for name in BIG_TABLES}
        self.docs: dict[search.Kind, list[search.SearchDoc]] = {"case": [], "party": []}
        self.counts: dict[str, int] = dict.fromkeys(BIG_TABLES, 0)
        self._sql = {}
        for name, columns in BIG_TABLES.items():
            table = orm_table(name)
            missing = [c for c in columns if c not in table.c]
            assert not missing, f"{name} has no columns {missing}"
            self._sql[name] = (
                f"INSERT INTO {name} ({', '.join(columns)}) "
                f"VALUES ({', '.join([mark] * len(columns))})"
            )

    def flush(self) -> None:
        """Write what the buffers hold, parents before children, then the search entries."""
        for name, rows in self.rows.items():
            if rows:
                self.conn.exec_driver_sql(self._sql[name], rows)
                self.counts[name] += len(rows)
                rows.clear()
        for kind, docs in self.docs.items():
            search.bulk_load(self.conn, kind, docs)
            docs.clear()


def orm_table(name: str) -> Table:
    """The ORM's table ``name``, for the small tables' inserts and the column check."""
    return m.Base.metadata.tables[name]

