"""Login accounts: roles, scope and argon2 password hashes.

A fresh case base gets one ``admin`` account so the program is usable at once;
the administrator then creates named accounts, because every audit entry must
name a real person.
"""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from sqlalchemy import select

from app.domain.codes import USER_ROLES, label, require_key
from app.domain.errors import DomainError, ValidationError
from app.domain.text import _
from app.services.errors import NotFoundError
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import User

_hasher = PasswordHasher()
FULL_ID_ROLES = frozenset({"admin", "mediator"})


@dataclass(frozen=True)
class UserInfo:
    """What the rest of the program needs to know about who is working."""

    login: str
    display_name: str
    role: str
    organisation_id: int | None
    active: bool

    @property
    def role_label(self) -> str:
        """The role in the user's language."""
        return label(USER_ROLES, self.role)

    @property
    def may_see_full_ids(self) -> bool:
        """Whether lists may show unmasked ID and phone numbers to this user."""
        return self.role in FULL_ID_ROLES


SYSTEM = UserInfo("system", "system", "admin", None, True)
"""Who acts when nobody in particular does: the first admin account, demo data, migrations."""


def _info(user: User) -> UserInfo:
    return UserInfo(user.login, user.display_name, user.role, user.organisation_id, user.active)


def ensure_admin(db: Database) -> None:
    """Create the ``admin`` account if the case base has no account at all."""
    with UnitOfWork(db, SYSTEM) as uow:
        if uow.session.execute(select(User.id).limit(1)).first() is None:
            uow.session.add(User(login="admin", display_name=_("系统管理员"), role="admin"))
            uow.commit()


def add_user(
    db: Database,
    actor: UserInfo,
    login: str,
    role: str,
    display_name: str | None = None,
    password: str | None = None,
    organisation_id: int | None = None,
) -> UserInfo:
    """Create an account; logins are unique and roles come from the fixed list."""
    login = login.strip()
    if not login or len(login) > 60 or any(c.isspace() for c in login):
        raise ValidationError(_("登录名不能为空、不能含空格，最长 60 个字符"), "login")
    require_key(USER_ROLES, role, "role")
    if password is not None and len(password) < 8:
        raise ValidationError(_("密码至少需要 8 个字符"), "password")
    with UnitOfWork(db, actor) as uow:
        if uow.session.execute(select(User.id).where(User.login == login)).first():
            raise ValidationError(_("登录名“{login}”已存在").format(login=login), "login")
        user = User(
            login=login,
            display_name=(display_name or login).strip(),
            role=role,
            organisation_id=organisation_id,
            password_hash=_hasher.hash(password) if password else None,
        )
        uow.session.add(user)
        uow.commit()
        return _info(user)


def get_user(db: Database, login: str) -> UserInfo:
    """Look an account up by login."""
    with db.session() as s:
        user = s.execute(select(User).where(User.login == login)).scalar_one_or_none()
        if user is None:
            raise NotFoundError(_("没有登录名为“{login}”的用户").format(login=login))
        return _info(user)


class LoginRequired(DomainError):
    """The account needs a password (or the login given is not a usable account)."""


def authenticate(db: Database, login: str, password: str | None) -> UserInfo:
    """The account for ``login`` if it may work now; accounts without a password need none."""
    with db.session() as s:
        user = s.execute(select(User).where(User.login == login)).scalar_one_or_none()
        if user is None or not user.active:
            raise LoginRequired(_("没有可用的登录名“{login}”").format(login=login))
        info, stored = _info(user), user.password_hash
    if stored is None:
        return info
    if password is None:
        raise LoginRequired(_("请输入“{login}”的密码").format(login=login))
    try:
        _hasher.verify(stored, password)
    except VerificationError as exc:
        raise LoginRequired(_("密码不正确")) from exc
    return info


def set_password(db: Database, actor: UserInfo, login: str, password: str) -> None:
    """Give an account a new password (at least 8 characters)."""
    if len(password) < 8:
        raise ValidationError(_("密码至少需要 8 个字符"), "password")
    with UnitOfWork(db, actor) as uow:
        user = uow.session.execute(select(User).where(User.login == login)).scalar_one_or_none()
        if user is None:
            raise NotFoundError(_("没有登录名为“{login}”的用户").format(login=login))
        user.password_hash = _hasher.hash(password)
        uow.commit()
