"""A handle on one database: its engine, session factory and a safe display name.

Creating the handle installs the session-wide listeners every write relies
on: the audit trail (app.store.audit_log) and the text guard
(app.store.text_guard).
"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.store.audit_log import AUDIT_USER, install_audit_listener
from app.store.engine import WRITE_OPTION, make_engine, parse_url
from app.store.text_guard import install_text_guard


class Database:
    """Everything the services need to open sessions on one case base."""

    def __init__(self, url: str, engine: Engine | None = None) -> None:
        self.url = url
        self.engine = engine or make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        install_audit_listener()
        install_text_guard()

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``: a few queries differ between them."""
        return self.engine.dialect.name

    @property
    def display_name(self) -> str:
        """The URL with any password hidden, for the status bar and messages."""
        return parse_url(self.url).render_as_string(hide_password=True)

    def session(self, *, user: str | None = None, write: bool = False) -> Session:
        """A new session; write sessions take the write lock first and are audited."""
        session = self._sessions()
        if write:
            session.info[AUDIT_USER] = user or "system"
            session.connection(execution_options={WRITE_OPTION: True})
        return session

    def dispose(self) -> None:
        """Close pooled connections (on switching databases or exit)."""
        self.engine.dispose()
