"""Accounts: unknown or inactive logins are refused, passwords checked with argon2."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.domain.errors import ValidationError
from app.services.casebase.workspace import open_workspace
from app.services.security.users import (
    LoginRequired,
    add_user,
    authenticate,
    ensure_admin,
    set_password,
)
from app.store.database import Database
from app.store.models import User
from tests.services.fixtures import ADMIN


def test_admin_without_password_signs_in(sqlite_db: Database) -> None:
    ensure_admin(sqlite_db)
    assert authenticate(sqlite_db, "admin", None).role == "admin"


def test_unknown_login_is_refused_not_turned_into_admin(migrated_sqlite_url: str) -> None:
    with pytest.raises(LoginRequired):
        open_workspace(migrated_sqlite_url, "viewr1")


def test_password_is_required_and_checked(db: Database) -> None:
    add_user(db, ADMIN, "liwen", "clerk", "李文", password="correct horse 9")
    with pytest.raises(LoginRequired, match="密码"):
        authenticate(db, "liwen", None)
    with pytest.raises(LoginRequired, match="不正确"):
        authenticate(db, "liwen", "wrong password")
    assert authenticate(db, "liwen", "correct horse 9").display_name == "李文"
    with db.session() as s:
        stored = s.execute(select(User.password_hash).where(User.login == "liwen")).scalar()
    assert stored and stored.startswith("$argon2")


def test_inactive_account_is_refused(db: Database) -> None:
    add_user(db, ADMIN, "gone", "viewer")
    with db.session() as s:
        s.execute(select(User).where(User.login == "gone")).scalar_one().active = False
        s.commit()
    with pytest.raises(LoginRequired):
        authenticate(db, "gone", None)


def test_set_password_rules(sqlite_db: Database) -> None:
    ensure_admin(sqlite_db)
    with pytest.raises(ValidationError):
        set_password(sqlite_db, ADMIN, "admin", "short")
    set_password(sqlite_db, ADMIN, "admin", "a long passphrase 9")
    with pytest.raises(LoginRequired):
        authenticate(sqlite_db, "admin", None)


def test_role_label_reads_in_each_language() -> None:
    """Two roles join with 、 in Chinese and a comma in English (no Chinese left in English)."""
    from app import i18n
    from app.services.security.users import UserInfo

    user = UserInfo("wang", "王", "director", None, True, case_role="mediator")
    i18n.activate("zh_CN")
    assert "、" in user.role_label
    try:
        i18n.activate("en")
        english = user.role_label
    finally:
        i18n.activate("zh_CN")
    assert ", " in english and not any("\u4e00" <= ch <= "\u9fff" or ch == "、" for ch in english)
