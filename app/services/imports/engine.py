"""One pass over a ledger: every row checked, and (when importing) written, in chunks.

The same pass serves the preview (dry run) and the import, so what the
preview promises is what the import does.  Rows are read one at a time from
the sheet and handled a chunk at a time, so the case base is asked about a
chunk's numbers and parties in a few queries, and memory stays flat however
long the ledger is.  The first problem stops the writing (the transaction
will be rolled back) but not the checking: the user gets every problem of
the file in one go, by row and column.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import closing
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.deadlines import default_deadline
from app.domain.ledger_rows import AGREEMENT_STATUSES, RowProblem, SkippedRow
from app.domain.ledger_values import cell_text, is_blank
from app.domain.text import _
from app.domain.workflow import CaseStatus
from app.services.imports.bulk import quiet_write
from app.services.imports.checking import (
    PARALLEL_FROM,
    CheckingProcess,
    ReaderSpec,
    check_rows,
)
from app.services.imports.numbers import CaseNumber, Numbering
from app.services.imports.packed import ImportRow, Packed
from app.services.imports.parties import PartyRef, PartyResolver
from app.services.imports.plan import LedgerPlan
from app.services.imports.sheets import LedgerSheet
from app.services.imports.types import (
    MAX_PROBLEMS,
    PREVIEW_ROWS,
    ImportCancelled,
    ImportCounts,
    ImportRequest,
    PreviewRow,
)
from app.services.imports.writer import Ids, Writer
from app.services.mediation.deadlines import rule_days
from app.services.security.access import Access
from app.store.models import Case, Mediator, Organisation, Party

CHUNK = 1000
Progress = Callable[[int, int], bool]
_ENDED = {CaseStatus.NOT_AGREED.value, CaseStatus.WITHDRAWN.value,
          CaseStatus.REFERRED_OUT.value}
_AGREED = CaseStatus.AGREED.value
_REFUSED = CaseStatus.REFUSED.value


class LedgerRun:
    """Checks (and with a writer, stores) every row of one sheet for one organisation."""

    def __init__(self, session: Session, who: Access, org: Organisation, sheet: LedgerSheet,
                 plan: LedgerPlan, request: ImportRequest, *, write: bool,
                 batch_id: int | None = None, process: CheckingProcess | None = None) -> None:
        self.s, self.who, self.org, self.sheet, self.plan = session, who, org, sheet, plan
        self.process = process
        """The checking process started while the file was opened (None: start one if the
        ledger is long enough to be checked apart)."""
        conn = session.connection()
        self.ids = Ids(conn) if write else None
        self.batch_id = batch_id
        self.spec = ReaderSpec(tuple(plan.layout.labels), dict(plan.columns), plan.mapping,
                               datetime.now())
        self.reader = self.spec.reader()
        no_cases, no_parties = _empty_tables(session)
        self.numbering = Numbering(session, lock=write, base_empty=no_cases)
        self._temp = 0
        self.parties = PartyResolver(session, request.match_name_phone, self._party_id,
                                     registry_empty=no_parties)
        self.rules = rule_days(session)
        self.orgs = self._organisations() if "organisation" in plan.columns.values() else {}
        self.mediators = self._mediators() if "mediator" in plan.columns.values() else None
        self.problems: list[RowProblem] = []
        self.problem_count = 0
        self.warnings: list[RowProblem] = []
        self.skipped: list[SkippedRow] = []
        self.preview: list[PreviewRow] = []
        self.unknown_mediators: Counter[str] = Counter()
        self.rows = self.cases = self.agreements = self.assigned = 0
        self.quiet = quiet_write(conn, sheet.total_rows, self.ids.next) \
            if self.ids is not None else None
        self.login = who.user.login
        self.refusal_text = _("台账记载：不予受理")
        """A refused case's reason, translated once per import, not per row."""
        self.obligation_text = _("按调解协议给付（台账记载的协议金额）")
        """An imported agreement's obligation, translated once per import."""
        self.writer = Writer(conn) if write else None  # last: it is closed by run()

    def _party_id(self) -> int:
        """A new party's id (negative and unused in a preview); ``_temp`` counts them."""
        self._temp -= 1
        return self.ids.take("parties") if self.ids is not None else self._temp

    def _organisations(self) -> dict[str, Organisation]:
        found: dict[str, Organisation] = {}
        for org in self.s.execute(select(Organisation)).scalars():
            if self.who.organisation_ids is None or org.id in self.who.organisation_ids:
                for key in (org.code, org.name, org.short_name):
                    found.setdefault(key, org)
        return found

    def _mediators(self) -> dict[str, int | None]:
        found: dict[str, int | None] = {}
        for mediator_id, name in self.s.execute(
                select(Mediator.id, Mediator.name).where(Mediator.active)).all():
            found[name] = None if name in found else int(mediator_id)
        return found

    @property
    def writing(self) -> bool:
        """Still writing: a writer was given and no row has had a problem."""
        return self.writer is not None and self.problem_count == 0

    def problem(self, row: int, key: str, message: str) -> None:
        """Record one problem (``key``: the field whose column it is in)."""
        self._add(RowProblem(row, self.reader.label(key) if key else "", message))

    def problems_in_order(self) -> tuple[RowProblem, ...]:
        """The problems kept, by row: a row's own are found as it is read, those between rows
        (a repeated case number, one ID number under two names) when its chunk is placed."""
        return tuple(sorted(self.problems, key=lambda problem: problem.row))

    def _add(self, item: RowProblem) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(item)

    def run(self, progress: Progress | None = None) -> None:
        """Read every row; raise ImportCancelled when ``progress`` returns False."""
        first = self.plan.layout.first_data_row
        total = max(self.sheet.total_rows - first + 1, 1)
        self._read_ahead(first)
        chunk: list[ImportRow] = []
        parallel = total >= PARALLEL_FROM
        if self.quiet is not None:
            self.quiet.start()
        try:
            with closing(check_rows(self.sheet.rows(first), self.spec, parallel,
                                    self.process)) as checked:
                for done, (_number, outcome) in enumerate(checked, 1):
                    chunk = self._take(outcome, chunk)
                    if progress is not None and done % CHUNK == 0 and not progress(done, total):
                        raise ImportCancelled()
            self._chunk(chunk)
            if self.writing:
                assert self.writer is not None
                self.writer.flush()
                self.writer.wait()
                if self.quiet is not None:
                    self.quiet.finish()
        finally:
            if self.writer is not None:
                self.writer.close()
        if progress is not None and not progress(total, total):
            raise ImportCancelled()

    def _take(self, outcome: Packed, chunk: list[ImportRow]) -> list[ImportRow]:
        """Count one row's outcome; a full chunk is placed (and written) at once."""
        if isinstance(outcome, ImportRow):
            chunk.append(outcome)
            if outcome.warnings:
                self.warnings.extend(outcome.warnings)
        elif isinstance(outcome, SkippedRow):
            self.skipped.append(outcome)
        elif outcome is not None:
            for item in outcome:
                self._add(item)
        if outcome is not None and not isinstance(outcome, SkippedRow):
            self.rows += 1
        if len(chunk) >= CHUNK:
            self._chunk(chunk)
            return []
        return chunk

    def _org_of(self, record: ImportRow) -> Organisation | str:
        if record.organisation is None or not self.orgs:
            return self.org
        org = self.orgs.get(record.organisation)
        if org is None:
            return _("没有名为“{name}”的调解组织（或不在您的辖区内）").format(
                name=record.organisation)
        return org

    def _read_ahead(self, first: int) -> None:
        """Note every ledger number in an office's own pattern before numbering any row."""
        number_column = next((i for i, k in self.plan.columns.items() if k == "number"), None)
        if number_column is None:
            return
        org_column = next((i for i, k in self.plan.columns.items() if k == "organisation"), None)
        for _row, cells in self.sheet.rows(first):
            if number_column >= len(cells) or is_blank(cells[number_column]):
                continue
            org = self.org
            if org_column is not None and org_column < len(cells) and self.orgs:
                org = self.orgs.get(cell_text(cells[org_column]).strip(), self.org)
            self.numbering.note(org, cell_text(cells[number_column]).strip())

    def _chunk(self, records: Sequence[ImportRow]) -> None:
        """Number, look up and place a chunk; the chunk before is written meanwhile."""
        if self.writer is not None:
            self.writer.wait()
        placed: list[tuple[ImportRow, int, CaseNumber]] = []
        for record in records:
            org = self._org_of(record)
            if isinstance(org, str):
                self.problem(record.row, "organisation", org)
                continue
            assigned = self.numbering.assign(org, record.number, record.received_at.year)
            clash = self.numbering.clashes(record.row, assigned)
            if clash is not None:
                self.problem(record.row, "number", clash)
                continue
            placed.append((record, org.id, assigned))
        numbers, places = self.numbering.taken(
            [a.number for _r, _i, a in placed],
            [(org_id, a.year, a.seq) for _r, org_id, a in placed])
        self.parties.prefetch(p for r, _i, _a in placed for p in r.parties)
        if self.writing:
            assert self.writer is not None
            self.writer.flush()
        for record, org_id, assigned in placed:
            self._place(record, org_id, assigned, numbers, places)

    def _place(self, record: ImportRow, org_id: int, assigned: CaseNumber,
               numbers: set[str], places: set[tuple[int, int, int]]) -> None:
        before = self.problem_count
        if assigned.number in numbers:
            self.problem(record.row, "number", _(
                "自动编号“{number}”已被其他组织使用：请管理员检查该组织的简称或编号格式")
                .format(number=assigned.number) if assigned.on_import else
                _("案号“{number}”已存在").format(number=assigned.number))
        elif (org_id, assigned.year, assigned.seq) in places:
            self.problem(record.row, "number", _("案号“{number}”的序号已被本组织另一案件使用")
                         .format(number=assigned.number))
        refs: list[PartyRef] = []
        for party in record.parties:
            ref = self.parties.resolve(party, record.row)
            if isinstance(ref, str):
                side = "applicant" if party.role == "applicant" else "respondent"
                self.problem(record.row, f"{side}.id_number", ref)
            else:
                refs.append(ref)
        mediator_id = None
        if record.mediator is not None and self.mediators is not None:
            mediator_id = self.mediators.get(record.mediator)
            if mediator_id is None:
                self.unknown_mediators[record.mediator] += 1
        if self.problem_count > before:
            return
        self.cases += 1
        self.assigned += assigned.on_import
        self.agreements += record.status in AGREEMENT_STATUSES
        if len(self.preview) < PREVIEW_ROWS:
            self.preview.append(_preview(record, assigned))
        if self.writing:
            self._write(record, org_id, assigned, refs, mediator_id)

    def _write(self, record: ImportRow, org_id: int, assigned: CaseNumber,
               refs: list[PartyRef], mediator_id: int | None) -> None:
        assert self.writer is not None and self.ids is not None
        w, ids = self.writer, self.ids
        for ref in refs:
            if ref.new:
                p = ref.input
                w.add("parties", (ref.id, p.kind, p.name, p.initials,
                                  "resident_id" if p.id_number else None, p.id_number, p.gender,
                                  w.day(p.birth_date), p.ethnicity, p.phone, p.address,
                                  p.occupation, p.credit_code, p.legal_representative, 1, w.now))
                w.index("party", ref.id, (p.name, p.id_number, p.phone, p.credit_code,
                                          p.address), p.terms)
        case_id = ids.take("cases")
        status = record.status
        deadline = record.deadline or default_deadline(record.source,
                                                       record.received_at.date(), self.rules)
        outcome = (_AGREED if status in AGREEMENT_STATUSES
                   else status if status in _ENDED else None)
        refusal = self.refusal_text if status == _REFUSED else None
        w.add("cases", (case_id, assigned.number, assigned.year, assigned.seq, record.source,
                        record.category, record.facts, record.claims, w.money(record.amount),
                        record.people_involved, record.risk, w.moment(record.received_at),
                        w.day(deadline), status, org_id, org_id, mediator_id, self.login,
                        outcome, refusal, w.day(record.closed_on), False, False, False, False,
                        False, False, self.batch_id, assigned.on_import, 1, w.now))
        texts: list[str | None] = [assigned.number]
        for ordinal, ref in enumerate(refs):
            p = ref.input
            w.add("case_parties", (ids.take("case_parties"), case_id, ref.id, p.role, ordinal,
                                   1, w.now))
            texts += [p.name, p.id_number, p.phone, p.credit_code]
        w.index("case", case_id, [*texts, record.facts, record.claims], record.case_terms)
        if status in AGREEMENT_STATUSES:
            self._agreement(record, case_id, assigned.number, refs)

    def _agreement(self, record: ImportRow, case_id: int, number: str,
                   refs: list[PartyRef]) -> None:
        assert self.writer is not None and self.ids is not None
        w = self.writer
        agreement_id = self.ids.take("agreements")
        w.add("agreements", (agreement_id, case_id, "written", number, w.day(record.closed_on),
                             w.day(record.closed_on), "pending", 1, w.now))
        amount = record.agreement_amount
        debtor = next((r.id for r in refs if r.input.role == "respondent"), None)
        creditor = next((r.id for r in refs if r.input.role == "applicant"), None)
        if amount is not None and amount > 0 and debtor is not None and creditor is not None:
            w.add("obligations", (self.ids.take("obligations"), agreement_id, 0, debtor,
                                  creditor, "money", w.money(amount), self.obligation_text,
                                  "pending", 1, w.now))

    def counts(self) -> ImportCounts:
        """What the pass found (or wrote)."""
        new = -self._temp
        return ImportCounts(self.rows, self.cases, new, self.parties.found,
                            self.parties.offers, self.parties.merged, self.assigned,
                            self.agreements)

    def mediator_warnings(self) -> list[RowProblem]:
        """One line per ledger mediator not in the register (the cases are kept, unlinked)."""
        return [RowProblem(0, self.reader.label("mediator"), _(
            "“{name}”不在调解员名册中（或重名），{n} 件案件不关联调解员").format(name=name, n=n))
            for name, n in self.unknown_mediators.most_common()]


def _empty_tables(session: Session) -> tuple[bool, bool]:
    """(no cases, no parties) in the case base, where that holds for the whole import.

    On SQLite the import's transaction already holds the write lock (the batch
    row is written first) and a preview reads one snapshot, so an office's
    first import need not look its ledger's numbers and people up in empty
    tables, a few queries per thousand rows.  On PostgreSQL other offices may
    write meanwhile: it always looks them up.
    """
    if session.get_bind().dialect.name != "sqlite":
        return False, False
    return (session.scalar(select(Case.id).limit(1)) is None,
            session.scalar(select(Party.id).limit(1)) is None)


def _preview(record: ImportRow, assigned: CaseNumber) -> PreviewRow:
    parties = record.parties
    return PreviewRow(record.row, assigned.number, assigned.on_import,
                      record.received_at, record.category, record.source, record.status,
                      "、".join(p.name for p in parties if p.role == "applicant"),
                      "、".join(p.name for p in parties if p.role == "respondent"),
                      record.amount, record.agreement_amount, record.closed_on)
