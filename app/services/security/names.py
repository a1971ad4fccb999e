"""People by name, not by login: what a record says someone did, as a reader knows them.

Records keep the login of whoever acted (it never changes, and the audit
chain names it), but a clerk reading a case wants "李建国", not "clerk08".
Other fields hold a name someone typed (a visitor, a session's mediators).
One lookup turns every login among a batch of such values into the
account's display name and leaves names as they are, so a screen of events
costs one query, not one per line.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.store.models import User


def display_names(session: Session, values: Iterable[str | None]) -> dict[str, str]:
    """For each non-empty value, the display name of the account with that login, else itself."""
    wanted = {v for v in values if v}
    if not wanted:
        return {}
    found = {login: name for login, name in session.execute(
        select(User.login, User.display_name).where(User.login.in_(wanted)))}
    return {v: found.get(v) or v for v in wanted}
