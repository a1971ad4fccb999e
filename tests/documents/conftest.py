"""One demo case base for all document tests, and the demo case each kind is made from.

Rendering does not depend on the backend (the service tests cover both), so
the documents are generated from one SQLite demo database per module: a copy
of the 300-case demo county generated once per session (tests/support/templates.py).
The cases are taken from people's mediation committees, which issue every paper
(a body that belongs to no committee is refused: tests/documents/test_house_style.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy import Select, func, select

from app.domain.document_kinds import COMMITTEE_KINDS
from app.store.database import Database
from app.store.models import (
    Agreement,
    Case,
    FollowUp,
    JudicialConfirmation,
    MediationSession,
    Organisation,
)
from tests.support.templates import DEMO_COUNTY, SqliteTemplates

Row = TypeVar("Row", bound=Any)


def by_committee(query: Select[Row]) -> Select[Row]:
    """``query`` (over cases) limited to cases handled by a people's mediation committee."""
    return query.join(Organisation, Organisation.id == func.coalesce(
        Case.current_organisation_id, Case.organisation_id)).where(
        Organisation.kind.in_(COMMITTEE_KINDS))


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory,
            sqlite_templates: SqliteTemplates) -> Iterator[Database]:
    """The module's own copy of the 300-case demo county (seed 7)."""
    path: Path = tmp_path_factory.mktemp("docs") / "demo.db"
    database = Database(sqlite_templates.copy(DEMO_COUNTY, path))
    yield database
    database.dispose()


@pytest.fixture(scope="module")
def case_for(demo_db: Database) -> dict[str, int]:
    """For each kind, the id of a demo case that has the data it prints."""
    with demo_db.session() as s:
        written = s.execute(by_committee(
            select(Agreement.case_id).join(Case, Case.id == Agreement.case_id)
            .join(JudicialConfirmation, JudicialConfirmation.agreement_id == Agreement.id)
            .join(FollowUp, FollowUp.case_id == Agreement.case_id)
            .join(MediationSession, MediationSession.case_id == Agreement.case_id)
            .where(Agreement.form == "written").order_by(Agreement.id))).scalars().first()
        oral = s.execute(by_committee(
            select(Agreement.case_id).join(Case, Case.id == Agreement.case_id)
            .where(Agreement.form == "oral").order_by(Agreement.id))).scalars().first()
        failed = s.execute(by_committee(
            select(Case.id).join(MediationSession, MediationSession.case_id == Case.id)
            .where(Case.status == "not_agreed"))).scalars().first()
    assert written and oral and failed
    return {"application": written, "intake-form": written, "session-record": written,
            "agreement": written, "oral-agreement": oral, "judicial-confirmation": written,
            "followup": written, "termination": failed, "file-cover": written,
            "file-index": written}
