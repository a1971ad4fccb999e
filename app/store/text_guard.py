"""The last line of defence for text: nothing unprintable is written, on either database.

Each use case checks its own text inputs where they enter (the intake parser,
the forms' services), naming the field the user filled in.  This listener
checks every text value an ORM flush is about to write, with the same rule
(app.domain.text_rules), so a path that forgot — an import, a future form —
still cannot store NUL (silently kept by SQLite, refused by PostgreSQL), a
lone surrogate or a terminal escape.  Names and addresses get the strict
rule; other columns allow the line breaks and tabs of free text.  Only values
this flush sets are checked: a row written by an earlier release stays
editable.  Statements that bypass the ORM (the demo generator, the audit
trail's own rows) write values the program made itself.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Mapper, Session, UOWTransaction

from app.domain.errors import ValidationError
from app.domain.text_rules import TextKind, text_problem

IDENTITY_COLUMNS = frozenset({"name", "address", "legal_representative", "raised_by",
                              "display_name", "short_name", "court_name", "host", "recorder"})
"""Columns naming a person, organisation or place: one line, no bidirectional overrides."""


@cache
def _text_columns(mapper: Mapper[Any]) -> tuple[tuple[str, TextKind], ...]:
    """The mapped attributes of ``mapper`` that hold text, with the rule each follows."""
    found = []
    for attr in mapper.column_attrs:
        column = attr.columns[0]
        if isinstance(column.type, String):
            identity = attr.key in IDENTITY_COLUMNS or attr.key.endswith("address")
            found.append((attr.key, TextKind.IDENTITY if identity else TextKind.BLOCK))
    return tuple(found)


def _check(obj: Any, *, new: bool) -> None:
    state = inspect(obj)
    changed = state.dict if new else state.committed_state
    for key, kind in _text_columns(state.mapper):
        if key not in changed:
            continue
        value = state.dict.get(key)
        if isinstance(value, str):
            problem = text_problem(value, kind)
            if problem is not None:
                raise ValidationError(problem, key)


def _before_flush(session: Session, _context: UOWTransaction, _instances: Any) -> None:
    for obj in session.new:
        _check(obj, new=True)
    for obj in session.dirty:
        _check(obj, new=False)


def install_text_guard() -> None:
    """Check text on every session's flush (idempotent)."""
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
