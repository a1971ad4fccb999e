"""Signing in: password rules, lockout after five wrong passwords (audited), demo and real bases.

The clock is passed in (``now=``), so a 15-minute lock is tested without waiting.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from app.domain.errors import ValidationError
from app.domain.passwords import check_password
from app.services.casebase.workspace import open_workspace, password_setup_needed
from app.services.security.users import (
    LOCKOUT,
    AccountLocked,
    LoginRequired,
    PasswordNeeded,
    add_user,
    authenticate,
    ensure_admin,
    has_password,
    set_password,
)
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import AuditEntry, CasebaseSetting, User
from tests.services.fixtures import ADMIN

T0 = datetime(2026, 12, 1, 9, 0)
GOOD = "Tiaojie2026"


@pytest.mark.parametrize("password", ["short1", "onlyletters", "12345678901", "汉字汉字汉字汉字"])
def test_weak_passwords_are_refused_with_one_line(password: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_password(password)
    assert caught.value.field == "password"
    assert str(caught.value) == "密码至少需要 8 个字符，并且要同时包含字母和数字"


@pytest.mark.parametrize("password", ["abcd1234", "Tiaojie2026", "调解台调解台2026"])
def test_eight_characters_mixing_letters_and_digits_pass(password: str) -> None:
    check_password(password)


def test_accounts_get_only_passwords_that_keep_the_rule(sqlite_db: Database) -> None:
    ensure_admin(sqlite_db)
    with pytest.raises(ValidationError, match="字母和数字"):
        add_user(sqlite_db, ADMIN, "liwen", "clerk", password="password")
    with pytest.raises(ValidationError, match="字母和数字"):
        set_password(sqlite_db, ADMIN, "admin", "12345678")
    add_user(sqlite_db, ADMIN, "liwen", "clerk", password=GOOD)
    with pytest.raises(PasswordNeeded, match="请输入“liwen”的密码"):
        authenticate(sqlite_db, "liwen", None)
    assert authenticate(sqlite_db, "liwen", GOOD).login == "liwen"


def _state(db: Database, login: str) -> tuple[int, datetime | None]:
    with db.session() as s:
        user = s.execute(select(User).where(User.login == login)).scalar_one()
        return user.failed_logins, user.locked_until


def test_fifth_wrong_password_locks_for_15_minutes_then_the_lock_expires(db: Database) -> None:
    ensure_admin(db)
    add_user(db, ADMIN, "liwen", "clerk", password=GOOD)
    for attempt in range(1, 5):
        with pytest.raises(LoginRequired, match=r"^密码不正确$") as caught:
            authenticate(db, "liwen", "wrong0000", now=T0)
        assert not isinstance(caught.value, AccountLocked)
        assert _state(db, "liwen") == (attempt, None)
    with pytest.raises(AccountLocked, match="2026-12-01 09:15 解锁"):
        authenticate(db, "liwen", "wrong0000", now=T0)
    assert _state(db, "liwen") == (0, T0 + LOCKOUT)
    with pytest.raises(AccountLocked, match="连续 5 次密码错误已锁定"):
        authenticate(db, "liwen", GOOD, now=T0 + timedelta(minutes=14, seconds=59))
    assert authenticate(db, "liwen", GOOD, now=T0 + LOCKOUT).login == "liwen"
    assert _state(db, "liwen") == (0, None)


def test_a_right_password_resets_the_count(sqlite_db: Database) -> None:
    ensure_admin(sqlite_db)
    add_user(sqlite_db, ADMIN, "liwen", "clerk", password=GOOD)
    for _round in range(2):
        for _attempt in range(4):
            with pytest.raises(LoginRequired):
                authenticate(sqlite_db, "liwen", "wrong0000", now=T0)
        authenticate(sqlite_db, "liwen", GOOD, now=T0)
        assert _state(sqlite_db, "liwen") == (0, None)


def test_failed_attempts_and_the_lock_are_audited(sqlite_db: Database) -> None:
    ensure_admin(sqlite_db)
    add_user(sqlite_db, ADMIN, "liwen", "clerk", password=GOOD)
    for _attempt in range(5):
        with pytest.raises(LoginRequired):
            authenticate(sqlite_db, "liwen", "wrong0000", now=T0)
    with sqlite_db.session() as s:
        events = s.execute(select(AuditEntry.user_login, AuditEntry.action)
                           .where(AuditEntry.action.in_(("login_failed", "account_locked")))
                           .order_by(AuditEntry.id)).all()
    assert [tuple(e) for e in events] == [("liwen", "login_failed")] * 5 + [
        ("liwen", "account_locked")]


def test_setting_a_new_password_lifts_the_lock(sqlite_db: Database) -> None:
    ensure_admin(sqlite_db)
    add_user(sqlite_db, ADMIN, "liwen", "clerk", password=GOOD)
    for _attempt in range(5):
        with pytest.raises(LoginRequired):
            authenticate(sqlite_db, "liwen", "wrong0000")
    set_password(sqlite_db, ADMIN, "liwen", "Another2027")
    assert authenticate(sqlite_db, "liwen", "Another2027").login == "liwen"


def test_unknown_and_disabled_accounts_are_refused_even_without_password(
        sqlite_db: Database) -> None:
    ensure_admin(sqlite_db)
    add_user(sqlite_db, ADMIN, "gone", "viewer")
    with sqlite_db.session() as s:
        s.execute(select(User).where(User.login == "gone")).scalar_one().active = False
        s.commit()
    for login in ("gone", "ghost"):
        with pytest.raises(LoginRequired, match=f"没有可用的登录名“{login}”"):
            authenticate(sqlite_db, login, None)


def test_a_real_base_needs_an_administrator_password_a_demo_base_does_not(
        db: Database) -> None:
    ensure_admin(db)
    admin = authenticate(db, "admin", None)
    assert password_setup_needed(db, admin) and not has_password(db, admin)
    set_password(db, admin, "admin", GOOD)
    assert not password_setup_needed(db, admin) and has_password(db, admin)


def test_the_demo_generator_marks_its_base(small_demo: Database) -> None:
    with small_demo.session() as s:
        mark = s.execute(select(CasebaseSetting.value)
                         .where(CasebaseSetting.key == "demo")).scalar()
    assert mark == "1"
    assert not password_setup_needed(small_demo, authenticate(small_demo, "admin", None))


def test_only_the_administrator_may_open_a_real_base_without_password(
        migrated_sqlite_url: str) -> None:
    workspace = open_workspace(migrated_sqlite_url, "admin")
    add_user(workspace.db, workspace.user, "liwen", "clerk")
    assert not workspace.has_password
    workspace.close()
    with pytest.raises(LoginRequired, match="管理员还没有设置密码"):
        open_workspace(migrated_sqlite_url, "liwen")
    workspace = open_workspace(migrated_sqlite_url, "admin")
    set_password(workspace.db, workspace.user, "admin", GOOD)
    workspace.close()
    clerk = open_workspace(migrated_sqlite_url, "liwen")
    assert clerk.user.login == "liwen" and not clerk.has_password
    clerk.close()
    signed_in = open_workspace(migrated_sqlite_url, "admin", GOOD)
    assert signed_in.has_password
    signed_in.close()


def test_a_demo_mark_needs_the_value_1(sqlite_db: Database) -> None:
    ensure_admin(sqlite_db)
    with UnitOfWork(sqlite_db, ADMIN) as uow:
        uow.session.add(CasebaseSetting(key="demo", value="0"))
        uow.commit()
    assert password_setup_needed(sqlite_db, ADMIN)
