"""A checked ledger row as named tuples of plain values: what the checking process hands on.

The rules give a row as a LedgerRecord of frozen dataclasses (an intake
document and its parties).  Sending those between processes cost about
60 µs of CPU a row (pickling reduces each object in Python; building
frozen dataclasses again sets each field through ``object.__setattr__``),
more than numbering, finding parties and building the table rows together.
A row as two kinds of named tuple holds the same values, pickles in a few
µs, and is all the import needs: it never uses the dataclasses' methods.
The inline path packs too, so the import reads one shape whichever way a
ledger was checked.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from operator import attrgetter
from typing import NamedTuple

from app.domain.ledger_rows import LedgerRecord, Outcome, RowProblem, SkippedRow


class ImportParty(NamedTuple):
    """One party of a checked row, as the intake rules left it, with its name's search data."""

    role: str
    kind: str
    name: str
    id_number: str | None
    gender: str | None
    birth_date: date | None
    ethnicity: str | None
    phone: str | None
    address: str | None
    occupation: str | None
    credit_code: str | None
    legal_representative: str | None
    initials: str
    """The name's pinyin initials (``parties.name_initials``)."""
    terms: str
    """The name's search terms, sorted, space-separated."""


class ImportRow(NamedTuple):
    """One checked ledger row that can be saved: its intake and the history the ledger records."""

    row: int
    source: str
    received_at: datetime
    category: str
    facts: str
    claims: str | None
    amount: Decimal | None
    people_involved: int
    risk: str
    parties: tuple[ImportParty, ...]
    number: str | None
    status: str
    closed_on: date | None
    deadline: date | None
    agreement_amount: Decimal | None
    organisation: str | None
    mediator: str | None
    warnings: tuple[RowProblem, ...]
    case_terms: str


_party_values = attrgetter(*ImportParty._fields[:-2])
"""A PartyInput's values in ImportParty's order (one C call instead of twelve lookups)."""

Packed = ImportRow | SkippedRow | list[RowProblem] | None
"""What a row becomes, packed: a case to save, a row left out, its problems, or nothing."""


def pack(outcome: Outcome) -> Packed:
    """The outcome of one row in the shape the import reads (a record packed, the rest as is)."""
    if not isinstance(outcome, LedgerRecord):
        return outcome
    intake = outcome.intake
    parties = tuple(ImportParty._make((*_party_values(p), initials, terms))
                    for p, initials, terms in zip(intake.parties, outcome.initials,
                                                  outcome.terms, strict=True))
    return ImportRow(outcome.row, intake.source, intake.received_at, intake.category,
                     intake.facts, intake.claims, intake.amount, intake.people_involved,
                     intake.risk, parties, outcome.number, outcome.status, outcome.closed_on,
                     outcome.deadline, outcome.agreement_amount, outcome.organisation,
                     outcome.mediator, outcome.warnings, outcome.case_terms)
