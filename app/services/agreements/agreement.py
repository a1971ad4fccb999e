"""Recording the settlement: the agreement with its obligations, and court confirmation.

Saving the agreement of a case still in mediation is the moment the case
reaches agreement, so the status moves through the workflow in the same
transaction (a refused move saves nothing).  The agreement is checked for
every element PML art. 29 requires before it is saved, so no incomplete
agreement can later be printed.  A court's confirmation makes the agreement
enforceable (CPL art. 206).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from app.domain import agreement_rules as rules
from app.domain.errors import ValidationError
from app.domain.money import parse_amount
from app.domain.text import _
from app.domain.workflow import CaseStatus, check_transition
from app.services.cases.guard import case_for_change, find_case
from app.services.changes import refuse_stale
from app.services.security.access import Access, require
from app.services.security.users import UserInfo
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import (
    Agreement,
    CaseMediator,
    CaseParty,
    JudicialConfirmation,
    Mediator,
    Obligation,
    Organisation,
    Party,
)

_EDITABLE = {CaseStatus.AGREED, CaseStatus.PERFORMING, CaseStatus.FOLLOWED_UP}


@dataclass(frozen=True)
class ObligationInput:
    """One term: who owes what (money or an act) to whom, by when and how."""

    debtor_party_id: int
    creditor_party_id: int
    kind: str
    description: str
    amount: Decimal | None = None
    due_date: date | None = None
    manner: str | None = None


@dataclass(frozen=True)
class AgreementInput:
    """What the agreement editor saves."""

    form: str
    facts: str
    disputed_matters: str
    responsibilities: str
    obligations: tuple[ObligationInput, ...]
    signed_on: date
    effective_on: date | None = None
    terms: str | None = None
    copies: int | None = None


@dataclass(frozen=True)
class CaseParticipant:
    """A party the editor offers as debtor or creditor."""

    party_id: int
    name: str
    role: str
    identified: bool


@dataclass(frozen=True)
class ConfirmationInfo:
    """The application to court and the ruling, as recorded."""

    court: str
    applied_on: date | None
    result: str | None
    ruling_number: str | None
    decided_on: date | None

    @property
    def enforceable(self) -> bool:
        """A confirmed agreement can be enforced by the court (CPL art. 206)."""
        return self.result == "confirmed"


@dataclass(frozen=True)
class AgreementInfo:
    """A case's agreement for the editor and the confirmation dialog."""

    case_id: int
    case_number: str
    status: str
    parties: tuple[CaseParticipant, ...]
    mediators: tuple[str, ...]
    court_name: str | None
    version: int | None
    agreement: AgreementInput | None
    confirmation: ConfirmationInfo | None


def _participants(s: Session, case_id: int) -> tuple[CaseParticipant, ...]:
    rows = s.execute(select(CaseParty, Party).join(Party, Party.id == CaseParty.party_id)
                     .where(CaseParty.case_id == case_id, CaseParty.represents_id.is_(None))
                     .order_by(CaseParty.ordinal, CaseParty.id)).all()
    return tuple(CaseParticipant(p.id, p.name, cp.role, bool(p.id_number or p.credit_code))
                 for cp, p in rows)


def _mediators(s: Session, case_id: int) -> tuple[str, ...]:
    return tuple(s.execute(
        select(Mediator.name).join(CaseMediator, CaseMediator.mediator_id == Mediator.id)
        .where(CaseMediator.case_id == case_id).order_by(CaseMediator.is_lead.desc())).scalars())


def _confirmation(s: Session, agreement_id: int) -> JudicialConfirmation | None:
    return s.execute(select(JudicialConfirmation)
                     .where(JudicialConfirmation.agreement_id == agreement_id)
                     .order_by(JudicialConfirmation.id.desc())).scalars().first()


def load_agreement(db: Database, actor: UserInfo, case_id: int) -> AgreementInfo:
    """The case's parties, mediators and agreement (None if there is none yet)."""
    with db.session() as s:
        case = find_case(s, require(s, actor, "case.read"), case_id)
        org = s.get(Organisation, case.current_organisation_id or case.organisation_id)
        a = s.execute(select(Agreement).where(Agreement.case_id == case_id)).scalar_one_or_none()
        data = jc = None
        if a is not None:
            data = AgreementInput(
                a.form, a.facts or "", a.disputed_matters or "", a.responsibilities or "",
                tuple(ObligationInput(o.debtor_party_id or 0, o.creditor_party_id or 0, o.kind,
                                      o.description, o.amount, o.due_date, o.manner)
                      for o in a.obligations),
                a.signed_on or date.today(), a.effective_on, a.terms, a.copies)
            row = _confirmation(s, a.id)
            jc = None if row is None else ConfirmationInfo(
                row.court, row.applied_on, row.result, row.ruling_number, row.decided_on)
        return AgreementInfo(case.id, case.number, case.status, _participants(s, case_id),
                             _mediators(s, case_id), org.court_name if org else None,
                             a.version if a else None, data, jc)


def _checked(data: AgreementInput, parties: tuple[CaseParticipant, ...],
             mediators: tuple[str, ...], organisation: str) -> None:
    if data.form not in ("written", "oral"):
        raise ValidationError(_("协议形式只能是书面或口头"), "form")
    ids = {p.party_id for p in parties}
    for n, ob in enumerate(data.obligations, 1):
        where = f"obligations[{n - 1}]"
        if ob.debtor_party_id not in ids or ob.creditor_party_id not in ids:
            raise ValidationError(_("第{n}项的义务人和权利人必须是本案当事人").format(n=n), where)
        if ob.debtor_party_id == ob.creditor_party_id:
            raise ValidationError(_("第{n}项的义务人和权利人不能是同一人").format(n=n), where)
        if ob.kind not in ("money", "act"):
            raise ValidationError(_("第{n}项的种类只能是给付金钱或履行行为").format(n=n), where)
        if ob.amount is not None:
            parse_amount(str(ob.amount))
        if not ob.description.strip():
            raise ValidationError(_("第{n}项没有写明内容").format(n=n), where)
    if data.effective_on is not None and data.effective_on < data.signed_on:
        raise ValidationError(_("生效日期不能早于签订日期"), "effective_on")
    rules.check_agreement_elements(rules.AgreementElements(
        data.form, tuple(rules.PartyElement(p.name, p.identified) for p in parties),
        data.facts, data.disputed_matters, data.responsibilities,
        tuple(rules.ObligationElement(o.kind, o.description, o.amount, o.due_date, o.manner)
              for o in data.obligations),
        data.terms, mediators, organisation, data.copies))


def save_agreement(db: Database, actor: UserInfo, case_id: int, data: AgreementInput,
                   version: int | None = None) -> AgreementInfo:
    """Save the agreement over the ``version`` the user saw; a case in mediation becomes agreed."""
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        case = case_for_change(s, require(s, actor, "case.agreement"), case_id)
        parties = _participants(s, case_id)
        org = s.get(Organisation, case.current_organisation_id or case.organisation_id)
        _checked(data, parties, _mediators(s, case_id), org.name if org else "")
        status = CaseStatus(case.status)
        if status not in _EDITABLE:
            check_transition(status, CaseStatus.AGREED)
            case.status = CaseStatus.AGREED.value
            case.outcome = CaseStatus.AGREED.value
            case.closed_on = data.signed_on
        a = s.execute(select(Agreement).where(Agreement.case_id == case_id)).scalar_one_or_none()
        if a is None:
            a = Agreement(case_id=case_id, number=case.number)
            s.add(a)
        else:
            refuse_stale(s, "agreements", a.id, a.version, version, _("调解协议"))
        a.form, a.facts, a.disputed_matters = data.form, data.facts, data.disputed_matters
        a.responsibilities, a.terms, a.copies = data.responsibilities, data.terms, data.copies
        a.signed_on = data.signed_on
        a.effective_on = data.effective_on or data.signed_on
        a.obligations = [Obligation(ordinal=n, debtor_party_id=o.debtor_party_id,
                                    creditor_party_id=o.creditor_party_id, kind=o.kind,
                                    amount=o.amount, description=o.description.strip(),
                                    due_date=o.due_date, manner=o.manner)
                         for n, o in enumerate(data.obligations)]
        flag_modified(a, "facts")  # the row's version must move even if only terms changed
        uow.commit()
    return load_agreement(db, actor, case_id)


def record_application(db: Database, actor: UserInfo, case_id: int, court: str,
                       applied_on: date) -> ConfirmationInfo:
    """Record the joint application for judicial confirmation (within 30 days of effect)."""
    with UnitOfWork(db, actor) as uow:
        a = _written_agreement(uow.session, require(uow.session, actor, "case.agreement"),
                               case_id)
        rules.check_application(a.effective_on, applied_on, court)
        jc = _confirmation(uow.session, a.id)
        if jc is None:
            jc = JudicialConfirmation(agreement_id=a.id)
            uow.session.add(jc)
        elif jc.result is not None:
            raise ValidationError(_("法院已作出决定，不能再修改申请"), "applied_on")
        jc.court, jc.applied_on = court.strip(), applied_on
        uow.commit()
        return ConfirmationInfo(jc.court, jc.applied_on, None, None, None)


def record_decision(db: Database, actor: UserInfo, case_id: int, result: str, ruling_number: str,
                    decided_on: date) -> ConfirmationInfo:
    """Record the court's ruling; ``confirmed`` makes the agreement enforceable."""
    with UnitOfWork(db, actor) as uow:
        a = _written_agreement(uow.session, require(uow.session, actor, "case.agreement"),
                               case_id)
        jc = _confirmation(uow.session, a.id)
        rules.check_decision(jc.applied_on if jc else None, result, ruling_number, decided_on)
        assert jc is not None
        jc.result, jc.ruling_number, jc.decided_on = result, ruling_number.strip(), decided_on
        uow.commit()
        return ConfirmationInfo(jc.court, jc.applied_on, jc.result, jc.ruling_number,
                                jc.decided_on)


def _written_agreement(s: Session, who: Access, case_id: int) -> Agreement:
    case_for_change(s, who, case_id)
    a = s.execute(select(Agreement).where(Agreement.case_id == case_id)).scalar_one_or_none()
    if a is None:
        raise ValidationError(_("案件还没有调解协议"), "agreement")
    if a.form != "written":
        raise ValidationError(_("口头协议不能申请司法确认，请先制作书面调解协议"), "agreement")
    return a
