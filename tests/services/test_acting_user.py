"""Every service entry point is told who acts, in one way: ``actor: UserInfo`` after ``db``.

A public function of app/services that takes the case base (``db``) first is
something the GUI or the CLI calls to read or change case data.  The
permission check of role and scope needs the acting user at each of them,
so each takes it as its second parameter, named ``actor`` and typed
:class:`UserInfo` (not a login string).  The few that run before anyone has
signed in are listed below with the reason; a new entry point without an
actor fails here.  (Signing in from a URL, ``open_workspace``, takes no
``db`` and is outside this rule.)
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from types import ModuleType

import app.services
from app.services.security.users import UserInfo

WITHOUT_ACTOR = {
    "app.services.casebase.opening": "opens and checks a case base before anyone signs in",
    "app.services.security.users.authenticate": "signs in: finds out who acts",
    "app.services.security.users.get_user": "looks up who acts (sign-in, --user)",
    "app.services.security.users.ensure_admin": "creates the first account, as the system",
}
"""Entry points that cannot have an actor (a module name covers all of its functions)."""


def _modules() -> Iterator[ModuleType]:
    yield app.services
    for info in pkgutil.walk_packages(app.services.__path__, "app.services."):
        yield importlib.import_module(info.name)


def _entry_points() -> Iterator[tuple[str, Callable[..., object]]]:
    """Public functions defined in app/services whose first parameter is ``db``."""
    for module in _modules():
        for name, fn in vars(module).items():
            if (inspect.isfunction(fn) and fn.__module__ == module.__name__
                    and not name.startswith("_")):
                params = list(inspect.signature(fn).parameters)
                if params and params[0] == "db":
                    yield f"{module.__name__}.{name}", fn


def _allowed(qualified: str) -> bool:
    return qualified in WITHOUT_ACTOR or qualified.rsplit(".", 1)[0] in WITHOUT_ACTOR


def _takes_actor(fn: Callable[..., object]) -> bool:
    """Second parameter ``actor`` annotated with the real UserInfo (a string under PEP 563)."""
    params = list(inspect.signature(fn).parameters.values())
    if len(params) < 2 or params[1].name != "actor":
        return False
    annotation = params[1].annotation
    if annotation == "UserInfo":
        return fn.__globals__.get("UserInfo") is UserInfo
    return annotation is UserInfo


def _offenders(functions: Iterator[tuple[str, Callable[..., object]]]) -> list[str]:
    return sorted(name for name, fn in functions if not _allowed(name) and not _takes_actor(fn))


def test_every_service_entry_point_takes_the_acting_user() -> None:
    checked = list(_entry_points())
    assert len(checked) > 80  # the walk really reaches the services
    assert _offenders(iter(checked)) == []


def test_the_allowlist_names_only_real_entry_points() -> None:
    names = {name for name, _fn in _entry_points()}
    stale = [entry for entry in WITHOUT_ACTOR
             if entry not in names and not any(n.startswith(entry + ".") for n in names)]
    assert stale == []


def test_an_entry_point_without_an_actor_is_caught() -> None:
    def by_login(db: object, user: str, case_id: int) -> None:
        """A service taking the login string, as they used to."""

    def unaware(db: object, case_id: int) -> None:
        """A read that does not know who reads."""

    def well_formed(db: object, actor: UserInfo, case_id: int) -> None:
        """What every entry point looks like."""

    found = iter([("app.services.cases.x.by_login", by_login),
                  ("app.services.cases.x.unaware", unaware),
                  ("app.services.cases.x.well_formed", well_formed)])
    assert _offenders(found) == ["app.services.cases.x.by_login", "app.services.cases.x.unaware"]
