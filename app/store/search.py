"""Full-text search over cases and parties that stays fast at a million cases.

Two indexes per kind of record (see app.domain.search_terms for why):
a substring index over the record's text (number, names, ID numbers, phones,
facts) for queries of three or more characters, and a term index (one- and
two-character pieces of names, pinyin initials) for shorter queries.
SQLite uses FTS5 (trigram + unicode61); PostgreSQL uses pg_trgm and a GIN
index over a text array.  Results come newest record first (highest id).

A name's terms are worked out from the name itself (app.domain.search_terms),
not from the initials stored beside it, so when the rules for readings improve
:func:`rebuild_terms` brings an existing base's index up to date without
touching an audited row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from sqlalchemy import Connection, Integer, TextualSelect, bindparam, column, select, text
from sqlalchemy.types import Text

from app.domain.search_terms import (
    QueryKind,
    classify,
    initials_variants,
    is_initials,
    name_terms,
    normalise_query,
    whole_number,
)
from app.store.models import Case, CaseParty, Party

Kind = Literal["case", "party"]
KINDS: tuple[Kind, ...] = ("case", "party")
BATCH = 5000
SEPARATOR = " ¦ "


def include_name(name: str | None, type_: str, _parent: object) -> bool:
    """Alembic filter: the search_* tables are managed by hand, not by autogenerate."""
    return not (type_ == "table" and name is not None and name.startswith("search_"))


@dataclass(frozen=True)
class SearchDoc:
    """What the index holds for one case or party."""

    ref_id: int
    body: str
    terms: frozenset[str]


def _text_array(name: str) -> Any:
    """A PostgreSQL ``text[]`` parameter (the dialect is imported only on PostgreSQL)."""
    from sqlalchemy.dialects.postgresql import ARRAY

    return bindparam(name, type_=ARRAY(Text))


def _sqlite(conn: Connection) -> bool:
    return conn.dialect.name == "sqlite"


def delete(conn: Connection, kind: Kind, ids: Iterable[int]) -> None:
    """Remove records from the index (before re-adding them, or when merged away)."""
    params = [{"id": i} for i in ids]
    if not params:
        return
    if _sqlite(conn):
        conn.execute(text(f"DELETE FROM search_{kind}_text WHERE rowid = :id"), params)
        conn.execute(text(f"DELETE FROM search_{kind}_terms WHERE rowid = :id"), params)
    else:
        conn.execute(text(f"DELETE FROM search_{kind} WHERE ref_id = :id"), params)


def upsert(conn: Connection, kind: Kind, docs: list[SearchDoc]) -> None:
    """Add or replace records in the index."""
    delete(conn, kind, [d.ref_id for d in docs])
    _insert(conn, kind, docs)


def bulk_load(conn: Connection, kind: Kind, docs: list[SearchDoc]) -> None:
    """Add records that are certainly not indexed yet (bulk loads): no delete first."""
    _insert(conn, kind, docs)


def bulk_load_joined(conn: Connection, kind: Kind, rows: list[tuple[int, str, str]]) -> None:
    """:func:`bulk_load` of (id, body, terms) whose terms are already sorted and joined by
    spaces, as a ledger import's checking process works them out (no set per record here)."""
    if rows and _sqlite(conn):
        conn.exec_driver_sql(f"INSERT INTO search_{kind}_text(rowid, body) VALUES (?, ?)",
                             [(ref_id, body) for ref_id, body, _terms in rows])
        conn.exec_driver_sql(f"INSERT INTO search_{kind}_terms(rowid, terms) VALUES (?, ?)",
                             [(ref_id, terms) for ref_id, _body, terms in rows])
        return
    _insert(conn, kind, [SearchDoc(i, body, frozenset(terms.split())) for i, body, terms in rows])


FTS5_AUTOMERGE = 4
"""FTS5's own default for how many segments of one level are merged into the next."""


def fts_automerge(conn: Connection) -> dict[str, int | None]:
    """SQLite: each FTS5 index's own ``automerge`` setting (None: FTS5's default)."""
    found: dict[str, int | None] = {}
    for kind in KINDS:
        for part in ("text", "terms"):
            table = f"search_{kind}_{part}"
            found[table] = conn.exec_driver_sql(
                f"SELECT v FROM {table}_config WHERE k = 'automerge'").scalar()
    return found


def set_fts_automerge(conn: Connection, settings: dict[str, int | None]) -> None:
    """Set the FTS5 indexes' ``automerge`` (None: back to FTS5's default, no setting stored).

    A bulk load merges less often (16 segments a level instead of 4): a
    100,000-case import's entries went in at 20 µs a case instead of 33.
    """
    for table, value in settings.items():
        conn.exec_driver_sql(f"INSERT INTO {table}({table}, rank) VALUES ('automerge', ?)",
                             (FTS5_AUTOMERGE if value is None else int(value),))
        if value is None:
            conn.exec_driver_sql(f"DELETE FROM {table}_config WHERE k = 'automerge'")


def _insert(conn: Connection, kind: Kind, docs: list[SearchDoc]) -> None:
    if not docs:
        return
    if _sqlite(conn):
        conn.exec_driver_sql(f"INSERT INTO search_{kind}_text(rowid, body) VALUES (?, ?)",
                             [(d.ref_id, d.body) for d in docs])
        conn.exec_driver_sql(f"INSERT INTO search_{kind}_terms(rowid, terms) VALUES (?, ?)",
                             [(d.ref_id, " ".join(sorted(d.terms))) for d in docs])
        return
    statement = text(
        f"INSERT INTO search_{kind}(ref_id, body, terms) VALUES (:id, :body, :terms)"
    ).bindparams(_text_array("terms"))
    conn.execute(statement, [{"id": d.ref_id, "body": d.body, "terms": sorted(d.terms)}
                             for d in docs])


def clear(conn: Connection, kind: Kind) -> None:
    """Empty one index (before a full rebuild)."""
    if _sqlite(conn):
        conn.execute(text(f"DELETE FROM search_{kind}_text"))
        conn.execute(text(f"DELETE FROM search_{kind}_terms"))
    else:
        conn.execute(text(f"TRUNCATE search_{kind}"))


def _fts_phrase(query: str) -> str:
    return '"' + query.replace('"', '""') + '"'


def _like_pattern(query: str) -> str:
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def matching(dialect: str, kind: Kind, query: str) -> TextualSelect | None:
    """A SELECT of the ids matching ``query`` (None for an empty query), for ``IN (...)``."""
    q = normalise_query(query)
    if not q:
        return None
    # A whole phone number as people write it (0574 8765 4321) is looked up as stored.
    q = (whole_number(q) or q).lower()
    by_term = classify(q) is QueryKind.TERM or is_initials(q)
    by_text = classify(q) is QueryKind.SUBSTRING
    if dialect == "sqlite":
        parts = []
        if by_text:
            parts.append(f"SELECT rowid AS id FROM search_{kind}_text "
                         f"WHERE search_{kind}_text MATCH :q")
        if by_term:
            parts.append(f"SELECT rowid AS id FROM search_{kind}_terms "
                         f"WHERE search_{kind}_terms MATCH :q")
        return text(" UNION ".join(parts)).bindparams(q=_fts_phrase(q)).columns(
            column("id", Integer))
    conditions: list[str] = []
    params: dict[str, object] = {}
    if by_text:
        conditions.append("body ILIKE :pattern")
        params["pattern"] = _like_pattern(q)
    if by_term:
        conditions.append("terms @> :term")
        params["term"] = [q]
    statement = text(f"SELECT ref_id AS id FROM search_{kind} WHERE {' OR '.join(conditions)}")
    if by_term:
        statement = statement.bindparams(_text_array("term"))
    return statement.bindparams(**params).columns(column("id", Integer))


def find(conn: Connection, kind: Kind, query: str, limit: int = 200) -> list[int]:
    """Ids of records matching ``query``, newest first; empty for an empty query."""
    ids = matching(conn.dialect.name, kind, query)
    if ids is None:
        return []
    sub = ids.subquery()
    rows = conn.execute(select(sub.c.id).order_by(sub.c.id.desc()).limit(max(limit, 0)))
    return [int(r[0]) for r in rows]


@lru_cache(maxsize=1 << 16)
def person_terms(name: str) -> frozenset[str]:
    """The index terms of one party's name: its characters, pairs and pinyin initials.

    Remembered for the most recent names: a rebuild meets the same names again and again.
    """
    return frozenset(name_terms(name, initials_variants(name)))


def case_docs(conn: Connection, case_ids: list[int]) -> list[SearchDoc]:
    """Index records for these cases, built from the case and all its parties."""
    if not case_ids:
        return []
    cases = conn.execute(
        select(Case.id, Case.number, Case.facts, Case.claims).where(Case.id.in_(case_ids))
    ).all()
    people = conn.execute(
        select(CaseParty.case_id, Party.name, Party.id_number, Party.phone, Party.credit_code)
        .join(Party, Party.id == CaseParty.party_id)
        .where(CaseParty.case_id.in_(case_ids))
    ).all()
    texts: dict[int, list[str]] = {}
    terms: dict[int, set[str]] = {}
    for case_id, name, id_number, phone, credit_code in people:
        texts.setdefault(case_id, []).extend(v for v in (name, id_number, phone, credit_code) if v)
        terms.setdefault(case_id, set()).update(person_terms(name))
    return [
        SearchDoc(
            c.id,
            SEPARATOR.join([c.number, *texts.get(c.id, []), c.facts or "", c.claims or ""]),
            frozenset(terms.get(c.id, set())),
        )
        for c in cases
    ]


def party_docs(conn: Connection, party_ids: list[int]) -> list[SearchDoc]:
    """Index records for these parties (merged-away records are left out)."""
    if not party_ids:
        return []
    rows = conn.execute(
        select(Party.id, Party.name, Party.id_number, Party.phone, Party.credit_code,
               Party.address)
        .where(Party.id.in_(party_ids), Party.merged_into_id.is_(None))
    ).all()
    return [
        SearchDoc(
            r.id,
            SEPARATOR.join(v for v in (r.name, r.id_number, r.phone, r.credit_code, r.address)
                           if v),
            person_terms(r.name),
        )
        for r in rows
    ]


def reindex(conn: Connection, kind: Kind, ids: list[int]) -> None:
    """Bring the index up to date for these records after they changed."""
    delete(conn, kind, ids)
    _insert(conn, kind, case_docs(conn, ids) if kind == "case" else party_docs(conn, ids))


def rebuild(conn: Connection) -> None:
    """Rebuild both indexes from the tables (after bulk loads and imports)."""
    for kind in KINDS:
        clear(conn, kind)
        table = Case if kind == "case" else Party
        last = 0
        while True:
            ids = list(conn.execute(
                select(table.id).where(table.id > last).order_by(table.id).limit(BATCH)
            ).scalars())
            if not ids:
                break
            _insert(conn, kind, case_docs(conn, ids) if kind == "case" else party_docs(conn, ids))
            last = ids[-1]


def _terms_of(conn: Connection, kind: Kind, ids: list[int]) -> dict[int, set[str]]:
    """The terms of these records: a party's from its name, a case's from its parties'."""
    if kind == "party":
        rows = conn.execute(select(Party.id, Party.name)
                            .where(Party.id.in_(ids), Party.merged_into_id.is_(None))).all()
    else:
        rows = conn.execute(select(CaseParty.case_id, Party.name)
                            .join(Party, Party.id == CaseParty.party_id)
                            .where(CaseParty.case_id.in_(ids))).all()
    terms: dict[int, set[str]] = {}
    for ref_id, name in rows:
        terms.setdefault(ref_id, set()).update(person_terms(name))
    return terms


def rebuild_terms(conn: Connection) -> None:
    """Rewrite the term index of every case and party (after the reading rules changed).

    The substring index is left as it is; only terms are recomputed, in
    batches, one transaction with the caller's.
    """
    for kind in KINDS:
        key, table = (("rowid", f"search_{kind}_terms") if _sqlite(conn)
                      else ("ref_id", f"search_{kind}"))
        batch = text(f"SELECT {key} FROM {table} WHERE {key} > :last ORDER BY {key} LIMIT :n")
        last = 0
        while True:
            ids = [int(i) for i in conn.execute(batch, {"last": last, "n": BATCH}).scalars()]
            if not ids:
                break
            terms = _terms_of(conn, kind, ids)
            ordered = {i: sorted(terms.get(i, ())) for i in ids}
            if _sqlite(conn):
                conn.exec_driver_sql(f"DELETE FROM search_{kind}_terms WHERE rowid = ?",
                                     [(i,) for i in ids])
                conn.exec_driver_sql(f"INSERT INTO search_{kind}_terms(rowid, terms) VALUES (?, ?)",
                                     [(i, " ".join(t)) for i, t in ordered.items()])
            else:
                conn.execute(text(f"UPDATE search_{kind} SET terms = :terms WHERE ref_id = :id")
                             .bindparams(_text_array("terms")),
                             [{"id": i, "terms": t} for i, t in ordered.items()])
            last = ids[-1]
