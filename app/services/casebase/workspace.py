"""The open case base and the person working in it, as one handle for the GUI.

The GUI may not import the storage layer, so it holds this handle and passes
``workspace.db`` on to services without knowing what is inside.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.services.casebase.opening import open_database
from app.services.security.users import LoginRequired, UserInfo, authenticate
from app.store.database import Database


@dataclass
class Workspace:
    """A connected database and the signed-in user."""

    db: Database
    user: UserInfo

    @property
    def database_name(self) -> str:
        """The URL without password, for the status bar."""
        return self.db.display_name

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.db.backend

    def close(self) -> None:
        """Release the database connections."""
        self.db.dispose()


def open_workspace(url: str, login: str, password: str | None = None) -> Workspace:
    """Open (and upgrade) the database and sign ``login`` in; refuses unknown accounts."""
    db = open_database(url)
    try:
        user = authenticate(db, login, password)
    except LoginRequired:
        db.dispose()
        raise
    return Workspace(db, user)
