"""The open case base and the person working in it, as one handle for the GUI.

The GUI may not import the storage layer, so it holds this handle and passes
``workspace.db`` on to services without knowing what is inside.

Signing in also decides whether the base may be used without a password: a
demo base (``casebase_settings`` ``demo`` = ``"1"``, written by the demo
generator) may; a real one may not, so until one of its administrators has a
password only the administrator may sign in, and only to set one (the GUI's
first-password dialog, the CLI's ``user passwd``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.domain.text import _
from app.services.casebase.opening import open_database
from app.services.security.users import LoginRequired, UserInfo, authenticate, has_password
from app.store.database import Database
from app.store.models import CasebaseSetting, User

DEMO_KEY = "demo"
"""The ``casebase_settings`` key the demo generator sets to ``"1"``."""
ADMIN_ROLE = "admin"


@dataclass
class Workspace:
    """A connected database and the signed-in user.

    ``has_password`` says whether the user signs in with a password: only
    then can the window lock itself when idle and ask for it again.
    ``is_demo`` marks a demo base, which the window title says, so nobody
    takes its made-up cases for real ones.
    """

    db: Database
    user: UserInfo
    has_password: bool = False
    is_demo: bool = False

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
    """Open (and upgrade) the database and sign ``login`` in; refuses unknown accounts.

    While a real base has no administrator with a password, only an
    administrator may sign in (to set one); anyone else is told so.
    """
    db = open_database(url)
    try:
        user = authenticate(db, login, password)
        if user.role != ADMIN_ROLE and password_setup_needed(db, user):
            raise LoginRequired(_("本案件库的管理员还没有设置密码：请先以管理员身份登录并设置密码"))
        return Workspace(db, user, has_password(db, user), _is_demo(db))
    except LoginRequired:
        db.dispose()
        raise


def _is_demo(db: Database) -> bool:
    """Whether the base holds demo data (``casebase_settings`` ``demo`` = ``"1"``)."""
    with db.session() as s:
        return s.execute(select(CasebaseSetting.value)
                         .where(CasebaseSetting.key == DEMO_KEY)).scalar() == "1"


def password_setup_needed(db: Database, actor: UserInfo) -> bool:
    """True while a case base that is not a demo has no active administrator with a password.

    Such a base must not be worked in password-less: the GUI makes the
    administrator set a password first, and the CLI allows only setting up.
    """
    if _is_demo(db):
        return False
    with db.session() as s:
        protected = s.execute(select(User.id).where(
            User.role == ADMIN_ROLE, User.active.is_(True),
            User.password_hash.is_not(None)).limit(1)).first()
    return protected is None
