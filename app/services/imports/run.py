"""Previewing and importing a ledger: the two use cases the wizard and ``tiaojie import`` call.

The import is all or nothing: one transaction holds the batch, its cases,
parties, agreements, counters and search entries, and any problem in any
row (or Cancel) rolls all of it back.  The preview runs the very same pass
in a read-only session, so it finds exactly the problems the import would.
Both take the one authorisation check first, as intake does: importing is
registering cases, for an organisation in the user's own scope.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.errors import ValidationError
from app.domain.text import _
from app.services.errors import PermissionDenied
from app.services.imports.checking import CheckingProcess, checking_process
from app.services.imports.engine import LedgerRun, Progress
from app.services.imports.plan import plan_for
from app.services.imports.sheets import file_sha256, open_sheet
from app.services.imports.types import (
    NO_CASES,
    EarlierImport,
    ImportPreview,
    ImportRejected,
    ImportRequest,
    ImportResult,
    SameFileImported,
)
from app.services.imports.writer import expand_runs, id_runs
from app.services.security.access import Access, action_label, require
from app.services.security.users import UserInfo
from app.services.uow import UnitOfWork
from app.store.database import Database
from app.store.models import ImportBatch, Organisation

ACTION = "case.register"
"""Importing cases is registering them (app/domain/permissions.py)."""


def _organisation(session: Session, who: Access, code: str | None) -> Organisation:
    """The organisation the cases belong to: the one named, else the user's own."""
    if code:
        org = session.execute(select(Organisation).where(Organisation.code == code)
                              ).scalar_one_or_none()
        if org is None:
            raise ValidationError(_("未知的调解组织代码“{code}”").format(code=code), "organisation")
    else:
        org = session.get(Organisation, who.user.organisation_id) \
            if who.user.organisation_id is not None else None
        if org is None:
            raise ValidationError(_("请选择案件所属的调解组织"), "organisation")
    if who.organisation_ids is not None and org.id not in who.organisation_ids:
        raise PermissionDenied(_("{org}不在您的辖区内，不能为它进行“{action}”").format(
            org=org.name, action=action_label(ACTION)))
    return org


def _earlier(session: Session, digest: str) -> EarlierImport | None:
    batch = session.execute(select(ImportBatch).where(ImportBatch.sha256 == digest,
                                                      ImportBatch.undone_at.is_(None))
                            .order_by(ImportBatch.id.desc()).limit(1)).scalar_one_or_none()
    if batch is None:
        return None
    return EarlierImport(batch.id, batch.file_name, batch.imported_by, batch.imported_at)


def preview_ledger(db: Database, actor: UserInfo, request: ImportRequest,
                   progress: Progress | None = None) -> ImportPreview:
    """A dry run: the first rows as they will be stored and every problem, writing nothing."""
    with checking_process(request.path) as process:
        sheet = open_sheet(request.path, request.sheet)
        plan = plan_for(sheet, request.mapping)
        digest = file_sha256(request.path)
        with db.session() as s:
            who = require(s, actor, ACTION)
            org = _organisation(s, who, request.organisation)
            run = LedgerRun(s, who, org, sheet, plan, request, write=False, process=process)
            run.run(progress)
            earlier = _earlier(s, digest)
    return ImportPreview(sheet.name, run.counts(), tuple(run.preview), run.problems_in_order(),
                         run.problem_count, tuple(run.warnings + run.mediator_warnings()),
                         tuple(run.skipped), earlier)


def import_ledger(db: Database, actor: UserInfo, request: ImportRequest,
                  progress: Progress | None = None) -> ImportResult:
    """Import every row as one batch, or nothing: ImportRejected lists the problems."""
    with checking_process(request.path) as process:
        return _import(db, actor, request, process, progress)


def _import(db: Database, actor: UserInfo, request: ImportRequest,
            process: CheckingProcess | None, progress: Progress | None) -> ImportResult:
    sheet = open_sheet(request.path, request.sheet)
    plan = plan_for(sheet, request.mapping)
    digest = file_sha256(request.path)
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        who = require(s, actor, ACTION)
        org = _organisation(s, who, request.organisation)
        earlier = _earlier(s, digest)
        if earlier is not None and not request.same_file_confirmed:
            raise SameFileImported(earlier)
        batch = ImportBatch(file_name=Path(request.path).name[:260], sha256=digest,
                            sheet=sheet.name[:120],
                            mapping=json.dumps(request.mapping.to_json(), ensure_ascii=False,
                                               sort_keys=True),
                            organisation_id=org.id, imported_by=actor.login,
                            imported_at=datetime.now().replace(microsecond=0), cases=0,
                            parties_created="[]", counters="{}")
        s.add(batch)
        s.flush()
        run = LedgerRun(s, who, org, sheet, plan, request, write=True, batch_id=batch.id,
                        process=process)
        run.run(progress)
        if run.problem_count:
            raise ImportRejected(run.problems_in_order(), run.problem_count)
        if not run.cases:
            raise ValidationError(_(NO_CASES), "file")
        assert run.writer is not None
        moved = run.numbering.moved()
        run.numbering.save()
        batch.cases = run.cases
        batch.parties_created = json.dumps(id_runs(list(expand_runs(
            run.writer.created_parties))))
        batch.counters = json.dumps({f"{org_id}:{year}": list(values)
                                     for (org_id, year), values in sorted(moved.items())})
        s.flush()
        uow.record_event("import_batches", batch.id, "import", {
            "file_name": batch.file_name, "sha256": digest, "sheet": batch.sheet,
            "cases": run.cases, "id_ranges": run.writer.ranges.spans})
        uow.commit()
        return ImportResult(batch.id, run.counts(),
                            tuple(run.warnings + run.mediator_warnings()), tuple(run.skipped))


def own_organisation(db: Database, actor: UserInfo) -> str | None:
    """The code of the organisation an import goes to unless told otherwise: the user's own."""
    with db.session() as s:
        who = require(s, actor, ACTION)
        if who.user.organisation_id is None:
            return None
        return s.scalar(select(Organisation.code)
                        .where(Organisation.id == who.user.organisation_id))
