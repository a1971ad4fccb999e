"""Telling the reports' month cache that months changed behind the triggers' back.

Migration 0013's triggers bump a month's version whenever a row a report
counts changes, and a cached month is used only while its version (plus
month 0's, the version of every month at once) is what it was when it was
counted.  A writer that drops or disables those triggers for speed (a bulk
load) must say what it changed, in the same transaction as the change:
:func:`forget_report_months` with the months it wrote, or with none to
retire every cached month.  A restore needs nothing: the cache tables are
not backed up, so a restored base starts with an empty cache.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import Connection, delete, literal, select, union_all

from app.store.models.report_cache import ReportMonthCache, ReportMonthVersion
from app.store.upsert import upsert

EVERY_MONTH = 0
"""The version row that stands for every month at once."""


def month_number(day: date) -> int:
    """``yyyymm`` of a day, as the triggers write it."""
    return day.year * 100 + day.month


def forget_report_months(conn: Connection, months: Iterable[int] | None = None) -> None:
    """The cached report counts of ``months`` (``yyyymm``; None: every month) are no longer valid.

    Bumps their versions, so a report counting at the same moment cannot
    store what it read before this change as current, and deletes their
    cached rows.
    """
    wanted = [EVERY_MONTH] if months is None else sorted(set(months))
    if not wanted:
        return
    table = ReportMonthVersion.__table__
    rows = union_all(*(select(literal(m).label("month"), literal(1).label("version"))
                       for m in wanted))
    statement = upsert(conn, table).from_select(["month", "version"], rows)
    conn.execute(statement.on_conflict_do_update(
        index_elements=["month"], set_={"version": table.c.version + 1}))
    cache = delete(ReportMonthCache)
    if months is not None:
        cache = cache.where(ReportMonthCache.month.in_(wanted))
    conn.execute(cache)
