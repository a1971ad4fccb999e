"""Declarative base and the columns every editable table shares.

Every editable row carries a ``version`` column used by SQLAlchemy's
optimistic locking: when two people save the same row, the second UPDATE
matches no row and raises ``StaleDataError`` instead of silently overwriting.

It also carries a ``global_id``: a random UUID that names the row across case
bases (a village PC and the county server), so rows can later be merged
without their integer keys clashing.  Rows written through the ORM get it
from Python; rows inserted with plain SQL (bulk writers) from the column's
server default, which each database computes itself (migration 0008).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Integer, MetaData, String, func
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


SQLITE_UUID = (
    "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "
    "substr(lower(hex(randomblob(2))), 2) || '-' || "
    "substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || "
    "lower(hex(randomblob(6)))"
)
"""A version-4 UUID in SQLite's own SQL (the same text as migration 0008's)."""


class new_uuid(FunctionElement[str]):
    """A fresh random UUID as text, computed by the database (the ``global_id`` default)."""

    type = String(36)
    name = "new_uuid"
    inherit_cache = True


@compiles(new_uuid, "sqlite")
def _new_uuid_sqlite(_element: new_uuid, _compiler: SQLCompiler, **_kw: Any) -> str:
    return f"({SQLITE_UUID})"


@compiles(new_uuid, "postgresql")
def _new_uuid_postgresql(_element: new_uuid, _compiler: SQLCompiler, **_kw: Any) -> str:
    return "gen_random_uuid()::text"


def fresh_global_id() -> str:
    """A new row's ``global_id`` when Python inserts it."""
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    """Root of all mapped classes; constraint names are stable for migrations."""

    metadata = MetaData(naming_convention=NAMING)


class Versioned:
    """Mixin: surrogate key, optimistic-lock version and change timestamps."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[datetime] = mapped_column(
        DateTime, nullable=False, default=datetime.now, server_default=func.current_timestamp()
    )
    updated_at: Mapped[datetime | None] = mapped_column(DateTime, onupdate=datetime.now)
    global_id: Mapped[str] = mapped_column(String(36), nullable=False, default=fresh_global_id,
                                           server_default=new_uuid(), index=True, unique=True)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]
