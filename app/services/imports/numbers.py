"""Case numbers of imported cases: the ledger's own, checked, or new ones marked as such.

A ledger number must be unique (in the file and in the case base).  If it
is exactly what the organisation's pattern makes for a year and sequence,
it takes that place in the sequence and the counter moves past it; any
other form is kept as written and gets a place below zero, so hand
registration never collides with it.  A row without a number gets the next
number of its organisation and received year, after every number the file
itself uses (the file is read once ahead for them), flagged as assigned on
import.  The counters are written once, at the end, and locked from their
first read (PostgreSQL: row lock; SQLite: the write transaction's lock).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.case_number import DEFAULT_PATTERN, validate_pattern
from app.domain.ledger_numbers import sequence_of
from app.domain.text import _
from app.store.models import Case, CaseNumberCounter, Organisation

LOOKUP_BATCH = 500


class CaseNumber(NamedTuple):
    """The number an imported case is stored under, and its place in the sequence (a named
    tuple: one is made per imported case)."""

    number: str
    year: int
    seq: int
    on_import: bool


def _pattern(org: Organisation) -> str:
    return org.case_number_pattern or DEFAULT_PATTERN


class Numbering:
    """Hands out numbers for one import and keeps the counters it will move."""

    def __init__(self, session: Session, lock: bool, base_empty: bool = False) -> None:
        self.session = session
        self.lock = lock
        self.base_empty = base_empty
        """The case base had no case when the import began (and none can be added meanwhile):
        no number or place can be taken but by the file itself, so nothing is looked up."""
        self.in_file: dict[str, int] = {}
        self.file_max: dict[tuple[int, int], int] = {}
        self.counters: dict[tuple[int, int], tuple[int, int]] = {}
        self.below: dict[tuple[int, int], int] = {}
        self.patterns: dict[Organisation, tuple[int, str, str]] = {}

    def note(self, org: Organisation, number: str) -> None:
        """Read ahead: a ledger number in the office's own pattern reserves its place."""
        found = sequence_of(number, _pattern(org), org.short_name)
        if found is not None:
            key = (org.id, found[0])
            self.file_max[key] = max(self.file_max.get(key, 0), found[1])

    def _counter(self, org_id: int, year: int) -> int:
        key = (org_id, year)
        if key not in self.counters:
            query = select(CaseNumberCounter.last_seq).where(
                CaseNumberCounter.organisation_id == org_id, CaseNumberCounter.year == year)
            stored = self.session.scalar(query.with_for_update() if self.lock else query) or 0
            start = max(stored, self.file_max.get(key, 0))
            self.counters[key] = (stored, start)
        return self.counters[key][1]

    def assign(self, org: Organisation, number: str | None, year: int) -> CaseNumber:
        """The number of one case: the ledger's (placed in or below the sequence) or a new one."""
        if number is None:
            return self._next(org, year)
        found = sequence_of(number, _pattern(org), org.short_name)
        if found is not None:
            self._counter(org.id, found[0])
            return CaseNumber(number, found[0], found[1], False)
        key = (org.id, year)
        if key not in self.below:
            self.below[key] = min(0, self.session.scalar(
                select(func.min(Case.seq)).where(Case.organisation_id == org.id,
                                                 Case.year == year)) or 0)
        self.below[key] -= 1
        return CaseNumber(number, year, self.below[key], False)

    def _next(self, org: Organisation, year: int) -> CaseNumber:
        """The next number of ``org`` in ``year``: what ``format_case_number`` makes, the
        pattern checked once per import and the organisation's attributes read once (an
        import numbers every row it has no number for)."""
        found = self.patterns.get(org)
        if found is None:
            found = self.patterns[org] = (org.id, validate_pattern(_pattern(org)),
                                          org.short_name)
        org_id, pattern, short_name = found
        key = (org_id, year)
        current = self.counters.get(key)
        seq = (current[1] if current is not None else self._counter(org_id, year)) + 1
        self.counters[key] = (self.counters[key][0], seq)
        return CaseNumber(pattern.format(year=year, org=short_name, seq=seq), year, seq, True)

    def clashes(self, row: int, assigned: CaseNumber) -> str | None:
        """Why this number cannot be used (a repeat in the file); None if it is free so far.

        Only the ledger's own numbers can repeat: a new number lies past every
        number of the file in its sequence, and a ledger number in the office's
        pattern holds its place by its text.
        """
        if assigned.on_import:
            return None
        first = self.in_file.setdefault(assigned.number, row)
        if first != row:
            return _("案号“{number}”与第{row}行重复").format(number=assigned.number, row=first)
        return None

    def taken(self, numbers: Iterable[str], places: Sequence[tuple[int, int, int]]
              ) -> tuple[set[str], set[tuple[int, int, int]]]:
        """Which of these numbers, and places in a sequence, the case base already has."""
        if self.base_empty:
            return set(), set()
        wanted = sorted(set(numbers))
        found: set[str] = set()
        for start in range(0, len(wanted), LOOKUP_BATCH):
            found.update(self.session.scalars(
                select(Case.number).where(Case.number.in_(wanted[start:start + LOOKUP_BATCH]))))
        return found, self._used(places)

    def _used(self, places: Sequence[tuple[int, int, int]]) -> set[tuple[int, int, int]]:
        """The places taken, asked per organisation and year over the span of sequence
        numbers wanted (one small query where a chunk's numbers run on, as new ones do)."""
        spans: dict[tuple[int, int], list[int]] = {}
        for org_id, year, seq in places:
            span = spans.setdefault((org_id, year), [seq, seq])
            span[0], span[1] = min(span[0], seq), max(span[1], seq)
        wanted = set(places)
        used: set[tuple[int, int, int]] = set()
        for (org_id, year), (low, high) in spans.items():
            for seq in self.session.scalars(select(Case.seq).where(
                    Case.organisation_id == org_id, Case.year == year,
                    Case.seq.between(low, high))):
                if (org_id, year, int(seq)) in wanted:
                    used.add((org_id, year, int(seq)))
        return used

    def moved(self) -> dict[tuple[int, int], tuple[int, int]]:
        """(organisation, year) → (counter before, counter after) for every counter to move."""
        return {key: (before, after) for key, (before, after) in self.counters.items()
                if after > before}

    def save(self) -> None:
        """Move the counters past every number this import used (audited like any change)."""
        for (org_id, year), (_before, after) in self.moved().items():
            counter = self.session.execute(select(CaseNumberCounter).where(
                CaseNumberCounter.organisation_id == org_id, CaseNumberCounter.year == year)
            ).scalar_one_or_none()
            if counter is None:
                self.session.add(CaseNumberCounter(organisation_id=org_id, year=year,
                                                   last_seq=after))
            else:
                counter.last_seq = after
        self.session.flush()
