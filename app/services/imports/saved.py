"""Each office's column and value mapping, kept in the case base for its next ledger.

An office's ledgers look the same year after year, so the corrections a
clerk made once (当事人 is the applicant, 土地纠纷 is 山林土地) are saved
under the organisation's code and offered again.  They live in the case
base's settings table, so they travel with the base and every clerk of the
office gets them.
"""

from __future__ import annotations

import json

from sqlalchemy import select

from app.domain.errors import ValidationError
from app.domain.ledger_mapping import LedgerMapping, mapping_from_json
from app.services.security.access import require
from app.services.security.users import UserInfo
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import CasebaseSetting

PREFIX = "import.mapping."


def _key(organisation: str) -> str:
    return (PREFIX + organisation)[:60]


def saved_mapping(db: Database, actor: UserInfo, organisation: str) -> LedgerMapping:
    """The mapping saved for the organisation with this code (empty if none, or unreadable)."""
    with db.session() as s:
        require(s, actor, "case.register")
        stored = s.scalar(select(CasebaseSetting.value)
                          .where(CasebaseSetting.key == _key(organisation)))
    if stored is None:
        return LedgerMapping()
    try:
        return mapping_from_json(json.loads(stored))
    except (ValueError, ValidationError):
        return LedgerMapping()


def save_mapping(db: Database, actor: UserInfo, organisation: str,
                 mapping: LedgerMapping) -> None:
    """Keep ``mapping`` as the organisation's, over what it had."""
    text = json.dumps(mapping.to_json(), ensure_ascii=False, sort_keys=True)
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        require(s, actor, "case.register")
        setting = s.execute(select(CasebaseSetting)
                            .where(CasebaseSetting.key == _key(organisation))
                            ).scalar_one_or_none()
        if setting is None:
            s.add(CasebaseSetting(key=_key(organisation), value=text))
        elif setting.value != text:
            setting.value = text
        uow.commit()
