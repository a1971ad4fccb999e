"""What a search index stores so that every query a clerk types finds the case.

Trigram indexes (FTS5 on SQLite, pg_trgm on PostgreSQL) find substrings of
three or more characters but nothing shorter, and Chinese names are often two
characters long.  So names are also indexed as explicit *terms*: every single
character, every pair of neighbouring characters, and the pinyin initials of
the name (张三 → "zs"; all readings of a polyphonic character, so 曾 gives
both "z" and "c").  A one- or two-character query, or a string of initials,
is then an exact term lookup, which both databases answer from an index.

pypinyin's dictionaries take about half a second to load, so they are loaded
when the first name is indexed, not when the program starts: searching with
initials only compares letters.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from enum import Enum

MAX_INITIAL_VARIANTS = 8
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_ASCII_LETTERS = re.compile(r"^[A-Za-z]+$")


class QueryKind(Enum):
    """Which index answers a query."""

    SUBSTRING = "substring"
    TERM = "term"


def initials_variants(name: str) -> list[str]:
    """Lower-case pinyin initials of ``name``, one per combination of readings."""
    from pypinyin import Style, pinyin

    letters: list[list[str]] = []
    for char in name:
        if char.isascii():
            if char.isalnum():
                letters.append([char.lower()])
            continue
        readings = pinyin(char, style=Style.FIRST_LETTER, heteronym=True, errors="ignore")
        options = sorted({r.lower() for r in readings[0]}) if readings else []
        options = [o for o in options if o.isalpha()]
        if options:
            letters.append(options)
    variants = ["".join(combo) for combo in itertools.islice(
        itertools.product(*letters), MAX_INITIAL_VARIANTS)] if letters else []
    return variants


def name_terms(name: str, initials: Iterable[str]) -> set[str]:
    """Terms for one name: its characters, neighbouring pairs, and initials substrings."""
    terms: set[str] = set()
    for word in _WORD.findall(name.lower()):
        terms.update(word)
        terms.update(word[i:i + 2] for i in range(len(word) - 1))
    for variant in initials:
        for size in (1, 2):
            terms.update(variant[i:i + size] for i in range(len(variant) - size + 1))
        terms.add(variant)
    return terms


def classify(query: str) -> QueryKind:
    """Short queries are term lookups; three characters or more are substring searches."""
    return QueryKind.TERM if len(query) <= 2 else QueryKind.SUBSTRING


def normalise_query(query: str) -> str:
    """Trim, fold case and drop characters an index cannot match (quotes, wildcards)."""
    cleaned = "".join(ch for ch in query.strip().lower()
                      if ch not in "\"'%_*\\" and ch.isprintable())
    return " ".join(cleaned.split())


def is_initials(query: str) -> bool:
    """True for a run of Latin letters, which may be pinyin initials."""
    return bool(_ASCII_LETTERS.match(query))


_NUMBER_RUN = re.compile(r"[\dx\-]*\d[\dx\-]*")
"""A run of characters an ID or phone number is made of (digits, the ID's X, a landline's dash)."""
_ID_NUMBER = re.compile(r"\d{17}[\dx]")
_BORDER = " ¦"
"""What stands next to a number in the search index (app/store/search.py's separator)."""


def whole_number(query: str) -> str | None:
    """The stored form of a query that is one complete ID or phone number, else None.

    For roles that see masked numbers such a query is compared with the
    stored numbers whole, never as a substring.
    """
    from app.domain.errors import ValidationError
    from app.domain.phone import parse_phone

    text = query.strip()
    if _ID_NUMBER.fullmatch(text.lower()):
        return text.upper()
    if not text or not text[0].isdigit() or not _NUMBER_RUN.fullmatch(text.lower()):
        return None
    try:
        return parse_phone(text)
    except ValidationError:
        return None


def probes_hidden_digits(query: str) -> bool:
    """True when a query could match part of an ID or phone number (masked roles may not).

    Lists show ``110105********002X`` to roles that may not see full numbers;
    searching for fragments such as ``19491231`` or ``1949`` would let such a
    user test the hidden digits one guess at a time.  The check runs on the
    query exactly as it is searched (:func:`normalise_query`, so quotes,
    wildcards and invisible characters cannot split a fragment).  A run of
    digits may be searched only where it cannot lie inside a number: next to
    a character that never stands beside a number in the index (``第12号``).
    One- and two-character queries are term lookups that never see numbers;
    a complete number is compared whole (:func:`whole_number`).
    """
    text = normalise_query(query)
    if classify(text) is QueryKind.TERM or whole_number(text) is not None:
        return False
    for run in _NUMBER_RUN.finditer(text):
        before = text[run.start() - 1] if run.start() > 0 else _BORDER[0]
        after = text[run.end()] if run.end() < len(text) else _BORDER[0]
        if before in _BORDER and after in _BORDER:
            return True
    return False
