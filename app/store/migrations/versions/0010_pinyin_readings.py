"""Pinyin initials by every real reading: the term index rewritten for existing bases.

Names are now indexed with each character's readings in order of use, a
surname's reading as a surname first (单长乐 → scl), every reading of a long
name's characters, and characters outside the Basic Multilingual Plane
(王𠮷 → wj) — see app/domain/search_terms.py.  The term index of every case and
party is rewritten from the names (``search.rebuild_terms``); the substring
index, and every audited row, are left as they are.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 13:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from app.store import search

    search.rebuild_terms(op.get_bind())


def downgrade() -> None:
    """Nothing to undo: the older release searches the rewritten terms as they are."""
