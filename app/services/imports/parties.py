"""Who the parties of imported cases are: registry records, or new ones, never guessed.

A party with an ID number (or an organisation with a credit code) is the
registry's record of that number, found in batches of rows at a time; a
different name under the same ID number is an error, not a new person.
Without a number, a registry record with the same name and phone is only
*offered* (counted in the preview) and taken when the user said so.  The
same person appearing in many rows of one ledger becomes one new record.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.text import _
from app.services.imports.packed import ImportParty
from app.store.models import Party

LOOKUP_BATCH = 500


def _same_name(a: str, b: str) -> bool:
    def plain(text: str) -> str:
        return "".join(unicodedata.normalize("NFKC", text).split())
    return plain(a) == plain(b)


class PartyRef(NamedTuple):
    """A party an imported case links to; ``new``: met for the first time, to be written."""

    id: int
    new: bool
    input: ImportParty


@dataclass(frozen=True)
class _Known:
    id: int
    name: str


_Seen = tuple[int, str, int]
"""A party met earlier in the file: id, name, the row it was first met in (a tuple, not an
object: a ledger of 100,000 rows meets 200,000 parties)."""


def _key(p: ImportParty) -> str | None:
    if p.id_number:
        return "p|" + p.id_number
    if p.credit_code:
        return "o|" + p.credit_code
    return f"n|{p.name}|{p.phone}" if p.phone else None


class PartyResolver:
    """Finds or creates each party, remembering the ledger's people across rows."""

    def __init__(self, session: Session, match_name_phone: bool,
                 allocate: Callable[[], int], registry_empty: bool = False) -> None:
        self.session = session
        self.match_name_phone = match_name_phone
        self.registry_empty = registry_empty
        """The registry had no party when the import began (and none can be added meanwhile):
        only the ledger's own people can be met again, so nothing is looked up."""
        self.allocate = allocate
        self.in_file: dict[str, _Seen] = {}
        self.registry: dict[str, _Known] = {}
        self.found = self.offers = self.merged = 0

    def prefetch(self, parties: Iterable[ImportParty]) -> None:
        """Look up a chunk's numbers (and names with phones) in the registry, a few queries each.

        Names with phones are asked by phone, an indexed column, and matched by
        name here: SQLite reads a ``(name, phone) IN (...)`` list by scanning
        every party, once per chunk (60 ms a chunk at 170,000 parties).
        """
        self.registry = {}
        if self.registry_empty:
            return
        ids, codes, pairs = set(), set(), set()
        for p in parties:
            key = _key(p)
            if key is None or key in self.in_file:
                continue
            if p.id_number:
                ids.add(p.id_number)
            elif p.credit_code:
                codes.add(p.credit_code)
            elif p.phone:
                pairs.add((p.name, p.phone))
        self._lookup("p|", Party.id_number, sorted(ids))
        self._lookup("o|", Party.credit_code, sorted(codes))
        phones = sorted({phone for _name, phone in pairs})
        for start in range(0, len(phones), LOOKUP_BATCH):
            rows = self.session.execute(
                select(Party.id, Party.name, Party.phone)
                .where(Party.phone.in_(phones[start:start + LOOKUP_BATCH]),
                       Party.merged_into_id.is_(None))
                .order_by(Party.id.desc())).all()
            for row in rows:
                if (row.name, row.phone) in pairs:
                    self.registry[f"n|{row.name}|{row.phone}"] = _Known(row.id, row.name)

    def _lookup(self, prefix: str, column: object, wanted: list[str]) -> None:
        """Registry records by number; the oldest record wins where a number is in several."""
        for start in range(0, len(wanted), LOOKUP_BATCH):
            rows = self.session.execute(
                select(Party.id, Party.name, column)  # type: ignore[call-overload]
                .where(column.in_(wanted[start:start + LOOKUP_BATCH]),  # type: ignore[attr-defined]
                       Party.merged_into_id.is_(None))
                .order_by(Party.id.desc())).all()
            for row in rows:
                self.registry[prefix + row[2]] = _Known(row.id, row.name)

    def resolve(self, p: ImportParty, row: int) -> PartyRef | str:
        """The party for ``p`` in sheet row ``row``, or why the ledger contradicts itself."""
        key = _key(p)
        if key is None:
            return self._new(p)
        by_phone = key.startswith("n|")
        seen = self.in_file.get(key)
        if seen is not None:
            party_id, name, first_row = seen
            if by_phone:
                self.offers += 1
                if not self.match_name_phone:
                    return self._new(p)
                self.merged += 1
            elif key.startswith("p|") and not _same_name(name, p.name):
                return _("证件号码与第{row}行的“{name}”相同，姓名却是“{other}”").format(
                    row=first_row, name=name, other=p.name)
            return PartyRef(party_id, False, p)
        known = self.registry.get(key)
        if known is not None and by_phone:
            self.offers += 1
            if self.match_name_phone:
                self.merged += 1
            else:
                known = None
        if known is not None:
            if key.startswith("p|") and not _same_name(known.name, p.name):
                return _("证件号码在当事人名册中属于“{name}”，与姓名“{other}”不符").format(
                    name=known.name, other=p.name)
            self.found += 0 if by_phone else 1
            ref = PartyRef(known.id, False, p)
        else:
            ref = self._new(p)
        self.in_file[key] = (ref.id, p.name, row)
        return ref

    def _new(self, p: ImportParty) -> PartyRef:
        return PartyRef(self.allocate(), True, p)
