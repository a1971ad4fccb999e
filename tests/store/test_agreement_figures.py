"""The report facts the database keeps: on the agreement (0011) and copied to its case (0012).

The statistics read ``money_total`` and the ``court_`` flags from the
agreement instead of the rows they come from, and read them (with the form
and performance state) from the case; the database keeps them with
triggers.  Every way those rows change — added, amount or kind changed,
moved to another agreement, deleted — is tried on both databases, through
the ORM and through plain SQL as the bulk writers do.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, insert, select, update

from app.services.security.users import SYSTEM
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import Agreement, Case, JudicialConfirmation, Obligation
from tests.store.rows import town_committee

Figures = tuple[Decimal, int, int, int]


def _figures(db: Database, agreement_id: int) -> Figures:
    """The agreement's figures, after checking that its case carries the same ones."""
    with db.session() as s:
        row = s.execute(select(Agreement.money_total, Agreement.court_applied,
                               Agreement.court_confirmed, Agreement.court_rejected,
                               Agreement.form, Agreement.performance_status, Agreement.case_id)
                        .where(Agreement.id == agreement_id)).one()
        copy = s.execute(select(Case.agreement_money, Case.agreement_court_applied,
                                Case.agreement_court_confirmed, Case.agreement_court_rejected,
                                Case.agreement_form, Case.agreement_performance)
                         .where(Case.id == row[6])).one()
    figures: Figures = (Decimal(row[0]).quantize(Decimal("0.01")), int(row[1]), int(row[2]),
                        int(row[3]))
    assert (Decimal(copy[0]).quantize(Decimal("0.01")), *copy[1:]) == (*figures, *row[4:6])
    return figures


def _case_copy(db: Database, case_id: int) -> tuple[Any, ...]:
    with db.session() as s:
        return tuple(s.execute(select(
            Case.agreement_form, Case.agreement_performance, Case.agreement_money,
            Case.agreement_court_applied, Case.agreement_court_confirmed,
            Case.agreement_court_rejected).where(Case.id == case_id)).one())


def _two_agreements(db: Database) -> tuple[int, int]:
    with UnitOfWork(db, SYSTEM) as uow:
        s = uow.session
        org_id = town_committee(s)
        ids = []
        for n in (1, 2):
            case = Case(number=f"（2026）测字第{n}号", year=2026, seq=n, source="walk_in",
                        category="neighbour", facts="邻里纠纷",
                        received_at=datetime(2026, 10, n, 9), status="agreed", outcome="agreed",
                        closed_on=date(2026, 10, 10), organisation_id=org_id)
            s.add(case)
            s.flush()
            agreement = Agreement(case_id=case.id, form="written", obligations=[
                Obligation(ordinal=0, kind="money", amount=Decimal("1000.50"), description="赔偿"),
                Obligation(ordinal=1, kind="act", amount=Decimal("99.00"), description="赔礼道歉"),
            ])
            s.add(agreement)
            s.flush()
            ids.append(agreement.id)
        uow.commit()
    return ids[0], ids[1]


def _write(db: Database, statement: Any) -> None:
    with db.engine.begin() as conn:
        conn.execute(statement)


def test_money_total_follows_every_change_of_the_obligations(db: Database) -> None:
    first, second = _two_agreements(db)
    assert _figures(db, first)[0] == Decimal("1000.50")  # the act's amount is not money
    _write(db, insert(Obligation).values(agreement_id=first, ordinal=2, kind="money",
                                         amount=Decimal("200.25"), description="补偿"))
    assert _figures(db, first)[0] == Decimal("1200.75")
    _write(db, update(Obligation).where(Obligation.agreement_id == first,
                                        Obligation.ordinal == 1).values(kind="money"))
    assert _figures(db, first)[0] == Decimal("1299.75")
    _write(db, update(Obligation).where(Obligation.agreement_id == first,
                                        Obligation.ordinal == 2).values(agreement_id=second))
    assert (_figures(db, first)[0], _figures(db, second)[0]) == (Decimal("1099.50"),
                                                                 Decimal("1200.75"))
    _write(db, delete(Obligation).where(Obligation.agreement_id == first))
    assert _figures(db, first)[0] == Decimal("0.00")
    assert _figures(db, second)[0] == Decimal("1200.75")


def test_court_flags_follow_the_confirmations(db: Database) -> None:
    first, second = _two_agreements(db)
    assert _figures(db, first)[1:] == (0, 0, 0)
    with UnitOfWork(db, SYSTEM) as uow:
        uow.session.add(JudicialConfirmation(agreement_id=first, court="象山县人民法院",
                                             applied_on=date(2026, 10, 11)))
        uow.commit()
    assert _figures(db, first)[1:] == (1, 0, 0)
    _write(db, update(JudicialConfirmation).values(result="rejected"))
    assert _figures(db, first)[1:] == (1, 0, 1)
    _write(db, insert(JudicialConfirmation).values(agreement_id=first, court="象山县人民法院",
                                                   result="confirmed"))
    assert _figures(db, first)[1:] == (1, 1, 1)
    _write(db, update(JudicialConfirmation).where(JudicialConfirmation.result == "rejected")
           .values(agreement_id=second))
    assert (_figures(db, first)[1:], _figures(db, second)[1:]) == ((1, 1, 0), (1, 0, 1))
    _write(db, delete(JudicialConfirmation))
    assert (_figures(db, first)[1:], _figures(db, second)[1:]) == ((0, 0, 0), (0, 0, 0))


def test_the_case_follows_its_agreement(db: Database) -> None:
    first, second = _two_agreements(db)
    with db.session() as s:
        first_case, second_case = (s.scalar(select(Agreement.case_id).where(Agreement.id == a))
                                   for a in (first, second))
    _write(db, update(Agreement).where(Agreement.id == first)
           .values(form="oral", performance_status="partial"))
    assert _case_copy(db, first_case)[:2] == ("oral", "partial")
    _write(db, delete(Agreement).where(Agreement.id == first))
    with db.session() as s:
        assert s.scalar(select(Obligation.id).where(Obligation.agreement_id == first)) is None
    assert _case_copy(db, first_case) == (None,) * 6
    assert _figures(db, second)[0] == Decimal("1000.50")
    _write(db, update(Agreement).where(Agreement.id == second).values(case_id=first_case))
    assert _case_copy(db, second_case) == (None,) * 6
    assert _figures(db, second)[0] == Decimal("1000.50")
