"""Opening a case base: validate the URL, reach the server, create or upgrade the schema.

Both the GUI and the CLI come through here, so a bad URL, an unreachable
server or a database from a newer release gives the same clear message
everywhere, and no case data is written before the checks pass.
"""

from __future__ import annotations

from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError, OperationalError

from app.domain.errors import DomainError
from app.domain.text import _
from app.services.security.users import ensure_admin
from app.store import schema
from app.store.database import Database as Database  # re-exported for the CLI's hints
from app.store.models import Case


class DatabaseUnavailable(DomainError):
    """The database could not be reached or opened."""


def _reason(exc: Exception) -> str:
    message = str(getattr(exc, "orig", exc) or exc).strip().splitlines()
    return message[0] if message else exc.__class__.__name__


def test_connection(url: str) -> None:
    """Connect once and run a trivial query; raise a user-readable error otherwise.

    For SQLite this creates the file if it does not exist yet: choosing a new
    file in the database dialog is how a user starts a new case base.
    """
    db = Database(url)
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except (OperationalError, DBAPIError) as exc:
        raise DatabaseUnavailable(
            _("无法连接数据库 {name}：{reason}").format(name=db.display_name, reason=_reason(exc))
        ) from exc
    finally:
        db.dispose()


def open_database(url: str) -> Database:
    """Connect, refuse incompatible databases, upgrade the schema, ensure an admin exists."""
    db = Database(url)
    try:
        schema.upgrade(db.engine)
        ensure_admin(db)
    except (OperationalError, DBAPIError) as exc:
        db.dispose()
        raise DatabaseUnavailable(
            _("无法打开数据库 {name}：{reason}").format(name=db.display_name, reason=_reason(exc))
        ) from exc
    except DomainError:
        db.dispose()
        raise
    return db


def schema_revision(db: Database) -> str | None:
    """The schema revision stamped in the case base, so ``tiaojie init`` can report it."""
    return schema.current_revision(db.engine)


def is_empty(db: Database) -> bool:
    """True when no case has been registered yet (first start)."""
    with db.session() as s:
        return not s.scalar(select(func.count()).select_from(Case))

