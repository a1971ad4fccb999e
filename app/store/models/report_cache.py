"""The reports' per-month cache and the change counters that keep it valid (migration 0013).

Neither table is case data: both are derived from the cases and start empty
after a restore.  Backups, fingerprints and the audit replay leave them out
(:data:`DERIVED_TABLES`, :func:`data_tables`); nothing writes them through the
ORM, so no audit entry records them.
"""

from __future__ import annotations

from sqlalchemy import Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.store.models.base import Base


class ReportMonthVersion(Base):
    """How often the cases a month's report counts have changed (bumped by triggers).

    ``month`` is ``yyyymm``; month 0 is every month at once.
    """

    __tablename__ = "report_month_versions"
    month: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(Integer)


class ReportMonthCache(Base):
    """One side's grouped counts of one month for one query, as of ``version``."""

    __tablename__ = "report_month_cache"
    side: Mapped[str] = mapped_column(String(20), primary_key=True)
    month: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    query_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    payload: Mapped[str] = mapped_column(Text)


DERIVED_TABLES = frozenset({ReportMonthVersion.__tablename__, ReportMonthCache.__tablename__})
"""Tables computed from the others: never backed up, restored, fingerprinted or replayed."""


def data_tables() -> list[Table]:
    """Every table of the base but the derived ones, parents first."""
    return [t for t in Base.metadata.sorted_tables if t.name not in DERIVED_TABLES]
