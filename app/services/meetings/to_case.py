"""转为调解案件: a 说事 matter that is a dispute becomes a mediation case, atomically.

Registering a case is :func:`register_case`'s job and it opens its own unit
of work; rather than copy its private steps, this module runs it inside one
outer database transaction whose sessions are savepoints (SQLAlchemy's
"join an external transaction" recipe).  The case, its number and the link
on the matter are therefore committed together or not at all, and a second
clerk converting the same matter at the same moment loses on the matter's
version column.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from app.domain.codes import CATEGORIES, require_key
from app.domain.errors import ValidationError
from app.domain.intake import check_intake
from app.domain.meeting_codes import CASE_CATEGORY_OF_ITEM
from app.domain.text import _
from app.services.cases.intake import register_case
from app.services.meetings.records import find_item, required_text
from app.services.meetings.types import CaseLink
from app.services.security.access import require
from app.services.security.users import SYSTEM, UserInfo
from app.services.uow import UnitOfWork
from app.store.audit_log import AUDIT_USER
from app.store.database import Database
from app.store.engine import WRITE_OPTION
from app.store.models import Region, RosterMember


class _JoinedDatabase(Database):
    """``db`` seen through one open connection: each session is a savepoint of its transaction."""

    def __init__(self, db: Database, conn: Connection) -> None:
        super().__init__(db.url, db.engine)
        self._conn = conn

    def session(self, *, user: str | None = None, write: bool = False) -> Session:
        """A session nested in the outer transaction; write sessions are audited as usual."""
        session = Session(bind=self._conn, join_transaction_mode="create_savepoint",
                          expire_on_commit=False)
        if write:
            session.info[AUDIT_USER] = user or SYSTEM.login
        return session


def _party_id(s: Session, village_id: int, name: str) -> int | None:
    """The registry record of a roster member with this name, if exactly one is linked."""
    ids = s.scalars(select(RosterMember.party_id).where(
        RosterMember.village_id == village_id, RosterMember.name == name,
        RosterMember.party_id.is_not(None))).all()
    return ids[0] if len(set(ids)) == 1 else None


def _intake_party(s: Session, village_id: int, role: str, name: str) -> dict[str, Any]:
    party: dict[str, Any] = {"role": role, "kind": "person", "name": name}
    party_id = _party_id(s, village_id, name)
    if party_id is not None:
        party["party_id"] = party_id
    return party


def _intake_field(field: str) -> str:
    if field.startswith("parties[0]"):
        return "raised_by"
    if field.startswith("parties["):
        index = int(field[len("parties["):field.index("]")])
        return f"respondents[{index - 1}]"
    return field


def item_to_case(db: Database, actor: UserInfo, item_id: int, organisation: str,
                 respondents: Sequence[str], category: str | None = None,
                 received_at: datetime | None = None) -> CaseLink:
    """Register the matter as a mediation case (raiser = applicant) and link both, atomically."""
    names = [required_text(n, f"respondents[{i}]", 100) for i, n in enumerate(respondents)]
    if not names:
        raise ValidationError(_("至少填写一名被申请人"), "respondents")
    with db.engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            joined = _JoinedDatabase(db, conn)
            with UnitOfWork(joined, actor) as uow:
                s = uow.session
                item = find_item(s, require(s, actor, "meeting.write"), item_id)
                if item.case_id is not None:
                    raise ValidationError(_("该事项已经转为调解案件"), "case_id")
                village = s.get(Region, item.meeting.village_id)
                assert village is not None
                kind = category or CASE_CATEGORY_OF_ITEM.get(item.category, "other")
                check = check_intake({
                    "source": "villagers_meeting",
                    "received_at": (received_at or datetime.now()).isoformat(timespec="minutes"),
                    "category": require_key(CATEGORIES, kind, "category"),
                    "facts": _("{matter}\n（{day} {village}村民说事，{name}提出）").format(
                        matter=item.matter, day=item.meeting.held_at.date().isoformat(),
                        village=village.name, name=item.raised_by),
                    "people_involved": 1 + len(names),
                    "region": village.code,
                    "organisation": organisation,
                    "parties": [_intake_party(s, village.id, "applicant", item.raised_by)]
                    + [_intake_party(s, village.id, "respondent", n) for n in names],
                })
                if check.value is None:
                    first = check.errors[0]
                    raise ValidationError(first.message, _intake_field(first.field or ""))
                registered = register_case(joined, actor, check.value)
                item.case_id = registered.case_id
                uow.commit()
    return CaseLink(item_id, registered.case_id, registered.number)
