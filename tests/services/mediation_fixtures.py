"""Cases put straight into a given status, with an agreement when one is needed.

Assignment and agreements belong to other services; these tests are about
what follows, so they set the earlier steps up directly.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.services.cases.intake import register_case
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import Agreement, Case, Obligation, PerformanceRecord
from tests.services.fixtures import acting, intake

SIGNED = date(2026, 11, 25)


def case_in(db: Database, status: str, *, agreement: bool = False, paid: bool = False,
            instalments: tuple[tuple[str, date], ...] = (("3000.00", date(2026, 12, 5)),),
            **intake_overrides: object) -> int:
    """A registered case moved to ``status``; with ``agreement``, an agreement of instalments.

    ``paid`` records every instalment as paid in full on the day it was signed.
    """
    case_id = register_case(db, acting("clerk"), intake(**intake_overrides)).case_id
    with UnitOfWork(db, acting("setup")) as uow:
        case = uow.session.get(Case, case_id)
        assert case is not None
        case.status = status
        if status in ("agreed", "performing", "followed_up", "archived"):
            case.outcome = "agreed"
        elif status in ("not_agreed", "withdrawn", "referred_out"):
            case.outcome = status
        if agreement:
            uow.session.add(Agreement(
                case_id=case_id, form="written", number=case.number, signed_on=SIGNED,
                effective_on=SIGNED, obligations=[
                    Obligation(ordinal=n, kind="money", amount=Decimal(amount),
                               description=f"第{n + 1}期赔偿款", due_date=due,
                               performances=[PerformanceRecord(on_date=SIGNED,
                                                               amount=Decimal(amount))]
                               if paid else [])
                    for n, (amount, due) in enumerate(instalments)]))
        uow.commit()
    return case_id


def status_of(db: Database, case_id: int) -> str:
    """The case's stored status."""
    with db.session() as s:
        case = s.get(Case, case_id)
        assert case is not None
        return case.status
