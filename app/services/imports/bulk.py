"""SQLite: an import's rows written without per-row triggers, and a big one without indexes.

Four kinds of triggers fire on every row an import writes, each costing
more than the insert itself: 0011's ``tr_obligations_figures_insert`` sums
the agreement's money (and through 0012's update trigger rewrites the case
twice more), 0012's ``tr_agreements_case_insert`` copies the agreement onto
its case, 0013's ``tr_cases_report_months_*`` bump the report cache's month
versions once per case, and 0014's ``*_owed_*`` recompute the ``owed_due``
of each new case's and agreement's obligations (35 µs a case, measured,
with nothing to recompute yet).  Inside the import's one transaction
(SQLite DDL is transactional, and the import holds the write lock) those
triggers are dropped, the rows go in, and what the triggers would have done
is done once for the batch, set-based over the batch's ids: each new
agreement's money total from its obligations (0011's sum), each case's copy
of its agreement (0012's copy), each new obligation's ``owed_due`` (0014),
and the report months of the new cases forgotten
(app/store/report_months.py, what 0013 asks of writers that bypass its
triggers).  Then every dropped trigger is created again from the text
sqlite_master held for it, so the schema after the import is the schema
before, byte for byte.  A refused or cancelled import rolls the drops back
with the rows.  Only triggers whose work is redone here are dropped
(:data:`REDONE`); any other trigger on these tables keeps firing, so a
trigger added later is never silently skipped (tests/services/
test_import_bulk.py fails until it is listed in REDONE or in FIRING).

A big import also drops the tables' secondary indexes (not the unique
ones: they must refuse a duplicate as the row goes in, and the import's
``global_id`` values grow at one end of theirs) and builds each once after
the load, sorting the whole table once instead of placing a hundred thousand
entries one at a time in indexes that outgrow the page cache.  Rebuilding
costs the whole table, old rows too, so it pays only when the import adds
a good share of the rows the tables hold: :func:`rebuild_indexes` says when,
as measured.  The indexes the import reads the registry by stay
(:data:`LOOKED_UP`), unless the registry is empty (then nothing is looked
up).  Indexes on a foreign key between those tables go too while no trigger
on them fires (see :func:`_child_keys` for when they must stay).
The search index (FTS5) merges its segments less often meanwhile
(:data:`BULK_AUTOMERGE`), whatever the import's size, and gets its own
setting back at the end.

PostgreSQL keeps its triggers and indexes: disabling a trigger there locks
the table against every reader for the whole import.

Binding the values is the dearest part of writing a row on SQLite (a
32-column case row: 7–10 µs bound, 3–3.4 with its constant columns
written into the statement, measured on its own), and the writer thread holds the
GIL while it binds.  Many columns hold one value for a whole chunk (the
version, the time of the import, the organisation, the batch, the flags,
every empty column), so :func:`insert_rows` writes such a column's value
into the statement once, as an SQL literal, and binds only the others
(when they are at least half the columns: finding them costs a pass over
every value, 0.07 µs each, and an inlined column saves about 0.18).
Only values whose literal stores exactly what binding stores are inlined:
None, integers and text (floats, whose decimal literal SQLite might round
differently, are always bound).  Each row is still one single-row INSERT:
an INSERT of many rows (``VALUES (…), (…)``) counts as a multi-row write,
and SQLite then checks every new parent row's children (see
:func:`_child_keys`): parties went from 6 to 20–24 µs a ledger row that way,
measured.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from app.store import search
from app.store.report_months import forget_report_months

FILLED = ("parties", "cases", "case_parties", "agreements", "obligations")
"""The tables an import writes (app/services/imports/writer.py TABLES)."""
REDONE: dict[str, str] = {
    "tr_obligations_figures_insert": "figures",
    "tr_obligations_figures_update": "figures",
    "tr_obligations_figures_delete": "figures",
    "tr_agreements_case_insert": "figures",
    "tr_agreements_case_update": "figures",
    "tr_agreements_case_delete": "figures",
    "tr_cases_report_months_insert": "months",
    "tr_cases_report_months_update": "months",
    "tr_cases_report_months_delete": "months",
    "tr_obligations_owed_insert": "owed",
    "tr_obligations_owed_update": "owed",
    "tr_cases_owed_insert": "owed",
    "tr_cases_owed_update": "owed",
    "tr_agreements_owed_insert": "owed",
    "tr_agreements_owed_update": "owed",
    "tr_agreements_owed_delete": "owed",
}
"""Trigger → the set-based work that replaces it for an import's rows.  Update and delete
triggers go too: the set-based updates below would fire them once per row, and the 0013
months of the cases the 0012 copy touches are forgotten anyway."""
FIRING: frozenset[str] = frozenset()
"""Triggers left to fire on the import's rows (none: each trigger that ran an UPDATE per row
cost 10–35 µs a row even when it changed nothing, as 0014's ``owed_due`` keepers did)."""
LOOKED_UP = frozenset({("parties", "id_number"), ("parties", "credit_code"),
                       ("parties", "phone")})
"""Columns the import itself looks the registry up by while it writes (parties.py
``PartyResolver.prefetch``): their indexes stay, or each chunk's look-up would read the whole
parties table.  An import into an empty registry looks nothing up (``registry_empty``, the
same test as :func:`_registry_empty`), so they go too (with the foreign-key indexes of
:func:`_child_keys`: 5–7 µs a ledger row less, rebuilding included, measured)."""
BULK_AUTOMERGE = 16
"""FTS5 segments merged at once while an import loads the search index (default 4): a
20,000-row import into 100,000 cases loaded it at 31 µs a row instead of 59, 100,000 rows into
an empty base at 20 instead of 33 (measured)."""
REBUILD_FROM = 0.25
"""Rebuild the indexes when the ledger's rows are at least this share of the cases there."""

MONEY_TOTALS = (
    "UPDATE agreements SET money_total = s.total FROM ("
    "SELECT agreement_id, COALESCE(SUM(CASE WHEN kind = 'money' THEN amount END), 0) AS total "
    "FROM obligations WHERE id >= ? GROUP BY agreement_id) AS s "
    "WHERE agreements.id = s.agreement_id")
"""0011's ``tr_obligations_figures_insert`` for every obligation from id ? on: the agreement's
money total, the sum of its money obligations (all of them: they are all the import's)."""
CASE_COPIES = (
    "UPDATE cases SET agreement_form = a.form, agreement_performance = a.performance_status, "
    "agreement_money = a.money_total, agreement_court_applied = a.court_applied, "
    "agreement_court_confirmed = a.court_confirmed, agreement_court_rejected = a.court_rejected "
    "FROM agreements AS a WHERE a.case_id = cases.id AND a.id >= ?")
"""0012's ``tr_agreements_case_insert`` for every agreement from id ? on (after the money
totals, as its update trigger would have copied them)."""
OWED_DUE = (
    "UPDATE obligations SET owed_due = CASE WHEN status IN ('pending', 'partial') AND EXISTS ("
    "SELECT 1 FROM agreements AS a JOIN cases AS c ON c.id = a.case_id "
    "WHERE a.id = obligations.agreement_id "
    "AND c.status IN ('agreed', 'performing', 'followed_up')) THEN due_date END "
    "WHERE id >= ? AND (due_date IS NOT NULL OR owed_due IS NOT NULL)")
"""0014's ``owed_due`` keepers for every obligation from id ? on: its due date while it is owed
and its case is being performed (the import's obligations are all its agreements have, and
its cases and agreements are written before their obligations).  An obligation without a due
date stays owed_due NULL, so it is not rewritten (a ledger gives none: 1.5 µs a row)."""
CASE_MONTHS = (
    "SELECT DISTINCT CAST(substr(day, 1, 4) || substr(day, 6, 2) AS INTEGER) FROM ("
    "SELECT received_at AS day FROM cases WHERE id >= ? "
    "UNION ALL SELECT closed_on FROM cases WHERE id >= ?) WHERE day IS NOT NULL")
"""The ``yyyymm`` of every received and closed day of the cases from id ? on, as 0013's
insert trigger works them out."""


def insert_rows(conn: Connection, table: str, columns: Sequence[str],
                rows: Sequence[Sequence[Any]]) -> None:
    """SQLite: insert ``rows`` (values in ``columns`` order), binding only the values that
    differ between them; a value every row shares is written into the statement once."""
    if not rows:
        return
    first, last = rows[0], rows[-1]
    alike = sum(a == b and _literal(a) is not None for a, b in zip(first, last, strict=True))
    head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
    if 2 * alike < len(first):  # too few shared values to pay for a look at every value
        conn.exec_driver_sql(head + "(" + ", ".join("?" * len(columns)) + ")", rows)
        return
    values = list(zip(*rows, strict=True))
    shared = {i: literal for i, column in enumerate(values)
              if (literal := _shared(column)) is not None}
    bound = [column for i, column in enumerate(values) if i not in shared]
    conn.exec_driver_sql(head + "(" + ", ".join(shared.get(i, "?") for i in range(len(columns)))
                         + ")", list(zip(*bound, strict=True)) if bound else [()] * len(rows))


def _shared(column: tuple[Any, ...]) -> str | None:
    """The literal of the value every row has in ``column``; None if they differ."""
    first = column[0]
    literal = _literal(first)
    if literal is None or column.count(first) != len(column):
        return None
    if type(first) in (int, bool) and len(set(map(type, column))) > 1:
        return None  # 1 == True: equal, but not stored alike everywhere
    return literal


def _literal(value: Any) -> str | None:
    """``value`` as an SQL literal that stores what binding it stores; None if there is none."""
    if value is None:
        return "NULL"
    if type(value) is bool:
        return str(int(value))
    if type(value) is int and -2**62 < value < 2**62:
        return str(value)
    if type(value) is str and "\0" not in value and len(value) <= 200:
        return "'" + value.replace("'", "''") + "'"
    return None


def rebuild_indexes(ledger_rows: int, cases_there: int) -> bool:
    """Whether dropping the indexes and building them after the load pays.

    Building an index sorts the whole table, so its cost grows with the
    rows already there; keeping it costs each new row a placement that
    grows dearer once the index outgrows the page cache.  Measured with
    20,000 ledger rows (SQLite CPU of writing, dropping and rebuilding):
    into 20,000 cases 3.1 s rebuilt against 4.7 s kept, into 100,000 cases
    5.1 s against 4.9 s, so they break even at about one new case for five
    there.  A quarter is the rule: a committee's first import of its back
    years rebuilds, a monthly top-up does not.
    """
    return ledger_rows >= REBUILD_FROM * cases_there


@dataclass
class QuietWrite:
    """The triggers (and indexes) dropped for one import, to be redone and created again."""

    conn: Connection
    indexes: bool
    first: dict[str, int]
    triggers: list[tuple[str, str]] = field(default_factory=list)
    dropped_indexes: list[tuple[str, str]] = field(default_factory=list)
    automerge: dict[str, int | None] = field(default_factory=dict)

    def start(self) -> None:
        """Drop the triggers redone here and (``indexes``) the secondary indexes."""
        for name, sql in _schema(self.conn, "trigger"):
            if name in REDONE:
                self.triggers.append((name, sql))
        if self.indexes:
            keep = set() if _registry_empty(self.conn) else set(LOOKED_UP)
            if _still_firing(self.conn):
                keep |= _child_keys(self.conn)
            self.dropped_indexes = [
                (name, sql) for name, sql in _schema(self.conn, "index")
                if not sql.lstrip().upper().startswith("CREATE UNIQUE")
                and _first_column(self.conn, name) not in keep]
        for name, _sql in self.triggers:
            self.conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
        for name, _sql in self.dropped_indexes:
            self.conn.exec_driver_sql(f'DROP INDEX "{name}"')
        self.automerge = search.fts_automerge(self.conn)
        search.set_fts_automerge(self.conn, dict.fromkeys(self.automerge, BULK_AUTOMERGE))

    def finish(self) -> None:
        """Do the dropped triggers' work for the import's rows, then create all of it again."""
        effects = {REDONE[name] for name, _sql in self.triggers}
        if "figures" in effects:
            self.conn.exec_driver_sql(MONEY_TOTALS, (self.first["obligations"],))
            self.conn.exec_driver_sql(CASE_COPIES, (self.first["agreements"],))
        if "owed" in effects:
            self.conn.exec_driver_sql(OWED_DUE, (self.first["obligations"],))
        if "months" in effects:
            first_case = self.first["cases"]
            months = self.conn.exec_driver_sql(CASE_MONTHS, (first_case, first_case)).scalars()
            forget_report_months(self.conn, [int(m) for m in months])
        for _name, sql in self.dropped_indexes:
            self.conn.exec_driver_sql(sql)
        for _name, sql in self.triggers:
            self.conn.exec_driver_sql(sql)
        search.set_fts_automerge(self.conn, self.automerge)
        self.triggers, self.dropped_indexes, self.automerge = [], [], {}


def quiet_write(conn: Connection, ledger_rows: int, first: dict[str, int]) -> QuietWrite | None:
    """The quiet write for an import of ``ledger_rows`` rows whose ids start at ``first``
    (per table); None on PostgreSQL.  Call :meth:`QuietWrite.start` before the first row."""
    if conn.dialect.name != "sqlite":
        return None
    cases_there = int(conn.exec_driver_sql("SELECT count(*) FROM cases").scalar_one())
    return QuietWrite(conn, rebuild_indexes(ledger_rows, cases_there), dict(first))


def _registry_empty(conn: Connection) -> bool:
    """No party in the registry: the import looks none up (engine.py's ``no_parties``)."""
    return not conn.exec_driver_sql("SELECT EXISTS (SELECT 1 FROM parties)").scalar()


def _still_firing(conn: Connection) -> bool:
    """Whether a trigger on the filled tables stays while the import writes (not in REDONE)."""
    return any(name not in REDONE for name, _sql in _schema(conn, "trigger"))


def _child_keys(conn: Connection) -> set[tuple[str, str]]:
    """(table, column) of each foreign key between the tables an import fills.

    While a table has a trigger, SQLite counts each INSERT as one that may
    write several rows, and then checks a new parent row's children by
    these columns: without their indexes each case inserted read the whole
    of ``case_parties`` (measured: 0.5–2 ms a row).  A single-row INSERT
    into a table without triggers checks no children (a new parent cannot
    break an immediate foreign key), so with every trigger dropped those
    indexes go and are rebuilt with the rest.
    """
    keys: set[tuple[str, str]] = set()
    for table in FILLED:
        for fk in conn.exec_driver_sql(f'PRAGMA foreign_key_list("{table}")'):
            if fk[2] in FILLED:
                keys.add((table, str(fk[3])))
    return keys


def _first_column(conn: Connection, index: str) -> tuple[str, str]:
    """(table, first column) of an index."""
    table = conn.exec_driver_sql("SELECT tbl_name FROM sqlite_master WHERE name = ?",
                                 (index,)).scalar_one()
    first = conn.exec_driver_sql(f'PRAGMA index_info("{index}")').first()
    return str(table), str(first[2]) if first is not None else ""


def _schema(conn: Connection, kind: str) -> list[tuple[str, str]]:
    """Name and SQL of the triggers or explicit indexes on the tables an import fills."""
    marks = ", ".join("?" * len(FILLED))
    rows = conn.exec_driver_sql(
        f"SELECT name, sql FROM sqlite_master WHERE type = ? AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks}) ORDER BY name", (kind, *FILLED)).all()
    return [(str(name), str(sql)) for name, sql in rows]
