"""Saving agreements (status moves to agreed, elements checked) and court confirmation."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.domain.errors import IllegalTransition, ValidationError
from app.services.agreements import agreement as svc
from app.services.errors import ConflictError
from app.store.database import Database
from app.store.models import Agreement, AuditEntry, Case
from tests.services.fixtures import ADMIN


def _case(db: Database, status: str) -> int:
    with db.session() as s:
        case_id = s.execute(select(Case.id).where(Case.status == status)
                            .order_by(Case.id)).scalars().first()
    assert case_id is not None
    return case_id


def _input(info: svc.AgreementInfo, **changes: object) -> svc.AgreementInput:
    debtor, creditor = info.parties[-1].party_id, info.parties[0].party_id
    values: dict[str, object] = dict(
        form="written", facts="双方因排水沟堵塞发生争执。", disputed_matters="损失由谁承担。",
        responsibilities="被申请人负主要责任。", signed_on=date(2026, 11, 20),
        obligations=(
            svc.ObligationInput(debtor, creditor, "money", "第一期赔偿款", Decimal("3000"),
                                date(2026, 12, 1), "银行转账"),
            svc.ObligationInput(debtor, creditor, "money", "第二期赔偿款", Decimal("2000.50"),
                                date(2027, 1, 1), "银行转账"),
            svc.ObligationInput(debtor, creditor, "act", "疏通排水沟", None,
                                date(2026, 11, 30)),
        ))
    values.update(changes)
    return svc.AgreementInput(**values)  # type: ignore[arg-type]


@pytest.fixture
def demo(small_demo: Database) -> Database:
    """The test's own copy of the 60-case demo county, on each backend."""
    return small_demo


def test_saving_the_agreement_of_a_case_in_mediation_moves_it_to_agreed(demo: Database) -> None:
    case_id = _case(demo, "in_mediation")
    info = svc.load_agreement(demo, ADMIN, case_id)
    assert info.agreement is None and len(info.parties) >= 2 and info.mediators
    saved = svc.save_agreement(demo, ADMIN, case_id, _input(info))
    assert saved.status == "agreed" and saved.version == 1
    assert saved.agreement is not None
    assert [o.amount for o in saved.agreement.obligations] == [Decimal("3000"),
                                                              Decimal("2000.50"), None]
    assert saved.agreement.effective_on == date(2026, 11, 20)
    with demo.session() as s:
        number = s.get(Case, case_id).number  # type: ignore[union-attr]
        a = s.execute(select(Agreement).where(Agreement.case_id == case_id)).scalar_one()
        assert a.number == number
        audited = s.execute(select(AuditEntry.entity).where(
            AuditEntry.entity.in_(["agreements", "obligations"]))).scalars().all()
    assert "agreements" in audited and audited.count("obligations") == 3
    again = svc.save_agreement(demo, ADMIN, case_id,
                               _input(saved, obligations=saved.agreement.obligations[:1]),
                               version=saved.version)
    assert again.agreement is not None and len(again.agreement.obligations) == 1
    with pytest.raises(ConflictError):
        svc.save_agreement(demo, ADMIN, case_id, _input(saved), version=saved.version)


def test_an_agreement_missing_an_element_saves_nothing(demo: Database) -> None:
    case_id = _case(demo, "in_mediation")
    info = svc.load_agreement(demo, ADMIN, case_id)
    with pytest.raises(ValidationError, match="缺少必备要素“各方责任”"):
        svc.save_agreement(demo, ADMIN, case_id, _input(info, responsibilities=" "))
    assert svc.load_agreement(demo, ADMIN, case_id).status == "in_mediation"
    with pytest.raises(ValidationError, match="本案当事人"):
        bad = svc.ObligationInput(999999, info.parties[0].party_id, "money", "x",
                                  Decimal(1), date(2026, 12, 1), "现金")
        svc.save_agreement(demo, ADMIN, case_id, _input(info, obligations=(bad,)))


def test_a_case_whose_mediation_failed_cannot_reach_agreement(demo: Database) -> None:
    case_id = _case(demo, "not_agreed")
    info = svc.load_agreement(demo, ADMIN, case_id)
    with pytest.raises(IllegalTransition):
        svc.save_agreement(demo, ADMIN, case_id, _input(info))
    assert svc.load_agreement(demo, ADMIN, case_id).agreement is None


def test_confirmation_is_applied_for_in_time_and_decided(demo: Database) -> None:
    case_id = _case(demo, "in_mediation")
    info = svc.load_agreement(demo, ADMIN, case_id)
    today = date.today()
    svc.save_agreement(demo, ADMIN, case_id, _input(info, signed_on=today))
    with pytest.raises(ValidationError, match="已超过"):
        svc.record_application(demo, ADMIN, case_id, "象山县人民法院",
                               today + timedelta(days=31))
    applied = svc.record_application(demo, ADMIN, case_id, "象山县人民法院", today)
    assert applied.applied_on == today and not applied.enforceable
    decided = svc.record_decision(demo, ADMIN, case_id, "confirmed", "（2026）浙0225民特5号",
                                  today)
    assert decided.enforceable
    loaded = svc.load_agreement(demo, ADMIN, case_id).confirmation
    assert loaded is not None and loaded.ruling_number == "（2026）浙0225民特5号"
    with pytest.raises(ValidationError, match="已作出决定"):
        svc.record_application(demo, ADMIN, case_id, "象山县人民法院", today)


def test_oral_agreements_are_not_sent_for_confirmation(demo: Database) -> None:
    case_id = _case(demo, "in_mediation")
    info = svc.load_agreement(demo, ADMIN, case_id)
    svc.save_agreement(demo, ADMIN, case_id, _input(info, form="oral"))
    with pytest.raises(ValidationError, match="口头协议"):
        svc.record_application(demo, ADMIN, case_id, "象山县人民法院", date(2026, 11, 21))
