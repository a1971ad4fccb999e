"""What the import's callers hand in and get back: requests, previews, results, refusals.

All plain frozen dataclasses, so the GUI can hold them across threads and the
CLI can print them; the errors are DomainErrors whose message is one line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from app.domain.errors import DomainError
from app.domain.ledger_mapping import LedgerMapping
from app.domain.ledger_rows import RowProblem, SkippedRow
from app.domain.text import N_, _

MAX_PROBLEMS = 10000
"""Problems kept for showing; past this only their number is counted."""
PREVIEW_ROWS = 20


@dataclass(frozen=True)
class ImportRequest:
    """One ledger to bring in, and how.

    ``organisation`` is the code of the organisation the cases belong to
    (default: the acting user's own); ``same_file_confirmed`` imports a file
    that was imported before; ``match_name_phone`` takes a registry party
    with the same name and phone as the same person when the ledger gives
    no ID number (offered, never done unasked).
    """

    path: str
    sheet: str | None = None
    mapping: LedgerMapping = field(default_factory=LedgerMapping)
    organisation: str | None = None
    same_file_confirmed: bool = False
    match_name_phone: bool = False


@dataclass(frozen=True)
class EarlierImport:
    """A batch that imported the same file (same SHA-256) before."""

    batch_id: int
    file_name: str
    imported_by: str
    imported_at: datetime


@dataclass(frozen=True)
class PreviewRow:
    """A case as it will be stored (codes, not labels; the number it will get)."""

    row: int
    number: str
    number_on_import: bool
    received_at: datetime
    category: str
    source: str
    status: str
    applicants: str
    respondents: str
    amount: Decimal | None
    agreement_amount: Decimal | None
    closed_on: date | None


@dataclass(frozen=True)
class ImportCounts:
    """How many of each the import finds (preview) or wrote (import)."""

    rows: int = 0
    cases: int = 0
    parties_new: int = 0
    parties_found: int = 0
    name_phone_offers: int = 0
    name_phone_merged: int = 0
    numbers_assigned: int = 0
    agreements: int = 0


@dataclass(frozen=True)
class ImportPreview:
    """A dry run: what would be stored, and everything in the way, by row and column."""

    sheet: str
    counts: ImportCounts
    rows: tuple[PreviewRow, ...]
    problems: tuple[RowProblem, ...]
    problem_count: int
    warnings: tuple[RowProblem, ...]
    skipped: tuple[SkippedRow, ...]
    earlier: EarlierImport | None

    @property
    def ok(self) -> bool:
        """Nothing stands in the way (an earlier import of the file still needs confirming):
        no problem, and at least one case to import."""
        return self.problem_count == 0 and self.counts.cases > 0


@dataclass(frozen=True)
class ImportResult:
    """A finished import: its batch and what it wrote."""

    batch_id: int
    counts: ImportCounts
    warnings: tuple[RowProblem, ...]
    skipped: tuple[SkippedRow, ...]


NO_CASES = N_("台账中没有可导入的案件：表头下面没有案件行")
"""Why a ledger with a header and nothing under it (or only totals) imports nothing."""


class ImportRejected(DomainError):
    """Rows have problems: nothing was written.  ``problems`` lists them by row and column."""

    def __init__(self, problems: tuple[RowProblem, ...], count: int) -> None:
        first = str(problems[0]) if problems else ""
        super().__init__(_("台账有 {n} 处错误，没有导入任何案件。第一处：{first}").format(
            n=count, first=first))
        self.problems = problems
        self.count = count


class SameFileImported(DomainError):
    """This very file was imported before; the user must confirm a second import."""

    def __init__(self, earlier: EarlierImport) -> None:
        super().__init__(_("这个文件已于 {at} 由 {user} 导入（批次 {batch}）。确实要再导入一次，"
                           "请确认后重试").format(at=earlier.imported_at.strftime("%Y-%m-%d %H:%M"),
                                               user=earlier.imported_by, batch=earlier.batch_id))
        self.earlier = earlier


class ImportCancelled(DomainError):
    """The user pressed Cancel: nothing was written."""

    def __init__(self) -> None:
        super().__init__(_("已取消导入，没有写入任何数据"))
