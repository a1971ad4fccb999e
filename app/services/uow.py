"""Unit of work: one user action, one transaction, audited, conflict-checked.

Modelled on the cosmicpython pattern: a service opens ``with UnitOfWork(...)``,
changes objects and calls ``commit()``.  Leaving the block without commit rolls
everything back, so a failed action never leaves half-written data.  A lost
optimistic-lock race is turned into a ``ConflictError`` that names who changed
the record first and what they changed.
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.domain.text import _
from app.services.changes import changes_since
from app.services.errors import ConflictError
from app.store.audit_log import append_entries
from app.store.database import Database
from app.store.models import Versioned

if TYPE_CHECKING:  # users.py opens units of work itself, so only the type is imported here
    from app.services.security.users import UserInfo


class UnitOfWork:
    """A write transaction on behalf of ``actor``, audited under ``actor.login``.

    Taking the whole :class:`UserInfo` (not just a login) gives the permission
    check of role and scope one place to live: every change passes through here.
    """

    session: Session

    def __init__(self, db: Database, actor: UserInfo) -> None:
        self.db = db
        self.actor = actor
        self.user = actor.login
        self._committed = False

    def __enter__(self) -> UnitOfWork:
        self.session = self.db.session(user=self.user, write=True)
        self._committed = False
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not self._committed:
            self.session.rollback()
        self.session.close()
        if isinstance(exc, StaleDataError):
            raise ConflictError(self._conflict_message([])) from exc

    def record_event(
        self, entity: str, entity_id: int | None, action: str, details: dict[str, Any]
    ) -> None:
        """Audit something that is not a row change (e.g. showing a full ID number)."""
        append_entries(
            self.session.connection(),
            self.user,
            [{"action": action, "entity": entity, "entity_id": entity_id, "after": details}],
        )

    def commit(self) -> None:
        """Flush and commit; a lost optimistic-lock race becomes a ``ConflictError``."""
        watched = [o for o in self.session.dirty if isinstance(o, Versioned)]
        watched += [o for o in self.session.deleted if isinstance(o, Versioned)]
        seen = [(o.__table__.name, o.id, o.version) for o in watched]  # type: ignore[attr-defined]
        try:
            self.session.commit()
        except StaleDataError as exc:
            self.session.rollback()
            raise ConflictError(self._conflict_message(seen)) from exc
        self._committed = True

    def _conflict_message(self, seen: list[tuple[str, int, int]]) -> str:
        """Who changed one of the rows this action was saving, and what (from the audit trail)."""
        with self.db.session() as fresh:
            for table, row_id, version in seen:
                changes = changes_since(fresh, table, row_id, version)
                if changes:
                    return _("保存失败：{changes}。"
                             "您的修改没有保存，请重新打开记录查看最新内容后再改。"
                             ).format(changes=changes)
        return _("保存失败：这条记录已被其他人修改或删除。您的修改没有保存，请重新打开后再改。")
