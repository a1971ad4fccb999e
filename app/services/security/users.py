"""Login accounts: roles, scope and argon2 password hashes.

A fresh case base gets one ``admin`` account so the program is usable at once;
the administrator then creates named accounts, because every audit entry must
name a real person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.domain.codes import USER_ROLES, label, require_key
from app.domain.errors import DomainError, ValidationError
from app.domain.passwords import check_password
from app.domain.permissions import CASE_ROLES, allowed, unmasked
from app.domain.text import _
from app.services.errors import NotFoundError
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import User

if TYPE_CHECKING:
    from argon2 import PasswordHasher

MAX_FAILED_LOGINS = 5
"""Wrong passwords in a row that lock an account (GB/T 22239-2019: login failure handling)."""
LOCKOUT = timedelta(minutes=15)
"""How long a locked account stays locked."""
FIRST_CASE_ROLE = "director"
"""The case role of a fresh base's first account, so a one-person office can work at once."""


@dataclass(frozen=True)
class UserInfo:
    """What the rest of the program needs to know about who is working.

    Services take it to name who acts; what the account may do is read again
    from the case base at every call (app/services/security/access.py), so
    these fields serve the GUI's choice of what to offer.
    """

    login: str
    display_name: str
    role: str
    organisation_id: int | None
    active: bool
    case_role: str | None = None

    @property
    def role_label(self) -> str:
        """The role in the user's language (with the case role, if any)."""
        if self.case_role is None or self.case_role == self.role:
            return label(USER_ROLES, self.role)
        return _("{role}、{case_role}").format(role=label(USER_ROLES, self.role),
                                              case_role=label(USER_ROLES, self.case_role))

    @property
    def may_see_full_ids(self) -> bool:
        """Whether lists may show unmasked ID and phone numbers to this user."""
        return unmasked(self.role, self.case_role)

    def may(self, action: str) -> bool:
        """Whether the permission table lets this account take ``action`` (scope aside)."""
        return allowed(self.role, self.case_role, action)


SYSTEM = UserInfo("system", "system", "admin", None, True, FIRST_CASE_ROLE)
"""Who acts when nobody in particular does: the first admin account, demo data, migrations."""


@cache
def _hasher() -> PasswordHasher:
    """The argon2 hasher, loaded with the first password set or checked.

    An account without a password (a demo base, a one-person office before its
    first password) never needs it, and loading argon2 cost 25 ms of the start.
    """
    from argon2 import PasswordHasher

    return PasswordHasher()


def _info(user: User) -> UserInfo:
    return UserInfo(user.login, user.display_name, user.role, user.organisation_id, user.active,
                    user.case_role)


def ensure_admin(db: Database) -> None:
    """Create the ``admin`` account if the case base has no account at all.

    It is a system administrator who is also a centre director for case work,
    so a one-person office can register and mediate cases at once.
    """
    with UnitOfWork(db, SYSTEM) as uow:
        if uow.session.execute(select(User.id).limit(1)).first() is None:
            uow.session.add(User(login="admin", display_name=_("系统管理员"), role="admin",
                                 case_role=FIRST_CASE_ROLE))
            uow.commit()


def _require_user_admin(db: Database, actor: UserInfo, own_login: str | None = None) -> None:
    """Refuse account changes to anyone but an administrator (or the account's own holder)."""
    from app.services.security.access import require

    with db.session() as s:
        if own_login is not None and own_login == actor.login:
            require(s, actor, None)
        else:
            require(s, actor, "user.admin")


def add_user(
    db: Database,
    actor: UserInfo,
    login: str,
    role: str,
    display_name: str | None = None,
    password: str | None = None,
    organisation_id: int | None = None,
    case_role: str | None = None,
) -> UserInfo:
    """Create an account (administrators only); logins are unique, roles from the fixed list.

    ``case_role`` gives an administrator a second role for case work.
    """
    _require_user_admin(db, actor)
    login = login.strip()
    if not login or len(login) > 60 or any(c.isspace() for c in login):
        raise ValidationError(_("登录名不能为空、不能含空格，最长 60 个字符"), "login")
    require_key(USER_ROLES, role, "role")
    if case_role is not None and (role != "admin" or case_role not in CASE_ROLES):
        raise ValidationError(_("只有系统管理员账号可以另有办案角色，可选：{roles}").format(
            roles=", ".join(CASE_ROLES)), "case_role")
    if password is not None:
        check_password(password)
    with UnitOfWork(db, actor) as uow:
        if uow.session.execute(select(User.id).where(User.login == login)).first():
            raise ValidationError(_("登录名“{login}”已存在").format(login=login), "login")
        user = User(
            login=login,
            display_name=(display_name or login).strip(),
            role=role,
            case_role=case_role,
            organisation_id=organisation_id,
            password_hash=_hasher().hash(password) if password else None,
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


class PasswordNeeded(LoginRequired):
    """The account has a password and none was given: the caller may ask for it."""


class AccountLocked(LoginRequired):
    """Too many wrong passwords in a row: sign-in is refused until the lock runs out."""


def authenticate(db: Database, login: str, password: str | None, *,
                 now: datetime | None = None) -> UserInfo:
    """The account for ``login`` if it may work now; accounts without a password need none.

    Every face signs in here (the GUI, its idle lock, the CLI), so the
    lockout holds everywhere: the fifth wrong password in a row locks the
    account for 15 minutes, and both the attempts and the lock are audited.
    A right password clears the count.  ``now`` lets tests move the clock.
    """
    now = now or datetime.now()
    with db.session() as s:
        user = s.execute(select(User).where(User.login == login)).scalar_one_or_none()
        if user is None or not user.active:
            raise LoginRequired(_("没有可用的登录名“{login}”").format(login=login))
        info, stored = _info(user), user.password_hash
        failures, locked_until = user.failed_logins or 0, user.locked_until
    if locked_until is not None and locked_until > now:
        raise _locked(login, locked_until)
    if stored is None:
        return info
    if password is None:
        raise PasswordNeeded(_("请输入“{login}”的密码").format(login=login))
    from argon2.exceptions import VerificationError

    try:
        _hasher().verify(stored, password)
    except VerificationError as exc:
        raise _count_failure(db, info, now) from exc
    if failures or locked_until is not None:
        _clear_failures(db, info)
    return info


def _locked(login: str, until: datetime) -> AccountLocked:
    return AccountLocked(_("“{login}”因连续 {n} 次密码错误已锁定，{time} 解锁").format(
        login=login, n=MAX_FAILED_LOGINS, time=until.strftime("%Y-%m-%d %H:%M")))


def _count_failure(db: Database, info: UserInfo, now: datetime) -> LoginRequired:
    """Record one wrong password (audited, under the account tried); the fifth locks it."""
    with UnitOfWork(db, info) as uow:
        user = uow.session.execute(
            select(User).where(User.login == info.login).with_for_update()).scalar_one()
        failures = (user.failed_logins or 0) + 1
        uow.record_event("users", user.id, "login_failed",
                         {"login": user.login, "failed_logins": failures})
        error: LoginRequired = LoginRequired(_("密码不正确"))
        if failures >= MAX_FAILED_LOGINS:
            until = (now + LOCKOUT).replace(microsecond=0)
            failures, user.locked_until = 0, until
            uow.record_event("users", user.id, "account_locked",
                             {"login": user.login, "locked_until": until.isoformat()})
            error = _locked(user.login, until)
        user.failed_logins = failures
        uow.commit()
    return error


def _clear_failures(db: Database, info: UserInfo) -> None:
    with UnitOfWork(db, info) as uow:
        user = uow.session.execute(select(User).where(User.login == info.login)).scalar_one()
        user.failed_logins, user.locked_until = 0, None
        uow.commit()


def has_password(db: Database, actor: UserInfo) -> bool:
    """Whether the acting account signs in with a password (only then can the GUI lock itself)."""
    with db.session() as s:
        stored = s.execute(select(User.password_hash).where(User.login == actor.login)).scalar()
    return stored is not None


def set_password(db: Database, actor: UserInfo, login: str, password: str) -> None:
    """Give an account a new password: administrators any account, everyone their own."""
    _require_user_admin(db, actor, own_login=login)
    check_password(password)
    with UnitOfWork(db, actor) as uow:
        user = uow.session.execute(select(User).where(User.login == login)).scalar_one_or_none()
        if user is None:
            raise NotFoundError(_("没有登录名为“{login}”的用户").format(login=login))
        user.password_hash = _hasher().hash(password)
        user.failed_logins, user.locked_until = 0, None
        uow.commit()
