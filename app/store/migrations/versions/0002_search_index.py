"""Search index for cases and parties; audit entries indexed by record.

SQLite: FTS5 tables — a trigram table for substrings of three or more
characters and a term table (one- and two-character pieces of names, pinyin
initials).  PostgreSQL: the same two kinds of index as a pg_trgm GIN index
over the text and a GIN index over a text[] of terms.  All tables are named
``search_*`` and live outside the ORM metadata; app.store.search fills them.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

KINDS = ("case", "party")


def upgrade() -> None:
    op.create_index("ix_audit_entries_entity", "audit_entries", ["entity", "entity_id"])
    with op.batch_alter_table("parties") as batch:
        batch.drop_index("ix_parties_name_initials")
        batch.alter_column("name_initials", type_=sa.String(200), existing_type=sa.String(60))
    if op.get_bind().dialect.name == "sqlite":
        for kind in KINDS:
            op.execute(f"CREATE VIRTUAL TABLE search_{kind}_text USING fts5(body, "
                       "tokenize='trigram')")
            op.execute(f"CREATE VIRTUAL TABLE search_{kind}_terms USING fts5(terms, "
                       "tokenize='unicode61 remove_diacritics 0')")
    else:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for kind in KINDS:
            op.execute(f"CREATE TABLE search_{kind} (ref_id integer PRIMARY KEY, "
                       "body text NOT NULL, terms text[] NOT NULL)")
            op.execute(f"CREATE INDEX search_{kind}_body ON search_{kind} "
                       "USING gin (body gin_trgm_ops)")
            op.execute(f"CREATE INDEX search_{kind}_terms ON search_{kind} USING gin (terms)")
    _fill_initials_and_index()


def _fill_initials_and_index() -> None:
    """Index the cases a 0001 database already holds, so search finds them at once."""
    from app.domain.search_terms import initials_variants
    from app.store import search

    bind = op.get_bind()
    parties = sa.table("parties", sa.column("id", sa.Integer), sa.column("name", sa.String),
                       sa.column("name_initials", sa.String))
    missing = bind.execute(sa.select(parties.c.id, parties.c.name)
                           .where(parties.c.name_initials.is_(None))).all()
    if missing:
        bind.execute(parties.update().where(parties.c.id == sa.bindparam("pid"))
                     .values(name_initials=sa.bindparam("initials")),
                     [{"pid": pid, "initials": " ".join(initials_variants(name))[:200]}
                      for pid, name in missing])
    search.rebuild(bind)


def downgrade() -> None:
    op.drop_index("ix_audit_entries_entity", "audit_entries")
    if op.get_bind().dialect.name == "sqlite":
        for kind in KINDS:
            op.execute(f"DROP TABLE search_{kind}_text")
            op.execute(f"DROP TABLE search_{kind}_terms")
    else:
        for kind in KINDS:
            op.execute(f"DROP TABLE search_{kind}")
    with op.batch_alter_table("parties") as batch:
        batch.alter_column("name_initials", type_=sa.String(60), existing_type=sa.String(200))
        batch.create_index("ix_parties_name_initials", ["name_initials"])
