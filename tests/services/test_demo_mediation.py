"""Demo histories after mediation: guidance, extensions, ledger lines, archive numbers."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from app.demo.generator import generate_demo
from app.domain.closing import GUIDANCE, archive_seq
from app.domain.performance import LedgerLine, progress
from app.services.mediation.dashboard import warning_board
from app.store import models as m
from app.store.database import Database
from tests.services.fixtures import ADMIN

TODAY = date(2026, 11, 23)


def test_demo_histories_after_mediation(sqlite_db: Database) -> None:
    generate_demo(sqlite_db, cases=1500, seed=3, today=TODAY)
    with sqlite_db.session() as s:
        cases = s.execute(select(m.Case)).scalars().all()
        lines: dict[int, list[m.PerformanceRecord]] = defaultdict(list)
        for line in s.execute(select(m.PerformanceRecord)).scalars():
            lines[line.obligation_id].append(line)
        obligations = s.execute(select(m.Obligation)).scalars().all()
        extensions = s.execute(select(m.DeadlineExtension)).scalars().all()
        shorts = {c.id: c.short_name for c in s.execute(select(m.Organisation)).scalars()}
    for case in cases:
        if case.status == "not_agreed" or (case.status == "archived"
                                           and case.outcome == "not_agreed"):
            assert case.guidance in GUIDANCE
        else:
            assert case.guidance is None
        if case.status == "archived":
            assert case.archived_on is not None and case.closed_on <= case.archived_on <= TODAY
            year = int(case.archive_number[1:5])
            assert archive_seq(case.archive_number, year,
                               shorts[case.current_organisation_id]) is not None
    assert lines and extensions
    by_id = {c.id: c for c in cases}
    for x in extensions:
        assert x.old_deadline < x.new_deadline == by_id[x.case_id].deadline
    for o in obligations:
        got = progress(o.kind, o.amount, o.due_date,
                       [LedgerLine(x.on_date, Decimal(str(x.amount)) if x.amount else None)
                        for x in lines[o.id]], TODAY)
        assert got.status == o.status, (o.id, o.status, got)
    assert warning_board(sqlite_db, ADMIN, TODAY).missed.total > 0
    assert warning_board(sqlite_db, ADMIN, TODAY + timedelta(days=20)).overdue.total > 0
